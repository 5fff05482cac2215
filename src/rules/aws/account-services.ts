/**
 * Settings of account-level services an agent can weaken one field at a
 * time: KMS keys disabled, Cognito identity pools open to guests, SES
 * sending without TLS, ACM certificates kept out of certificate
 * transparency logs or issued for wildcards, and SSM documents shared with
 * every account or secrets stored as plain parameters.
 *
 * Field names are provider-upjet-aws's (kms Key and ssm Document in
 * zz_schemas.ts; the Terraform arguments allow_unauthenticated_identities,
 * delivery_options.tls_policy, options.certificate_transparency_logging_preference
 * and domain_name / subject_alternative_names as Upjet names them).
 */
import { defineRule, type ProviderKindRef, type Rule } from '../../engine/rule.js';
import { fieldRules } from '../kit/field.js';
import { describe, explicitParams } from '../params.js';

const aws = (service: string, kind: string): ProviderKindRef => ({ cloud: 'aws', service, kind });

export const [kmsKeyEnabled, cognitoGuestAccess, sesTls, acmTransparency] = fieldRules([
  {
    id: 'aws-kms-key-enabled',
    title: 'KMS keys stay enabled',
    severity: 'high',
    defaultAction: 'Deny',
    on: [{ kind: aws('kms', 'Key'), field: ['isEnabled'] }],
    type: 'boolean',
    safe: true,
    providerDefault: true,
    missing: 'the key was not set to be enabled',
    unsafe: 'set it to true (or remove it): a disabled key makes everything it encrypts unreadable',
    why: 'Disabling a key is how an agent, or an attacker with its permissions, makes the data encrypted with it unreadable without deleting anything.',
    references: { checkov: ['CKV_AWS_227'] },
  },
  {
    id: 'aws-cognito-guest-access',
    title: 'Cognito identity pools do not give guests AWS credentials',
    severity: 'high',
    defaultAction: 'RequireApproval',
    on: [{ kind: aws('cognitoidentity', 'Pool'), field: ['allowUnauthenticatedIdentities'] }],
    type: 'boolean',
    safe: false,
    providerDefault: false,
    missing: 'unauthenticated identities were not turned off',
    unsafe: 'set it to false (or remove it), or have a human approve guest access and review what the unauthenticated role may do',
    why: '`true` hands AWS credentials of the pool\'s unauthenticated role to anyone on the internet who asks. Held rather than refused: a few public apps need guest access, with a role that can do almost nothing.',
    references: { checkov: ['CKV_AWS_366'] },
  },
  {
    id: 'aws-ses-tls',
    title: 'SES configuration sets require TLS',
    severity: 'medium',
    defaultAction: 'Mutate',
    on: [{ kind: aws('ses', 'ConfigurationSet'), field: ['deliveryOptions', 'tlsPolicy'] }],
    type: 'string',
    safe: 'Require',
    inject: 'Require',
    missing: 'TLS was not required: SES sends in clear text to servers that do not offer it',
    unsafe: 'set it to "Require" (or remove it) so mail is never sent in clear text',
    why: 'With `Optional`, the default, mail to a server that does not offer TLS travels unencrypted.',
    references: { checkov: ['CKV_AWS_365'] },
  },
  {
    id: 'aws-acm-transparency-logging',
    title: 'ACM certificates are logged for certificate transparency',
    severity: 'low',
    defaultAction: 'RequireApproval',
    on: [{ kind: aws('acm', 'Certificate'), field: ['options', 'certificateTransparencyLoggingPreference'] }],
    type: 'string',
    safe: 'ENABLED',
    providerDefault: 'ENABLED',
    missing: 'certificate transparency logging was not set',
    unsafe: 'set it to "ENABLED" (or remove it) so a certificate issued for the domain can be seen, or have a human approve keeping it out of the logs',
    why: 'Transparency logs are how a domain owner notices a certificate issued by mistake; browsers distrust certificates missing from them. Held rather than refused: keeping internal host names out of public logs can be a reason.',
    references: { checkov: ['CKV_AWS_234'] },
  },
]) as [Rule, Rule, Rule, Rule];

export const acmWildcard = defineRule({
  id: 'aws-acm-wildcard',
  title: 'ACM certificates are not issued for wildcard names',
  severity: 'low',
  defaultAction: 'Warn',
  description:
    'Reports an ACM Certificate whose `domainName` or any of its `subjectAlternativeNames` starts with `*.`: one leaked private key then impersonates every host of the domain, the ones not yet created included. A name that is not a string is reported as malformed.',
  references: { checkov: ['CKV2_AWS_71'] },
  kinds: [aws('acm', 'Certificate')],
  check(ctx) {
    const names = [...explicitParams(ctx.resource, ['domainName']).map((e) => ({ ...e, list: false })), ...explicitParams(ctx.resource, ['subjectAlternativeNames']).map((e) => ({ ...e, list: true }))];
    for (const { path, value, list } of names) {
      const values = list && Array.isArray(value) ? value.map((v, i) => ({ v, at: `${path}[${String(i)}]` })) : [{ v: value, at: path }];
      for (const { v, at } of values) {
        if (typeof v !== 'string') ctx.unsafe(at, `${at} must be ${list && !Array.isArray(value) ? 'a list of strings' : 'a string'}, got ${describe(v)}`);
        else if (v.trim().startsWith('*')) ctx.unsafe(at, `${at} is ${describe(v, true)}, a wildcard: one leaked key impersonates every host of the domain; name each host`);
      }
    }
  },
}) satisfies Rule;

/** `all` among the comma-separated account IDs of a document share. */
const sharesWithAll = (ids: string) => ids.split(',').some((id) => id.trim().toLowerCase() === 'all');

export const ssmDocumentPublic = defineRule({
  id: 'aws-ssm-document-public',
  title: 'SSM documents are not shared with every AWS account',
  severity: 'high',
  defaultAction: 'Deny',
  description:
    "Refuses an SSM Document whose `permissions` map shares it with `All` (its `account_ids`, or `accountIds`, lists `All` among comma-separated account IDs, in any case): every AWS account could then read the document, and the commands, scripts, parameters and secrets in it. A `permissions` value that is not a map of strings is refused as malformed.",
  references: { checkov: ['CKV_AWS_303'] },
  kinds: [aws('ssm', 'Document')],
  check(ctx) {
    for (const { path, value } of explicitParams(ctx.resource, ['permissions'])) {
      if (value === null || typeof value !== 'object' || Array.isArray(value)) {
        ctx.unsafe(path, `${path} must be a map, got ${describe(value)}`);
        continue;
      }
      for (const key of ['account_ids', 'accountIds']) {
        const ids = (value as Record<string, unknown>)[key];
        if (ids === undefined || ids === null) continue;
        if (typeof ids !== 'string') ctx.unsafe(`${path}.${key}`, `${path}.${key} must be a string, got ${describe(ids)}`);
        else if (sharesWithAll(ids)) ctx.unsafe(`${path}.${key}`, `${path}.${key} is ${describe(ids, true)}, which shares the document with every AWS account; name the accounts that need it`);
      }
    }
  },
}) satisfies Rule;

export const ssmParameterSecure = defineRule({
  id: 'aws-ssm-parameter-secure',
  title: 'Secrets in SSM are SecureString parameters',
  severity: 'high',
  defaultAction: 'Deny',
  description:
    "Refuses an SSM Parameter whose `type` is `String` or `StringList` while its value comes from a Kubernetes Secret (`valueSecretRef` or `valueWoSecretRef`): the value is a secret, and a plain parameter is stored unencrypted and readable by anyone who may call ssm:GetParameter, without kms:Decrypt. A `type` that is not a string is refused as malformed. Values written inline (`insecureValue`) are not secrets by the provider's own naming and pass.",
  references: { checkov: ['CKV2_AWS_34'] },
  kinds: [aws('ssm', 'Parameter')],
  check(ctx) {
    const fromSecret = ['valueSecretRef', 'valueWoSecretRef'].some((f) => explicitParams(ctx.resource, [f]).length > 0);
    for (const { path, value } of explicitParams(ctx.resource, ['type'])) {
      if (typeof value !== 'string') ctx.unsafe(path, `${path} must be a string, got ${describe(value)}`);
      else if (fromSecret && value !== 'SecureString') ctx.unsafe(path, `${path} is ${describe(value, true)} but the value comes from a Kubernetes Secret; set it to "SecureString" so the value is encrypted with KMS`);
    }
  },
}) satisfies Rule;

/** The account service rules, in evaluation order. */
export const ACCOUNT_SERVICE_RULES = [kmsKeyEnabled, cognitoGuestAccess, sesTls, acmTransparency, acmWildcard, ssmDocumentPublic, ssmParameterSecure] as const satisfies readonly Rule[];
