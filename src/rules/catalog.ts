/**
 * Every built-in rule, in evaluation order. Adding a rule is one module and
 * one row here. Order matters only where a rule reads what another injects:
 * `tags-required` comes after `tags-inject`, so it judges the final tags.
 */
import type { Rule } from '../engine/rule.js';
import { rdsPublicAccess, rdsStorageEncrypted } from './aws/rds.js';
import { s3Encryption, s3PublicAccessBlock, s3Versioning } from './aws/s3.js';
import { sgOpenAdminPorts } from './aws/security-group.js';
import { tagsInject, tagsRequired } from './tags/tags.js';

export const CATALOG: readonly Rule[] = [
  rdsStorageEncrypted,
  rdsPublicAccess,
  s3Encryption,
  s3PublicAccessBlock,
  s3Versioning,
  sgOpenAdminPorts,
  tagsInject,
  tagsRequired,
];

export const RULE_IDS: ReadonlySet<string> = new Set(CATALOG.map((r) => r.id));

if (RULE_IDS.size !== CATALOG.length) throw new Error('duplicate rule id in the catalog');
