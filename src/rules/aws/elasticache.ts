/** ElastiCache replication groups (Redis OSS, Valkey): encrypted at rest and in transit. */
import { defineRule, type KindRef, type Rule } from '../../engine/rule.js';
import { describe, explicitParams, inject, requireBoolean } from '../params.js';

const REPLICATION_GROUP: readonly KindRef[] = [{ cloud: 'aws', service: 'elasticache', kind: 'ReplicationGroup' }];

export const elasticacheAtRestEncryption = defineRule({
  id: 'aws-elasticache-at-rest-encryption',
  title: 'ElastiCache replication groups are encrypted at rest',
  severity: 'high',
  defaultAction: 'Mutate',
  description:
    'Injects `atRestEncryptionEnabled: "true"` into ReplicationGroups that do not set it (Redis OSS leaves data and backups unencrypted by default). The CRD types this field as a string, so the value is the string `"true"`. Refuses `"false"` and any other string, and refuses a boolean, which the API server would reject: write it quoted. Encryption at rest is chosen at creation.',
  fix: 'injects `atRestEncryptionEnabled: "true"`.',
  references: { checkov: ['CKV_AWS_29'], trivy: ['AWS-0045'] },
  kinds: REPLICATION_GROUP,
  check(ctx) {
    const found = explicitParams(ctx.resource, ['atRestEncryptionEnabled']);
    if (found.length === 0) {
      inject(ctx, ['atRestEncryptionEnabled'], 'true', 'encryption at rest was not set');
      return;
    }
    for (const { path, value } of found) {
      if (typeof value === 'boolean') {
        ctx.unsafe(path, `${path} is boolean ${value}, but the field is a string: write "true" (quoted)${value ? '' : '; "false" is refused too'}`);
      } else if (typeof value !== 'string') {
        ctx.unsafe(path, `${path} must be the string "true", got ${describe(value)}`);
      } else if (value !== 'true') {
        ctx.unsafe(path, `${path} is ${describe(value, true)}; set it to "true" (or remove it) so cached data and backups are encrypted at rest`);
      }
    }
  },
}) satisfies Rule;

export const elasticacheTransitEncryption = defineRule({
  id: 'aws-elasticache-transit-encryption',
  title: 'ElastiCache replication groups encrypt traffic',
  severity: 'high',
  defaultAction: 'Mutate',
  description:
    'Injects `transitEncryptionEnabled: true` into ReplicationGroups that do not set it, so clients and replicas talk TLS (clients must connect with TLS). Refuses an explicit `transitEncryptionEnabled: false`.',
  fix: 'injects `transitEncryptionEnabled: true`.',
  references: { checkov: ['CKV_AWS_30'], trivy: ['AWS-0051'] },
  kinds: REPLICATION_GROUP,
  check(ctx) {
    requireBoolean(ctx, 'transitEncryptionEnabled', true, {
      missing: 'encryption in transit was not set',
      unsafe: 'set it to true (or remove it) so clients and replicas connect over TLS',
    });
  },
}) satisfies Rule;

/** The ElastiCache rules in evaluation order. */
export const ELASTICACHE_RULES = [elasticacheAtRestEncryption, elasticacheTransitEncryption] as const satisfies readonly Rule[];
