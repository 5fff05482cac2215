import { describe, it } from 'vitest';
import { awsResource, booleanGuard, finding, guardCases, runCase, SAME, served, withInit, type Case, type Served } from '../../../test/builders/aws-data.js';
import { nameGuard, requiredCases } from '../../../test/builders/aws-rows.js';
import { defaultCases } from '../../../test/builders/gcp-data.js';
import type { KubeObject } from '../../engine/types.js';
import {
  apigatewayAccessLogs,
  apigatewayCacheEncrypted,
  apigatewayClientCertificate,
  apigatewayDataTrace,
  apigatewayDomainTls,
  apigatewayLoggingLevel,
  apigatewayRequestValidation,
  apigatewayTracing,
  apigatewayUnauthenticated,
} from './api-gateway.js';

/** Kinds with a v1beta2 (Stage, MethodSettings, DomainName of both APIs): three shapes; Method and Route: v1beta1 only, both groups. */
const SHAPES: readonly Served[] = [served('cluster', 'v1beta1'), served('cluster', 'v1beta2'), served('namespaced', 'v1beta1')];
const V1: readonly Served[] = [served('cluster', 'v1beta1'), served('namespaced', 'v1beta1')];
type Params = Record<string, unknown>;

const build = (service: string, kind: string, base: Params) => (s: Served = SHAPES[1]!, fp: Params = {}): KubeObject => awsResource(service, kind, s, { ...base, ...fp });
const stage = build('apigateway', 'Stage', { restApiId: 'api', deploymentId: 'd', stageName: 'prod' });
const stageV2 = build('apigatewayv2', 'Stage', { apiId: 'api', name: 'prod' });
const settings = build('apigateway', 'MethodSettings', { restApiId: 'api', stageName: 'prod', methodPath: '*/*' });
const domain = build('apigateway', 'DomainName', { domainName: 'api.example.com' });
const domainV2 = build('apigatewayv2', 'DomainName', { domainName: 'api.example.com' });
const method = build('apigateway', 'Method', { restApiId: 'api', resourceId: 'r', httpMethod: 'GET' });
const route = build('apigatewayv2', 'Route', { apiId: 'api', routeKey: 'GET /items' });

const guards: Case[] = [
  ...(
    [
      ['Stage', stage],
      ['apigatewayv2 Stage', stageV2],
    ] as const
  ).flatMap(([, b]) => [
    ...requiredCases({
      rule: apigatewayAccessLogs,
      field: ['accessLogSettings', 'destinationArn'],
      shapes: SHAPES,
      build: b,
      ...nameGuard('arn:aws:logs:eu-west-1:111122223333:log-group:api'),
      missing: 'the stage keeps no access logs (accessLogSettings.destinationArn), so who called the API cannot be investigated',
      advice: 'name the CloudWatch Logs log group (or Firehose stream) ARN that receives the access logs',
    }),
    ...requiredCases({
      rule: apigatewayClientCertificate,
      field: ['clientCertificateId'],
      shapes: SHAPES,
      build: b,
      ...nameGuard('cert-1'),
      missing: "the stage presents no client certificate, so its HTTP backends cannot tell API Gateway's calls from anyone else's",
      advice: 'name an apigateway ClientCertificate and have the backend require it',
    }),
  ]),
  ...guardCases({
    rule: apigatewayTracing,
    field: ['xrayTracingEnabled'],
    shapes: SHAPES,
    build: stage,
    ...booleanGuard(true),
    missing: 'X-Ray tracing was not turned on',
    advice: 'set it to true so a request can be followed through the API and what it calls',
  }),
  ...guardCases({
    rule: apigatewayCacheEncrypted,
    field: ['settings', 'cacheDataEncrypted'],
    shapes: SHAPES,
    build: settings,
    ...booleanGuard(true),
    missing: 'cache encryption was not set',
    advice: 'set it to true (or remove it) so cached responses are encrypted at rest',
  }),
  ...defaultCases({
    rule: apigatewayDataTrace,
    field: ['settings', 'dataTraceEnabled'],
    shapes: SHAPES,
    build: settings,
    ...booleanGuard(false),
    advice: 'set it to false (or remove it): full request and response logging writes bodies, tokens and personal data to CloudWatch Logs',
  }),
  ...requiredCases({
    rule: apigatewayLoggingLevel,
    field: ['settings', 'loggingLevel'],
    shapes: SHAPES,
    build: settings,
    safe: 'ERROR',
    unsafe: 'OFF',
    unsafeText: '"OFF"',
    malformed: true,
    malformedText: 'boolean true',
    type: 'a string',
    missing: 'no execution logging level was set, so API Gateway writes no execution logs',
    advice: 'set it to ERROR (or INFO)',
  }),
  ...(
    [
      [domain, ['securityPolicy']],
      [domainV2, ['domainNameConfiguration', 'securityPolicy']],
    ] as const
  ).flatMap(([b, field]) =>
    guardCases({
      rule: apigatewayDomainTls,
      field,
      shapes: SHAPES,
      build: b,
      safe: 'TLS_1_2',
      unsafe: 'TLS_1_0',
      unsafeText: '"TLS_1_0"',
      malformed: 1.2,
      malformedText: 'number 1.2',
      type: 'a string',
      missing: 'no security policy was set, and the REST API default (TLS_1_0) accepts TLS 1.0 and 1.1',
      advice: 'set it to TLS_1_2 so clients cannot negotiate TLS 1.0 or 1.1',
    }),
  ),
  ...requiredCases({
    rule: apigatewayRequestValidation,
    field: ['requestValidatorId'],
    shapes: V1,
    build: method,
    ...nameGuard('validator-1'),
    missing: 'the method validates no request (requestValidatorId), so malformed parameters and bodies reach the backend',
    advice: 'name a RequestValidator that checks the request parameters and body',
  }),
];

const OPEN =
  'anyone on the network path to the API can call it without credentials; approve only if it is meant to be public, otherwise require AWS_IAM, a Cognito or Lambda authorizer (or, for a REST method, an API key)';
const held = (path: string, message: string): Case['want'] => ({ desired: SAME, mutations: [], findings: [finding(apigatewayUnauthenticated, 'RequireApproval', path, message)] });
const passes: Case['want'] = { desired: SAME, mutations: [], findings: [] };

const auth: Case[] = V1.flatMap((s): Case[] => [
  { name: `method (${s.label}): an agent opens a method with authorization NONE: held`, reason: 'anyone can call the backend', resource: method(s, { authorization: 'NONE' }), rules: [apigatewayUnauthenticated], want: held('spec.forProvider.authorization', `spec.forProvider.authorization is "NONE" and no API key is required: ${OPEN}`) },
  { name: `method (${s.label}): NONE with an API key required passes`, reason: 'an API key identifies the caller (CKV_AWS_59 accepts it)', resource: method(s, { authorization: 'NONE', apiKeyRequired: true }), rules: [apigatewayUnauthenticated], want: passes },
  { name: `method (${s.label}): AWS_IAM passes`, reason: 'signed requests only', resource: method(s, { authorization: 'AWS_IAM' }), rules: [apigatewayUnauthenticated], want: passes },
  { name: `method (${s.label}): CORS preflight passes`, reason: 'browsers send OPTIONS without credentials', resource: method(s, { httpMethod: 'OPTIONS', authorization: 'NONE' }), rules: [apigatewayUnauthenticated], want: passes },
  {
    name: `method (${s.label}): an agent hides NONE in initProvider: held`,
    reason: 'initProvider is applied at creation',
    resource: withInit(method(s), { authorization: 'NONE' }),
    rules: [apigatewayUnauthenticated],
    want: held('spec.initProvider.authorization', `spec.initProvider.authorization is "NONE" and no API key is required: ${OPEN}`),
  },
  { name: `route (${s.label}): an agent leaves the authorization type out: held`, reason: 'a route takes NONE by default', resource: route(s), rules: [apigatewayUnauthenticated], want: held('spec.forProvider.authorizationType', `spec.forProvider.authorizationType is not set, so the route takes NONE: ${OPEN}`) },
  { name: `route (${s.label}): NONE: held`, reason: 'anyone can call it', resource: route(s, { authorizationType: 'NONE' }), rules: [apigatewayUnauthenticated], want: held('spec.forProvider.authorizationType', `spec.forProvider.authorizationType is "NONE": ${OPEN}`) },
  { name: `route (${s.label}): JWT passes`, reason: 'an authorizer checks the caller', resource: route(s, { authorizationType: 'JWT', authorizerId: 'a' }), rules: [apigatewayUnauthenticated], want: passes },
  {
    name: `route (${s.label}): an agent sets JWT in initProvider but NONE in forProvider: held`,
    reason: 'forProvider is what the provider applies; any NONE is held',
    resource: withInit(route(s, { authorizationType: 'NONE' }), { authorizationType: 'JWT' }),
    rules: [apigatewayUnauthenticated],
    want: held('spec.forProvider.authorizationType', `spec.forProvider.authorizationType is "NONE": ${OPEN}`),
  },
  { name: `route (${s.label}): CORS preflight passes`, reason: 'browsers send OPTIONS without credentials', resource: route(s, { routeKey: 'OPTIONS /items' }), rules: [apigatewayUnauthenticated], want: passes },
]);

const policies: Case[] = ['SecurityPolicy_TLS13_1_3_2025_09', 'SecurityPolicy_TLS13_1_2_2021_06'].map((p) => ({
  name: `domain TLS: the enhanced policy ${p} passes`,
  reason: 'its minimum is TLS 1.2 or 1.3',
  resource: domain(SHAPES[1], { securityPolicy: p }),
  rules: [apigatewayDomainTls],
  want: passes,
}));

describe('API Gateway rows', () => {
  it.each(guards)('$name', (c) => runCase(c));
});
describe('API Gateway methods and routes open to anyone', () => {
  it.each([...auth, ...policies])('$name', (c) => runCase(c));
});
