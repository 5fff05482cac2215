/** EFS file systems: encrypted at rest. A table of one row. */
import type { Rule } from '../../engine/rule.js';
import { fieldRule } from '../kit/field.js';

export const efsEncrypted = fieldRule({
  id: 'aws-efs-encrypted',
  title: 'EFS file systems are encrypted at rest',
  severity: 'high',
  defaultAction: 'Mutate',
  on: [{ kind: { cloud: 'aws', service: 'efs', kind: 'FileSystem' }, field: ['encrypted'] }],
  type: 'boolean',
  safe: true,
  inject: true,
  missing: 'file system encryption was not set',
  unsafe: 'set it to true (or remove it) so the file system is encrypted at rest',
  why: 'AWS then uses the aws/elasticfilesystem key unless `kmsKeyId` names one. Encryption is chosen at creation: an existing unencrypted file system cannot be changed in place.',
  references: { checkov: ['CKV_AWS_42'], trivy: ['AWS-0037'] },
}) satisfies Rule;

/** The EFS rules in evaluation order. */
export const EFS_RULES = [efsEncrypted] as const satisfies readonly Rule[];
