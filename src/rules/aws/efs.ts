/** EFS file systems: encrypted at rest. */
import { defineRule, type Rule } from '../../engine/rule.js';
import { requireBoolean } from '../params.js';

export const efsEncrypted = defineRule({
  id: 'aws-efs-encrypted',
  title: 'EFS file systems are encrypted at rest',
  severity: 'high',
  defaultAction: 'Mutate',
  description:
    'Injects `encrypted: true` into EFS FileSystems that do not set it (AWS then uses the aws/elasticfilesystem key unless `kmsKeyId` names one). Refuses an explicit `encrypted: false`. Encryption is chosen at creation: an existing unencrypted file system cannot be changed in place.',
  fix: 'injects `encrypted: true`.',
  references: { checkov: ['CKV_AWS_42'], trivy: ['AWS-0037'] },
  kinds: [{ cloud: 'aws', service: 'efs', kind: 'FileSystem' }],
  check(ctx) {
    requireBoolean(ctx, 'encrypted', true, {
      missing: 'file system encryption was not set',
      unsafe: 'set it to true (or remove it) so the file system is encrypted at rest',
    });
  },
}) satisfies Rule;

/** The EFS rules in evaluation order. */
export const EFS_RULES = [efsEncrypted] as const satisfies readonly Rule[];
