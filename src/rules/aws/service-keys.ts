/**
 * Customer managed keys on the AWS services beyond a first Composition's.
 * Each of these services encrypts at rest already (with a key AWS owns or
 * manages) or is covered by an encryption rule; what Checkov asks beyond that
 * is a key the account controls, audits and can revoke. There is no key to
 * inject (its policy must let the service and the readers use it), so the
 * rule reports, Warn by default, `Deny` where policy requires customer keys:
 * a table of where each kind names its key.
 */
import { formatFieldPath, isObject, type Segment } from '../../lang/fieldpath.js';
import { defineRule, refOf, type ProviderKindRef, type Rule, type RuleContext } from '../../engine/rule.js';
import { describe, PARAM_BLOCKS } from '../params.js';

/** Where one kind names its key. */
interface KeyField {
  kind: ProviderKindRef;
  /**
   * The blocks that hold the key, from forProvider: every element of a list
   * on the way is judged (a repeating block, or a single nested block in its
   * one-element list shape). `[]`: forProvider itself.
   */
  at: readonly string[];
  /** The key's field in that block; `<field>Ref` and `<field>Selector` name it too where the kind has them. */
  field: string;
  /**
   * Whether the kind always holds key material where `at` is absent (the
   * store itself): then absence is reported. Otherwise a block that is
   * absent has no data to encrypt (no EBS mapping, no S3 storage) and passes.
   */
  always: boolean;
  /** A sibling that must hold one of these values for a key to be used at all (`keyType: CUSTOMER_MANAGED_CMK`); any other value is reported. */
  when?: { field: string; values: readonly string[] };
  checkov: readonly string[];
}

const kind = (service: string, k: string): ProviderKindRef => ({ cloud: 'aws', service, kind: k });

/**
 * The table. Field names are provider-upjet-aws's (Upjet's camelCase of the
 * Terraform attribute each Checkov check inspects); the SageMaker notebook's
 * `kmsKeyId` (+Ref, Selector) and CodeBuild's `encryptionKey` were read in
 * the provider's CRDs.
 */
export const KEY_FIELDS: readonly KeyField[] = [
  { kind: kind('sagemaker', 'NotebookInstance'), at: [], field: 'kmsKeyId', always: true, checkov: ['CKV_AWS_22', 'CKV_AWS_187'] },
  { kind: kind('sagemaker', 'Domain'), at: [], field: 'kmsKeyId', always: true, checkov: ['CKV_AWS_187'] },
  { kind: kind('sagemaker', 'EndpointConfiguration'), at: [], field: 'kmsKeyArn', always: true, checkov: ['CKV_AWS_98'] },
  { kind: kind('efs', 'FileSystem'), at: [], field: 'kmsKeyId', always: true, checkov: ['CKV_AWS_184'] },
  { kind: kind('fsx', 'OntapFileSystem'), at: [], field: 'kmsKeyId', always: true, checkov: ['CKV_AWS_178'] },
  { kind: kind('fsx', 'WindowsFileSystem'), at: [], field: 'kmsKeyId', always: true, checkov: ['CKV_AWS_179'] },
  { kind: kind('fsx', 'LustreFileSystem'), at: [], field: 'kmsKeyId', always: true, checkov: ['CKV_AWS_190'] },
  { kind: kind('kinesisvideo', 'Stream'), at: [], field: 'kmsKeyId', always: true, checkov: ['CKV_AWS_177'] },
  { kind: kind('kinesis', 'Stream'), at: [], field: 'kmsKeyId', always: true, checkov: ['CKV_AWS_185'] },
  { kind: kind('codeartifact', 'Domain'), at: [], field: 'encryptionKey', always: true, checkov: ['CKV_AWS_221'] },
  { kind: kind('codebuild', 'Project'), at: [], field: 'encryptionKey', always: true, checkov: ['CKV_AWS_147'] },
  { kind: kind('codepipeline', 'Codepipeline'), at: ['artifactStore', 'encryptionKey'], field: 'id', always: true, checkov: ['CKV_AWS_219'] },
  { kind: kind('kendra', 'Index'), at: ['serverSideEncryptionConfiguration'], field: 'kmsKeyId', always: true, checkov: ['CKV_AWS_262'] },
  { kind: kind('appflow', 'Flow'), at: [], field: 'kmsArn', always: true, checkov: ['CKV_AWS_263'] },
  { kind: kind('scheduler', 'Schedule'), at: [], field: 'kmsKeyArn', always: true, checkov: ['CKV_AWS_297'] },
  { kind: kind('bedrockagent', 'Agent'), at: [], field: 'customerEncryptionKeyArn', always: true, checkov: ['CKV_AWS_373'] },
  { kind: kind('imagebuilder', 'Component'), at: [], field: 'kmsKeyId', always: true, checkov: ['CKV_AWS_180'] },
  { kind: kind('imagebuilder', 'DistributionConfiguration'), at: ['distribution', 'amiDistributionConfiguration'], field: 'kmsKeyId', always: false, checkov: ['CKV_AWS_199'] },
  { kind: kind('imagebuilder', 'ImageRecipe'), at: ['blockDeviceMapping', 'ebs'], field: 'kmsKeyId', always: false, checkov: ['CKV_AWS_200'] },
  { kind: kind('firehose', 'DeliveryStream'), at: ['serverSideEncryption'], field: 'keyArn', always: false, when: { field: 'keyType', values: ['CUSTOMER_MANAGED_CMK'] }, checkov: ['CKV_AWS_241'] },
  { kind: kind('connect', 'InstanceStorageConfig'), at: ['storageConfig', 'kinesisVideoStreamConfig', 'encryptionConfig'], field: 'keyId', always: false, checkov: ['CKV_AWS_269'] },
  { kind: kind('connect', 'InstanceStorageConfig'), at: ['storageConfig', 's3Config', 'encryptionConfig'], field: 'keyId', always: false, checkov: ['CKV_AWS_270'] },
  { kind: kind('networkfirewall', 'Firewall'), at: ['encryptionConfiguration'], field: 'keyId', always: true, when: { field: 'type', values: ['CUSTOMER_KMS'] }, checkov: ['CKV_AWS_345'] },
  { kind: kind('networkfirewall', 'RuleGroup'), at: ['encryptionConfiguration'], field: 'keyId', always: true, when: { field: 'type', values: ['CUSTOMER_KMS'] }, checkov: ['CKV_AWS_345'] },
  { kind: kind('networkfirewall', 'FirewallPolicy'), at: ['encryptionConfiguration'], field: 'keyId', always: true, when: { field: 'type', values: ['CUSTOMER_KMS'] }, checkov: ['CKV_AWS_346'] },
  { kind: kind('ecs', 'Cluster'), at: ['configuration', 'executeCommandConfiguration'], field: 'kmsKeyId', always: false, checkov: ['CKV_AWS_224'] },
];

const BY_REF: ReadonlyMap<string, readonly KeyField[]> = KEY_FIELDS.reduce((m, f) => m.set(refOf(f.kind), [...(m.get(refOf(f.kind)) ?? []), f]), new Map<string, KeyField[]>());

/** Every block at `at` under `root`, with its segments; lists on the way are walked element by element. */
function blocksAt(root: unknown, at: readonly string[], segments: Segment[]): { block: Record<string, unknown>; segments: Segment[] }[] {
  if (Array.isArray(root)) return root.flatMap((item, i) => blocksAt(item, at, [...segments, i]));
  if (!isObject(root)) return [];
  const [head, ...rest] = at;
  if (head === undefined) return [{ block: root, segments }];
  return blocksAt(root[head], rest, [...segments, head]);
}

/** An AWS managed key by alias (`alias/aws/kinesis`, an ARN ending in it): the account does not control its policy. */
const awsManaged = (key: string) => /(^|:)alias\/aws\//.test(key);

function judge(ctx: RuleContext, f: KeyField): void {
  const spec = isObject(ctx.resource.spec) ? ctx.resource.spec : {};
  const present = PARAM_BLOCKS.filter((b) => isObject(spec[b]));
  // A top-level key may be set in either parameter block: one judgement over both, forProvider winning.
  const found =
    f.at.length === 0
      ? present.length === 0
        ? []
        : [{ block: Object.assign({}, ...[...present].reverse().map((b) => spec[b] as Record<string, unknown>)) as Record<string, unknown>, segments: ['spec', 'forProvider'] as Segment[] }]
      : PARAM_BLOCKS.flatMap((b) => blocksAt(spec[b], f.at, ['spec', b]));
  const advice = `name a KMS key the account controls in ${f.field} (or ${f.field}Ref)`;
  if (found.length === 0) {
    if (f.always) ctx.unsafe(formatFieldPath(['spec', 'forProvider', ...f.at, f.field]), `no customer managed key was named, so the data is encrypted with a key AWS owns or manages; ${advice}`);
    return;
  }
  for (const { block, segments } of found) {
    if (f.when !== undefined) {
      const mode = block[f.when.field];
      if (typeof mode !== 'string' || !f.when.values.includes(mode)) {
        const path = formatFieldPath([...segments, f.when.field]);
        ctx.unsafe(path, `${path} is ${mode === undefined || mode === null ? 'absent' : describe(mode, true)}, so the data is encrypted with a key AWS owns or manages; set it to ${f.when.values.join(' or ')} and ${advice}`);
        continue;
      }
    }
    const key = block[f.field];
    const path = formatFieldPath([...segments, f.field]);
    if (key !== undefined && key !== null && typeof key !== 'string') ctx.unsafe(path, `${path} must be a string, got ${describe(key)}`);
    else if (typeof key === 'string' && awsManaged(key)) ctx.unsafe(path, `${path} is the AWS managed key ${JSON.stringify(key)}; ${advice}`);
    else if (typeof key === 'string' && key.trim() !== '') continue;
    else if ([`${f.field}Ref`, `${f.field}Selector`].some((r) => block[r] !== undefined && block[r] !== null)) continue;
    else ctx.unsafe(path, `${typeof key === 'string' ? `${path} is empty` : 'no customer managed key was named'}, so the data is encrypted with a key AWS owns or manages; ${advice}`);
  }
}

export const awsServiceCustomerManagedKeys = defineRule({
  id: 'aws-service-cmk',
  title: 'Other AWS services encrypt with a customer managed key',
  severity: 'low',
  defaultAction: 'Warn',
  description: `Reports a resource that names no customer managed KMS key where the service takes one: ${KEY_FIELDS.map((f) => `\`${[...f.at, f.field].join('.')}\` of ${f.kind.service} ${f.kind.kind}`).join(', ')}. A key named by reference or selector (\`<field>Ref\`, \`<field>Selector\`) counts; an AWS managed alias (\`alias/aws/...\`) does not; a Firehose \`serverSideEncryption.keyType\` or Network Firewall \`encryptionConfiguration.type\` other than the customer key type is reported. A block that is absent where it is optional (no EBS mapping, no S3 storage, no ECS Exec configuration) has nothing to encrypt and passes. Nothing is injected (no key to choose, and its policy must admit the service): Warn by default, \`Deny\` where policy requires keys the account controls and audits.`,
  references: { checkov: [...new Set(KEY_FIELDS.flatMap((f) => f.checkov))] },
  kinds: [...new Map(KEY_FIELDS.map((f) => [refOf(f.kind), f.kind])).values()],
  check(ctx) {
    for (const f of BY_REF.get(ctx.type.ref) ?? []) judge(ctx, f);
  },
}) satisfies Rule;
