import { describe, it } from 'vitest';
import { stringGuard } from '../../../test/builders/azure-data.js';
import { defaultCases } from '../../../test/builders/gcp-data.js';
import { awsResource, booleanGuard, finding, guardCases, runCase, runFindingsCase, served, type FindingsCase, type Served } from '../../../test/builders/aws-data.js';
import type { Rule } from '../../engine/rule.js';
import { acmTransparency, acmWildcard, cognitoGuestAccess, kmsKeyEnabled, sesTls, ssmDocumentPublic, ssmParameterSecure } from './account-services.js';

const V1: readonly Served[] = [served('cluster', 'v1beta1'), served('namespaced', 'v1beta1')];
const V1V2: readonly Served[] = [served('cluster', 'v1beta1'), served('cluster', 'v1beta2'), served('namespaced', 'v1beta1')];

const defaults = [
  ...defaultCases({
    rule: kmsKeyEnabled,
    field: ['isEnabled'],
    shapes: V1,
    build: (s, fp = {}) => awsResource('kms', 'Key', s, { enableKeyRotation: true, ...fp }),
    ...booleanGuard(true),
    advice: 'set it to true (or remove it): a disabled key makes everything it encrypts unreadable',
  }),
  ...defaultCases({
    rule: cognitoGuestAccess,
    field: ['allowUnauthenticatedIdentities'],
    shapes: V1,
    build: (s, fp = {}) => awsResource('cognitoidentity', 'Pool', s, { identityPoolName: 'app', ...fp }),
    ...booleanGuard(false),
    advice: 'set it to false (or remove it), or have a human approve guest access and review what the unauthenticated role may do',
  }),
  ...defaultCases({
    rule: acmTransparency,
    field: ['options', 'certificateTransparencyLoggingPreference'],
    shapes: V1V2,
    build: (s, fp = {}) => awsResource('acm', 'Certificate', s, { domainName: 'app.example.com', validationMethod: 'DNS', ...fp }),
    ...stringGuard('ENABLED', 'DISABLED'),
    advice: 'set it to "ENABLED" (or remove it) so a certificate issued for the domain can be seen, or have a human approve keeping it out of the logs',
  }),
];

const guards = guardCases({
  rule: sesTls,
  field: ['deliveryOptions', 'tlsPolicy'],
  shapes: V1,
  build: (s, fp = {}) => awsResource('ses', 'ConfigurationSet', s, fp),
  ...stringGuard('Require', 'Optional'),
  missing: 'TLS was not required: SES sends in clear text to servers that do not offer it',
  advice: 'set it to "Require" (or remove it) so mail is never sent in clear text',
});

interface RuleCase extends FindingsCase {
  rule: Rule;
}

const cases: RuleCase[] = V1.flatMap((s): RuleCase[] => {
  const cert = (fp: Record<string, unknown>) => awsResource('acm', 'Certificate', s, { validationMethod: 'DNS', ...fp });
  const doc = (permissions: unknown) => awsResource('ssm', 'Document', s, { documentType: 'Command', content: '{}', permissions });
  const param = (fp: Record<string, unknown>) => awsResource('ssm', 'Parameter', s, fp);
  const SECRET = { valueSecretRef: { name: 'db', namespace: 'app', key: 'password' } };
  const r = (rule: Rule, name: string, reason: string, resource: FindingsCase['resource'], want: FindingsCase['want']): RuleCase => ({ rule, name: `${rule.id} on ${s.label}: ${name}`, reason, resource, want });
  return [
    r(acmWildcard, 'one host passes', 'not a wildcard', cert({ domainName: 'app.example.com', subjectAlternativeNames: ['api.example.com'] }), []),
    r(acmWildcard, 'an agent asks for *.example.com: a warning', 'a wildcard certificate', cert({ domainName: '*.example.com' }), [
      finding(acmWildcard, 'Warn', 'spec.forProvider.domainName', 'spec.forProvider.domainName is "*.example.com", a wildcard: one leaked key impersonates every host of the domain; name each host'),
    ]),
    r(acmWildcard, 'a wildcard among the alternative names: a warning', 'every name is read', cert({ domainName: 'example.com', subjectAlternativeNames: ['www.example.com', '*.example.com'] }), [
      finding(acmWildcard, 'Warn', 'spec.forProvider.subjectAlternativeNames[1]', 'spec.forProvider.subjectAlternativeNames[1] is "*.example.com", a wildcard: one leaked key impersonates every host of the domain; name each host'),
    ]),
    r(ssmDocumentPublic, 'shared with one account passes', 'a named account', doc({ type: 'Share', account_ids: '111122223333' }), []),
    r(ssmDocumentPublic, 'an agent shares a document with All: refused', 'public', doc({ type: 'Share', account_ids: '111122223333, all' }), [
      finding(ssmDocumentPublic, 'Deny', 'spec.forProvider.permissions.account_ids', 'spec.forProvider.permissions.account_ids is "111122223333, all", which shares the document with every AWS account; name the accounts that need it'),
    ]),
    r(ssmDocumentPublic, 'permissions a list: malformed', 'fail closed', doc(['All']), [finding(ssmDocumentPublic, 'Deny', 'spec.forProvider.permissions', 'spec.forProvider.permissions must be a map, got an array')]),
    r(ssmParameterSecure, 'a SecureString from a Secret passes', 'encrypted', param({ type: 'SecureString', ...SECRET }), []),
    r(ssmParameterSecure, 'a plain String written inline passes', 'not a secret', param({ type: 'String', insecureValue: 'eu-west-1' }), []),
    r(ssmParameterSecure, 'an agent stores a Kubernetes Secret as a String parameter: refused', 'a secret stored unencrypted', param({ type: 'String', ...SECRET }), [
      finding(ssmParameterSecure, 'Deny', 'spec.forProvider.type', 'spec.forProvider.type is "String" but the value comes from a Kubernetes Secret; set it to "SecureString" so the value is encrypted with KMS'),
    ]),
  ];
});

describe('account services', () => {
  it.each([...defaults, ...guards])('$name', (c) => runCase(c));
  it.each(cases)('$name', (c) => runFindingsCase(c, [c.rule]));
});
