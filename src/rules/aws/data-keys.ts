/**
 * Customer managed KMS keys for the data stores: a table of each kind and
 * the field that names its key. Only the author knows which key, so absence
 * is reported (Warn by default), never injected; the stores are encrypted
 * with an AWS managed key meanwhile (the encryption rules see to that).
 * Field names from the provider-upjet-aws CRDs (75a4c57162d0 where the
 * reference has them; the others follow the Terraform arguments, as Upjet
 * names every field).
 */
import { isObject } from '../../lang/fieldpath.js';
import { defineRule, refOf, type ProviderKindRef, type Rule } from '../../engine/rule.js';
import { describe, explicitParams } from '../params.js';

/** One kind, the field that names its key, and when the key matters at all. */
interface KeyOn {
  kind: ProviderKindRef;
  /** The key's field under forProvider (its `Ref` and `Selector` siblings name it too). */
  field: readonly string[];
  /** Only judged when this boolean field is explicitly true (Performance Insights is off by default). */
  when?: readonly string[];
}

const on = (service: string, kind: string, field: readonly string[], when?: readonly string[]): KeyOn => ({ kind: { cloud: 'aws', service, kind }, field, ...(when !== undefined ? { when } : {}) });

export const KEYED: readonly KeyOn[] = [
  on('rds', 'Cluster', ['kmsKeyId']),
  on('rds', 'Instance', ['performanceInsightsKmsKeyId'], ['performanceInsightsEnabled']),
  on('rds', 'ClusterInstance', ['performanceInsightsKmsKeyId'], ['performanceInsightsEnabled']),
  on('rds', 'DBSnapshotCopy', ['kmsKeyId']),
  on('rds', 'DBInstanceAutomatedBackupsReplication', ['kmsKeyId']),
  on('rds', 'ClusterActivityStream', ['kmsKeyId']),
  on('docdb', 'Cluster', ['kmsKeyId']),
  on('neptune', 'Cluster', ['kmsKeyArn']),
  on('redshift', 'Cluster', ['kmsKeyId']),
  on('redshift', 'SnapshotCopyGrant', ['kmsKeyId']),
  on('redshiftserverless', 'RedshiftServerlessNamespace', ['kmsKeyId']),
  on('dms', 'ReplicationInstance', ['kmsKeyArn']),
  on('dms', 'Endpoint', ['kmsKeyArn']),
  on('dms', 'S3Endpoint', ['kmsKeyArn']),
  on('mq', 'Broker', ['encryptionOptions', 'kmsKeyId']),
  on('elasticache', 'ReplicationGroup', ['kmsKeyId']),
  on('memorydb', 'Cluster', ['kmsKeyArn']),
  on('memorydb', 'Snapshot', ['kmsKeyArn']),
  on('opensearch', 'Domain', ['encryptAtRest', 'kmsKeyId']),
  on('elasticsearch', 'Domain', ['encryptAtRest', 'kmsKeyId']),
  on('dynamodb', 'TableReplica', ['kmsKeyArn']),
  on('keyspaces', 'Table', ['encryptionSpecification', 'kmsKeyIdentifier']),
  on('timestreamwrite', 'Database', ['kmsKeyId']),
];

const BY_REF = new Map(KEYED.map((k) => [refOf(k.kind), k]));

/** `a.b`, `a.bRef`, `a.bSelector`. */
const variants = (field: readonly string[]) => ['', 'Ref', 'Selector'].map((suffix) => [...field.slice(0, -1), `${field.at(-1)!}${suffix}`]);

export const dataCustomerKey = defineRule({
  id: 'aws-data-customer-key',
  title: 'Data stores are encrypted with a customer managed key',
  severity: 'low',
  defaultAction: 'Warn',
  description: `Reports a data store that names no customer managed KMS key, neither the key field nor its \`Ref\` or \`Selector\`, in forProvider or initProvider: ${KEYED.map((k) => `\`${k.field.join('.')}\` of ${k.kind.service} ${k.kind.kind}${k.when !== undefined ? ` (when \`${k.when.join('.')}\` is true)` : ''}`).join(', ')}. Reports a key field that is not a string (or a reference that is not an object). A warning by default: the data is encrypted with an AWS managed key meanwhile, whose key policy the account cannot narrow or revoke per store; only the author can name the key, so nothing is injected. Set the action to Deny where every store must use a customer key.`,
  references: {
    checkov: ['CKV_AWS_327', 'CKV_AWS_354', 'CKV_AWS_266', 'CKV_AWS_245', 'CKV_AWS_246', 'CKV_AWS_182', 'CKV_AWS_347', 'CKV_AWS_142', 'CKV_AWS_281', 'CKV_AWS_282', 'CKV_AWS_212', 'CKV_AWS_296', 'CKV_AWS_298', 'CKV_AWS_209', 'CKV_AWS_191', 'CKV_AWS_201', 'CKV_AWS_278', 'CKV_AWS_247', 'CKV_AWS_271', 'CKV_AWS_265', 'CKV_AWS_160'],
    trivy: ['AWS-0022', 'AWS-0128', 'AWS-0078'],
  },
  kinds: KEYED.map((k) => k.kind),
  check(ctx) {
    const k = BY_REF.get(ctx.type.ref);
    if (k === undefined) return;
    if (k.when !== undefined && !explicitParams(ctx.resource, k.when).some((e) => e.value === true)) return;
    let named = false;
    for (const field of variants(k.field)) {
      const reference = field.at(-1) !== k.field.at(-1);
      for (const { path, value } of explicitParams(ctx.resource, field)) {
        if (reference ? isObject(value) : typeof value === 'string' && value.trim() !== '') named = true;
        else ctx.unsafe(path, `${path} must be ${reference ? 'a reference object' : 'a KMS key ID or ARN (a non-empty string)'}, got ${describe(value)}`);
      }
    }
    if (named) return;
    ctx.unsafe(
      `spec.forProvider.${k.field.join('.')}`,
      `no customer managed KMS key is named (${k.field.join('.')}, or its Ref or Selector), so the data is encrypted with an AWS managed key whose policy the account cannot narrow or revoke; name a customer managed key`,
    );
  },
}) satisfies Rule;

/** The customer-key rule, alone. */
export const DATA_KEY_RULES = [dataCustomerKey] as const satisfies readonly Rule[];
