/**
 * Data encrypted with keys the account controls. AWS encrypts these kinds
 * whatever is set, with an AWS managed key (`alias/aws/<service>`) whose
 * policy the account cannot change, whose use it cannot restrict to some
 * principals, and which it cannot disable in an emergency. A customer
 * managed key is a value only the author knows (its key policy must let
 * the service and the readers use it), so nothing is injected: a resource
 * without one is reported (Warn by default; `Deny` where policy demands
 * customer managed keys).
 *
 * One table, one guard: each row is a rule, the kinds it reads, the field
 * that names the key on each (with the reference and selector Upjet
 * resolves into it), and when the key matters (a Lambda function's key
 * protects only its environment variables; an SSM parameter's only a
 * SecureString). Field names are provider-upjet-aws's: zz_schemas.ts
 * (lambda Function, ec2 EBSSnapshotCopy, ecr Repository),
 * apis/cluster/secretsmanager/v1beta1/zz_secret_types.go,
 * apis/cluster/backup/v1beta1/zz_vault_types.go and
 * apis/cluster/ssm/v1beta1/zz_parameter_types.go at 0f48d499f3f0.
 */
import { formatFieldPath, isObject } from '../../lang/fieldpath.js';
import { defineRule, type ProviderKindRef, type Rule, type RuleContext } from '../../engine/rule.js';
import { fieldRule } from '../kit/field.js';
import { describe, explicitParams } from '../params.js';

/** Where one kind names its key. */
interface KeyField {
  kind: ProviderKindRef;
  /** The field that holds the key's ID, ARN or alias. */
  field: string;
  /** The reference and selector Upjet resolves into `field`, where the kind has them. */
  refs: readonly string[];
  /** The alias of the AWS managed key of the service, which is not a customer managed key. */
  awsManaged: string;
  /** When the key protects nothing (no environment variables, not a SecureString), the kind is not judged. */
  applies?(ctx: RuleContext): boolean;
  /** What the resource is called in messages: `secret`, `function's environment variables`. */
  noun: string;
}

interface KeyRow {
  id: string;
  title: string;
  severity: 'low' | 'medium' | 'high';
  on: readonly KeyField[];
  why: string;
  references: { checkov: readonly string[]; trivy?: readonly string[] };
}

const aws = (service: string, kind: string): ProviderKindRef => ({ cloud: 'aws', service, kind });

/** Is the key the service's AWS managed key (by alias name or alias ARN)? */
const isAwsManaged = (value: string, alias: string) => value.trim() === alias || value.trim().endsWith(`:${alias}`);

function keyRule(row: KeyRow): Rule {
  const byRef = new Map(row.on.map((on) => [`aws/${on.kind.service}/${on.kind.kind}`, on]));
  const fields = row.on.map((on) => `\`${[on.field, ...on.refs].join('`/`')}\` of ${on.kind.service} ${on.kind.kind}`).join(', ');
  return defineRule({
    id: row.id,
    title: row.title,
    severity: row.severity,
    defaultAction: 'Warn',
    description: `Reports a resource that names no customer managed KMS key (${fields}), an empty one, or the service's AWS managed key (\`alias/aws/<service>\`): its data is then encrypted only with a key the account cannot control. A key value that is not a string is reported as malformed. Nothing is injected: only the author knows which key, and its key policy must let the service use it. ${row.why}`,
    references: { trivy: [], ...row.references },
    kinds: row.on.map((on) => on.kind),
    check(ctx) {
      const on = byRef.get(ctx.type.ref);
      if (on === undefined || (on.applies !== undefined && !on.applies(ctx))) return;
      const keys = explicitParams(ctx.resource, [on.field]);
      const malformed = keys.filter((k) => typeof k.value !== 'string');
      for (const k of malformed) ctx.unsafe(k.path, `${k.path} must be a string, got ${describe(k.value)}`);
      if (malformed.length > 0) return;
      const managed = keys.find((k) => isAwsManaged(k.value as string, on.awsManaged));
      if (managed !== undefined) {
        ctx.unsafe(managed.path, `${managed.path} is the AWS managed key ${on.awsManaged}; name a customer managed key so the account controls who may decrypt the ${on.noun}`);
        return;
      }
      if (keys.some((k) => (k.value as string).trim() !== '')) return;
      if (on.refs.some((f) => explicitParams(ctx.resource, [f]).length > 0)) return; // resolved into the field
      const empty = keys[0];
      ctx.unsafe(
        empty?.path ?? formatFieldPath(['spec', 'forProvider', on.field]),
        `${empty !== undefined ? `${empty.path} is empty` : 'no customer managed KMS key was named'}, so the ${on.noun} is encrypted with the AWS managed key ${on.awsManaged}; set ${[on.field, ...on.refs.slice(0, 1)].join(' (or ')}${on.refs.length > 0 ? ')' : ''} to a customer managed key`,
      );
    },
  });
}

/** Does a Lambda function set environment variables (a non-empty `environment.variables` map, in either block and shape)? */
function hasEnvironment(ctx: RuleContext): boolean {
  return explicitParams(ctx.resource, ['environment', 'variables']).some(({ value }) => !isObject(value) || Object.keys(value).length > 0);
}

/** Is an SSM parameter a SecureString (the only type a key encrypts)? */
function secureString(ctx: RuleContext): boolean {
  return explicitParams(ctx.resource, ['type']).some(({ value }) => value === 'SecureString');
}

export const KEY_ROWS: readonly KeyRow[] = [
  {
    id: 'aws-secretsmanager-cmk',
    title: 'Secrets Manager secrets are encrypted with a customer managed key',
    severity: 'medium',
    on: [{ kind: aws('secretsmanager', 'Secret'), field: 'kmsKeyId', refs: ['kmsKeyIdRef', 'kmsKeyIdSelector'], awsManaged: 'alias/aws/secretsmanager', noun: 'secret' }],
    why: 'With the AWS managed key, anyone the secret\'s policy or an IAM policy lets read it can decrypt it; a customer managed key adds its key policy as a second gate, and is the only way to share a secret with another account.',
    references: { checkov: ['CKV_AWS_149'], trivy: ['AWS-0098'] },
  },
  {
    id: 'aws-backup-vault-cmk',
    title: 'Backup vaults are encrypted with a customer managed key',
    severity: 'medium',
    on: [{ kind: aws('backup', 'Vault'), field: 'kmsKeyArn', refs: ['kmsKeyArnRef', 'kmsKeyArnSelector'], awsManaged: 'alias/aws/backup', noun: 'recovery points' }],
    why: 'Recovery points hold a copy of every protected resource; a key the account controls keeps them readable only by those its key policy names.',
    references: { checkov: ['CKV_AWS_166'] },
  },
  {
    id: 'aws-lambda-environment-cmk',
    title: 'Lambda environment variables are encrypted with a customer managed key',
    severity: 'low',
    on: [
      {
        kind: aws('lambda', 'Function'),
        field: 'kmsKeyArn',
        refs: ['kmsKeyArnRef', 'kmsKeyArnSelector'],
        awsManaged: 'alias/aws/lambda',
        applies: hasEnvironment,
        noun: "function's environment",
      },
    ],
    why: 'Only a function that sets environment variables is judged: the key protects nothing else. Anyone who may read the function\'s configuration reads variables encrypted with the AWS managed key; keep secrets in Secrets Manager in any case.',
    references: { checkov: ['CKV_AWS_173'] },
  },
  {
    id: 'aws-ebs-snapshot-copy-cmk',
    title: 'EBS snapshot copies are encrypted with a customer managed key',
    severity: 'low',
    on: [{ kind: aws('ec2', 'EBSSnapshotCopy'), field: 'kmsKeyId', refs: ['kmsKeyIdRef', 'kmsKeyIdSelector'], awsManaged: 'alias/aws/ebs', noun: 'snapshot copy' }],
    why: 'A snapshot encrypted with the AWS managed EBS key cannot be shared with another account at all, and its use cannot be restricted by a key policy.',
    references: { checkov: ['CKV_AWS_183'] },
  },
  {
    id: 'aws-ssm-parameter-cmk',
    title: 'SSM SecureString parameters are encrypted with a customer managed key',
    severity: 'low',
    on: [{ kind: aws('ssm', 'Parameter'), field: 'keyId', refs: [], awsManaged: 'alias/aws/ssm', applies: secureString, noun: 'parameter' }],
    why: 'Only a `SecureString` parameter is judged: the other types are not encrypted with a key (`aws-ssm-parameter-secure` judges those).',
    references: { checkov: ['CKV_AWS_337'] },
  },
];

const keyRules = new Map(KEY_ROWS.map((row) => [row.id, keyRule(row)]));
export const keyRuleOf = (id: string): Rule => keyRules.get(id)!;

export const ecrKmsEncryption = fieldRule({
  id: 'aws-ecr-kms-encryption',
  title: 'ECR repositories are encrypted with KMS',
  severity: 'low',
  defaultAction: 'Warn',
  on: [{ kind: aws('ecr', 'Repository'), field: ['encryptionConfiguration', 'encryptionType'] }],
  type: 'string',
  safe: { test: (v) => v === 'KMS' || v === 'KMS_DSSE', words: '`"KMS"` or `"KMS_DSSE"`' },
  missing: 'the repository is encrypted with S3 managed keys (AES256), not KMS',
  unsafe: 'set it to "KMS" (with kmsKey naming a customer managed key) so a key policy decides who may pull the image layers',
  why: 'ECR encrypts every repository; `AES256` uses keys no policy of the account controls. Nothing is injected: encryption is chosen when the repository is created, and `encryptionConfiguration` is a list in every served version.',
  references: { checkov: ['CKV_AWS_136'] },
}) satisfies Rule;

/** The customer-managed-key rules, in table order, then ECR's. */
export const KEY_RULES = [...keyRules.values(), ecrKmsEncryption] as const satisfies readonly Rule[];
