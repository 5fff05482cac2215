/**
 * API Gateway (REST `apigateway`, HTTP and WebSocket `apigatewayv2`): no
 * method or route open to anyone without a person's approval, TLS 1.2 on
 * custom domains, encrypted caches, no request bodies in logs, and access
 * logs, execution logs, tracing and client certificates where the author
 * must name what they need.
 */
import { defineRule, type ProviderKindRef, type Rule } from '../../engine/rule.js';
import { fieldRules } from '../kit/field.js';
import { describe, explicitParams } from '../params.js';

const v1 = (kind: string): ProviderKindRef => ({ cloud: 'aws', service: 'apigateway', kind });
const v2 = (kind: string): ProviderKindRef => ({ cloud: 'aws', service: 'apigatewayv2', kind });

const nonEmpty = { test: (v: unknown) => typeof v === 'string' && v !== '', words: 'a non-empty string' };

/** API Gateway's security policies that refuse TLS before 1.2: `TLS_1_2`, and the enhanced TLS 1.3 policies with a 1.2 or 1.3 minimum. */
const TLS12 = { test: (v: unknown) => typeof v === 'string' && (v === 'TLS_1_2' || /^SecurityPolicy_TLS13_1_[23]_/.test(v)), words: '`"TLS_1_2"` (or an enhanced `SecurityPolicy_TLS13_1_2_*` / `SecurityPolicy_TLS13_1_3_*` policy)' };

export const [apigatewayAccessLogs, apigatewayTracing, apigatewayCacheEncrypted, apigatewayDataTrace, apigatewayLoggingLevel, apigatewayDomainTls, apigatewayClientCertificate, apigatewayRequestValidation] = fieldRules([
  {
    id: 'aws-apigateway-access-logs',
    title: 'API Gateway stages keep access logs',
    severity: 'medium',
    defaultAction: 'Warn',
    on: [
      { kind: v1('Stage'), field: ['accessLogSettings', 'destinationArn'] },
      { kind: v2('Stage'), field: ['accessLogSettings', 'destinationArn'] },
    ],
    type: 'string',
    safe: nonEmpty,
    missing: 'the stage keeps no access logs (accessLogSettings.destinationArn), so who called the API cannot be investigated',
    unsafe: 'name the CloudWatch Logs log group (or Firehose stream) ARN that receives the access logs',
    why: 'A warning: the log group is the platform\'s to create and name.',
    references: { checkov: ['CKV_AWS_76'], trivy: ['AWS-0001'] },
  },
  {
    id: 'aws-apigateway-tracing',
    title: 'API Gateway REST stages are traced',
    severity: 'low',
    defaultAction: 'Warn',
    on: [{ kind: v1('Stage'), field: ['xrayTracingEnabled'] }],
    type: 'boolean',
    safe: true,
    inject: true,
    missing: 'X-Ray tracing was not turned on',
    unsafe: 'set it to true so a request can be followed through the API and what it calls',
    why: 'Warn by default: traces are billed per request recorded, so starting that spend is the platform\'s call; under `Mutate` it is injected.',
    references: { checkov: ['CKV_AWS_73'], trivy: ['AWS-0003'] },
  },
  {
    id: 'aws-apigateway-cache-encrypted',
    title: 'API Gateway caches are encrypted',
    severity: 'medium',
    defaultAction: 'Mutate',
    on: [{ kind: v1('MethodSettings'), field: ['settings', 'cacheDataEncrypted'] }],
    type: 'boolean',
    safe: true,
    inject: true,
    missing: 'cache encryption was not set',
    unsafe: 'set it to true (or remove it) so cached responses are encrypted at rest',
    why: 'A cached response holds whatever the backend returned, personal data included. Setting it where no cache is enabled is harmless.',
    references: { checkov: ['CKV_AWS_308'] },
  },
  {
    id: 'aws-apigateway-data-trace',
    title: 'API Gateway does not log request and response bodies',
    severity: 'medium',
    defaultAction: 'Deny',
    on: [{ kind: v1('MethodSettings'), field: ['settings', 'dataTraceEnabled'] }],
    type: 'boolean',
    safe: false,
    providerDefault: false,
    missing: 'data trace was not set',
    unsafe: 'set it to false (or remove it): full request and response logging writes bodies, tokens and personal data to CloudWatch Logs',
    why: 'AWS advises against data tracing for production APIs; execution logs at ERROR or INFO level keep what is needed without the bodies.',
    references: { checkov: ['CKV_AWS_276'] },
  },
  {
    id: 'aws-apigateway-logging-level',
    title: 'API Gateway methods log errors at least',
    severity: 'low',
    defaultAction: 'Warn',
    on: [{ kind: v1('MethodSettings'), field: ['settings', 'loggingLevel'] }],
    type: 'string',
    safe: { test: (v) => v === 'ERROR' || v === 'INFO', words: '`"ERROR"` or `"INFO"`' },
    missing: 'no execution logging level was set, so API Gateway writes no execution logs',
    unsafe: 'set it to ERROR (or INFO)',
    why: 'A warning, not an injection: execution logging needs the account\'s API Gateway CloudWatch role (apigateway Account cloudwatchRoleArn), without which the API refuses the setting.',
    references: { checkov: ['CKV2_AWS_4'] },
  },
  {
    id: 'aws-apigateway-domain-tls',
    title: 'API Gateway custom domains require TLS 1.2',
    severity: 'high',
    defaultAction: 'Mutate',
    on: [
      { kind: v1('DomainName'), field: ['securityPolicy'] },
      { kind: v2('DomainName'), field: ['domainNameConfiguration', 'securityPolicy'] },
    ],
    type: 'string',
    safe: TLS12,
    inject: 'TLS_1_2',
    missing: 'no security policy was set, and the REST API default (TLS_1_0) accepts TLS 1.0 and 1.1',
    unsafe: 'set it to TLS_1_2 so clients cannot negotiate TLS 1.0 or 1.1',
    why: 'TLS 1.0 and 1.1 have known attacks and are refused by PCI DSS.',
    references: { checkov: ['CKV_AWS_206'], trivy: ['AWS-0005'] },
  },
  {
    id: 'aws-apigateway-client-certificate',
    title: 'API Gateway stages prove themselves to backends',
    severity: 'low',
    defaultAction: 'Warn',
    on: [
      { kind: v1('Stage'), field: ['clientCertificateId'] },
      { kind: v2('Stage'), field: ['clientCertificateId'] },
    ],
    type: 'string',
    safe: nonEmpty,
    missing: 'the stage presents no client certificate, so its HTTP backends cannot tell API Gateway\'s calls from anyone else\'s',
    unsafe: 'name an apigateway ClientCertificate and have the backend require it',
    why: 'A warning: the certificate, and a backend that checks it, are the author\'s to set up.',
    references: { checkov: ['CKV2_AWS_51'] },
  },
  {
    id: 'aws-apigateway-request-validation',
    title: 'API Gateway methods validate requests',
    severity: 'low',
    defaultAction: 'Warn',
    on: [{ kind: v1('Method'), field: ['requestValidatorId'] }],
    type: 'string',
    safe: nonEmpty,
    missing: 'the method validates no request (requestValidatorId), so malformed parameters and bodies reach the backend',
    unsafe: 'name a RequestValidator that checks the request parameters and body',
    why: 'A warning: what a valid request is depends on the API\'s models.',
    references: { checkov: ['CKV2_AWS_53'] },
  },
]) as [Rule, Rule, Rule, Rule, Rule, Rule, Rule, Rule];

const OPEN =
  'anyone on the network path to the API can call it without credentials; approve only if it is meant to be public, otherwise require AWS_IAM, a Cognito or Lambda authorizer (or, for a REST method, an API key)';

export const apigatewayUnauthenticated = defineRule({
  id: 'aws-apigateway-unauthenticated',
  title: 'An API method open to anyone needs approval',
  severity: 'high',
  defaultAction: 'RequireApproval',
  description:
    'Holds for approval a REST API `Method` whose `authorization` is `NONE` without `apiKeyRequired: true`, and an HTTP or WebSocket API `Route` whose `authorizationType` is `NONE` or absent (the default): the backend is then callable by anyone who can reach the API. CORS preflight (`httpMethod: OPTIONS`, a route key starting `OPTIONS `) passes: browsers send it without credentials. Held rather than refused, since some APIs are public on purpose; a person confirms that.',
  references: { checkov: ['CKV_AWS_59', 'CKV2_AWS_70', 'CKV_AWS_309'], trivy: ['AWS-0004'] },
  kinds: [v1('Method'), v2('Route')],
  check(ctx) {
    if (ctx.type.kind === 'Method') {
      if (explicitParams(ctx.resource, ['httpMethod']).some((e) => e.value === 'OPTIONS')) return;
      const auth = explicitParams(ctx.resource, ['authorization']);
      for (const a of auth) if (typeof a.value !== 'string') ctx.unsafe(a.path, `${a.path} must be a string, got ${describe(a.value)}`);
      const none = auth.find((a) => a.value === 'NONE');
      if (none === undefined || explicitParams(ctx.resource, ['apiKeyRequired']).some((e) => e.value === true)) return;
      ctx.unsafe(none.path, `${none.path} is "NONE" and no API key is required: ${OPEN}`);
      return;
    }
    if (explicitParams(ctx.resource, ['routeKey']).some((e) => typeof e.value === 'string' && e.value.startsWith('OPTIONS '))) return;
    const auth = explicitParams(ctx.resource, ['authorizationType']);
    for (const a of auth) if (typeof a.value !== 'string') ctx.unsafe(a.path, `${a.path} must be a string, got ${describe(a.value)}`);
    const none = auth.find((a) => a.value === 'NONE');
    if (none !== undefined) ctx.unsafe(none.path, `${none.path} is "NONE": ${OPEN}`);
    else if (auth.length === 0) ctx.unsafe('spec.forProvider.authorizationType', `spec.forProvider.authorizationType is not set, so the route takes NONE: ${OPEN}`);
  },
}) satisfies Rule;

/** The API Gateway rules in evaluation order. */
export const API_GATEWAY_RULES = [
  apigatewayUnauthenticated,
  apigatewayDomainTls,
  apigatewayCacheEncrypted,
  apigatewayDataTrace,
  apigatewayAccessLogs,
  apigatewayLoggingLevel,
  apigatewayTracing,
  apigatewayClientCertificate,
  apigatewayRequestValidation,
] as const satisfies readonly Rule[];
