/**
 * Every policy document an agent can write into an AWS managed resource,
 * in one table: which field of which kind holds one, which document it is
 * (identity, trust or resource policy) and what a message calls it. The
 * policy rules read documents only through `policyDocuments`, which parses
 * each one once per request (`readPolicy` remembers it) and reports a
 * document it cannot read as a problem, never as an empty policy.
 *
 * Field names are provider-upjet-aws's (package/crds), the same in the
 * cluster-scoped `*.aws.upbound.io` and namespaced `*.aws.m.upbound.io`
 * groups; every field here is a JSON string in every served version.
 */
import { formatFieldPath, isObject } from '../../lang/fieldpath.js';
import type { ProviderKindRef, RuleContext } from '../../engine/rule.js';
import type { KubeObject } from '../../engine/types.js';
import { describe, explicitParams } from '../params.js';
import { list, readPolicy, type DocumentKind, type PolicyDocument } from './policy.js';

/** A field that holds a policy document. */
export interface PolicyField {
  service: string;
  kind: string;
  /** The field under forProvider, through single nested blocks (`details.policy`). */
  field: readonly string[];
  document: DocumentKind;
  /** What a message calls it: `IAM policy`, `trust policy`, `queue policy`. */
  name: string;
  /** A list of `{name, policy}` (a Role's `inlinePolicy`), each `policy` a document. */
  inline?: true;
}

const field = (service: string, kind: string, path: string, document: DocumentKind, name: string): PolicyField => ({
  service,
  kind,
  field: path.split('.'),
  document,
  name,
});

/**
 * The table. IAM UserPolicy and GroupPolicy have no kind in
 * provider-upjet-aws today; they are listed so that a future one is read
 * from the day it exists. OpenSearch `Domain` has no access-policy field
 * (only the older Elasticsearch `Domain` does); Secrets Manager `Secret`
 * has none either (only `SecretPolicy`).
 */
export const POLICY_FIELDS: readonly PolicyField[] = [
  // Identity policies: what a principal may do.
  field('iam', 'Policy', 'policy', 'identity', 'IAM policy'),
  field('iam', 'RolePolicy', 'policy', 'identity', 'IAM policy'),
  field('iam', 'UserPolicy', 'policy', 'identity', 'IAM policy'),
  field('iam', 'GroupPolicy', 'policy', 'identity', 'IAM policy'),
  field('iam', 'Role', 'assumeRolePolicy', 'trust', 'trust policy'),
  { ...field('iam', 'Role', 'inlinePolicy', 'identity', 'IAM policy'), inline: true },
  field('ssoadmin', 'PermissionSetInlinePolicy', 'inlinePolicy', 'identity', 'permission set policy'),
  // Resource policies: who may use the resource.
  field('s3', 'BucketPolicy', 'policy', 'resource', 'bucket policy'),
  field('s3control', 'AccessPointPolicy', 'policy', 'resource', 'access point policy'),
  field('s3control', 'AccessPoint', 'policy', 'resource', 'access point policy'),
  field('s3control', 'ObjectLambdaAccessPointPolicy', 'policy', 'resource', 'access point policy'),
  field('s3control', 'MultiRegionAccessPointPolicy', 'details.policy', 'resource', 'access point policy'),
  field('kms', 'Key', 'policy', 'resource', 'key policy'),
  field('kms', 'ReplicaKey', 'policy', 'resource', 'key policy'),
  field('kms', 'ExternalKey', 'policy', 'resource', 'key policy'),
  field('kms', 'ReplicaExternalKey', 'policy', 'resource', 'key policy'),
  field('sqs', 'Queue', 'policy', 'resource', 'queue policy'),
  field('sqs', 'QueuePolicy', 'policy', 'resource', 'queue policy'),
  field('sns', 'Topic', 'policy', 'resource', 'topic policy'),
  field('sns', 'TopicPolicy', 'policy', 'resource', 'topic policy'),
  field('ecr', 'RepositoryPolicy', 'policy', 'resource-implied', 'repository policy'),
  field('ecr', 'RegistryPolicy', 'policy', 'resource-implied', 'registry policy'),
  field('ecrpublic', 'RepositoryPolicy', 'policy', 'resource-implied', 'repository policy'),
  field('secretsmanager', 'SecretPolicy', 'policy', 'resource', 'secret policy'),
  field('efs', 'FileSystemPolicy', 'policy', 'resource', 'file system policy'),
  field('opensearch', 'DomainPolicy', 'accessPolicies', 'resource', 'domain access policy'),
  field('elasticsearch', 'Domain', 'accessPolicies', 'resource', 'domain access policy'),
  field('elasticsearch', 'DomainPolicy', 'accessPolicies', 'resource', 'domain access policy'),
  field('glacier', 'Vault', 'accessPolicy', 'resource', 'vault access policy'),
  field('glacier', 'VaultLock', 'policy', 'resource', 'vault lock policy'),
  field('backup', 'VaultPolicy', 'policy', 'resource', 'vault policy'),
  field('cloudwatchevents', 'BusPolicy', 'policy', 'resource', 'event bus policy'),
  field('dynamodb', 'ResourcePolicy', 'policy', 'resource', 'resource policy'),
  field('kafka', 'ClusterPolicy', 'policy', 'resource', 'cluster policy'),
  field('codeartifact', 'DomainPermissionsPolicy', 'policyDocument', 'resource', 'domain permissions policy'),
  field('codeartifact', 'RepositoryPermissionsPolicy', 'policyDocument', 'resource', 'repository permissions policy'),
];

const ref = (f: { service: string; kind: string }) => `aws/${f.service}/${f.kind}`;

/** The fields of each kind, keyed like `ResourceType.ref` (`aws/sqs/Queue`); built once. */
const BY_REF: ReadonlyMap<string, readonly PolicyField[]> = POLICY_FIELDS.reduce((m, f) => m.set(ref(f), [...(m.get(ref(f)) ?? []), f]), new Map<string, PolicyField[]>());

/** The kinds whose documents are of one of `documents`, in table order. */
export function kindsWith(...documents: DocumentKind[]): ProviderKindRef[] {
  const seen = new Set<string>();
  const out: ProviderKindRef[] = [];
  for (const f of POLICY_FIELDS) {
    if (!documents.includes(f.document) || seen.has(ref(f))) continue;
    seen.add(ref(f));
    out.push({ cloud: 'aws', service: f.service, kind: f.kind });
  }
  return out;
}

/** One policy document of a resource, where it is, and either the document or why it cannot be read. */
export type Located = { path: string; document: DocumentKind; name: string } & (
  | { policy: PolicyDocument; problem?: undefined }
  | { problem: string; policy?: undefined }
);

/**
 * The policy documents of the rule's resource, forProvider's then
 * initProvider's, in table order. (The engine runs the rules that read them
 * only where the spec is readable and the resource not observe-only.)
 */
export function policyDocuments(ctx: RuleContext): Located[] {
  return documentsOf(ctx.resource, ctx.type.ref);
}

/**
 * The policy documents of any resource of the kind `kindRef`
 * (`aws/iam/Policy`), read without reporting anything: for a rule that
 * judges what another composed resource grants.
 */
export function documentsOf(resource: KubeObject, kindRef: string | undefined): Located[] {
  const out: Located[] = [];
  for (const f of BY_REF.get(kindRef ?? '') ?? []) {
    for (const { path, segments, value } of explicitParams(resource, f.field)) {
      if (f.inline === undefined) {
        out.push(read(path, value, f));
        continue;
      }
      if (!Array.isArray(value)) {
        out.push({ path, document: f.document, name: f.name, problem: `${path} must be a list of inline policies ({name, policy}), got ${describe(value)}` });
        continue;
      }
      value.forEach((item: unknown, i) => {
        const at = formatFieldPath([...segments, i]);
        if (!isObject(item)) out.push({ path: at, document: f.document, name: f.name, problem: `${at} must be an object with name and policy, got ${describe(item)}` });
        else if (item.policy !== undefined && item.policy !== null) out.push(read(`${at}.policy`, item.policy, f));
      });
    }
  }
  return out;
}

function read(path: string, value: unknown, f: PolicyField): Located {
  const fail = (problem: string): Located => ({ path, document: f.document, name: f.name, problem });
  if (typeof value !== 'string') return fail(`${path} must be ${article(f.name)} ${f.name} document as a JSON string, got ${describe(value)}`);
  const parsed = readPolicy(value, f.document);
  if (parsed.ok) return { path, document: f.document, name: f.name, policy: parsed.policy };
  switch (parsed.error) {
    case 'empty':
      return fail(`${path} is an empty string, not ${article(f.name)} ${f.name} document`);
    case 'syntax':
      return fail(`${path} is not valid JSON (${parsed.detail}), so the ${f.name} cannot be checked; write it as a JSON document`);
    case 'invalid':
      return fail(`${path} is not a valid ${f.name} document, so it cannot be checked: ${list(parsed.problems, 5, '; ')}`);
    case 'limit':
      return fail(`${path} is not read: ${parsed.detail}, so the ${f.name} cannot be checked; write a smaller, flatter document`);
  }
}

const article = (noun: string) => (/^[AEIOU]/.test(noun) ? 'an' : 'a');
