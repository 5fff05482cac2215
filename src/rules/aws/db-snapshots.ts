/**
 * Who may restore an RDS snapshot: `sharedAccounts` of a Snapshot or a
 * ClusterSnapshot (provider-upjet-aws 75a4c57162d0, both groups) lists the
 * AWS accounts that may copy or restore it, or `all`, which makes it public.
 * A public snapshot is refused; a snapshot shared with an account that is
 * not the platform's own is held for a person. Whoever restores a snapshot
 * holds the whole database, whatever the source database's access rules.
 */
import { z } from 'zod';
import { defineRule, type KindRef, type Rule, type RuleContext } from '../../engine/rule.js';
import { describe, explicitParams } from '../params.js';

const SNAPSHOTS: readonly KindRef[] = [
  { cloud: 'aws', service: 'rds', kind: 'Snapshot' },
  { cloud: 'aws', service: 'rds', kind: 'ClusterSnapshot' },
];

/** The value of `sharedAccounts` that makes a snapshot public (the RDS API's `all`). */
const PUBLIC = 'all';

/** One entry of `sharedAccounts`, with its path. */
interface Shared {
  path: string;
  value: unknown;
}

/** Every entry of every parameter block's `sharedAccounts`, and each `sharedAccounts` that is not a list. */
function sharedEntries(ctx: RuleContext): { entries: Shared[]; malformed: { path: string; value: unknown }[] } {
  const entries: Shared[] = [];
  const malformed: { path: string; value: unknown }[] = [];
  for (const { path, value } of explicitParams(ctx.resource, ['sharedAccounts'])) {
    if (!Array.isArray(value)) {
      malformed.push({ path, value });
      continue;
    }
    value.forEach((v: unknown, i) => entries.push({ path: `${path}[${i}]`, value: v }));
  }
  return { entries, malformed };
}

const isPublic = (v: unknown) => typeof v === 'string' && v.trim().toLowerCase() === PUBLIC;

export const rdsSnapshotPublic = defineRule({
  id: 'aws-rds-snapshot-public',
  title: 'RDS snapshots are never public',
  severity: 'critical',
  defaultAction: 'Deny',
  description:
    'Refuses an RDS Snapshot or ClusterSnapshot whose `sharedAccounts` (forProvider or initProvider) includes `all` (in any case, with any spaces around it): every AWS account could then restore the database. Refuses a `sharedAccounts` that is not a list, and entries that are not strings: they cannot be judged. Shares with named accounts are `aws-rds-snapshot-shared`\'s business.',
  references: { checkov: ['CKV_AWS_302'] },
  kinds: SNAPSHOTS,
  check(ctx) {
    const { entries, malformed } = sharedEntries(ctx);
    for (const m of malformed) ctx.unsafe(m.path, `${m.path} must be a list of account IDs, got ${describe(m.value)}`);
    for (const e of entries) {
      if (typeof e.value !== 'string') ctx.unsafe(e.path, `${e.path} must be an account ID (a string), got ${describe(e.value)}`);
      else if (isPublic(e.value)) ctx.unsafe(e.path, `${e.path} is ${describe(e.value, true)}: the snapshot becomes public and any AWS account can restore the whole database; remove it, and share with named accounts only`);
    }
  },
}) satisfies Rule;

const ACCOUNTS = 'rules.aws-rds-snapshot-shared.accounts';

export const rdsSnapshotShared = defineRule({
  id: 'aws-rds-snapshot-shared',
  title: 'RDS snapshots shared with another account are approved by a human',
  severity: 'high',
  defaultAction: 'RequireApproval',
  description: `Holds for approval an RDS Snapshot or ClusterSnapshot whose \`sharedAccounts\` names an account that is not the platform's own (\`${ACCOUNTS}\`; with none listed, every account is foreign): that account can copy or restore the whole database. \`all\` is refused by \`aws-rds-snapshot-public\`, and malformed lists are refused there too.`,
  references: { checkov: [] },
  kinds: SNAPSHOTS,
  params: z.object({
    accounts: z
      .array(z.string().regex(/^\d{12}$/, 'must be a 12-digit AWS account ID'))
      .meta({ description: "The platform's own AWS account IDs (12 digits), with which its snapshots may be shared without approval. Unset or empty: every account is foreign." }),
  }),
  check(ctx, { accounts = [] }) {
    const own = new Set(accounts);
    const { entries } = sharedEntries(ctx);
    for (const e of entries) {
      if (typeof e.value !== 'string' || isPublic(e.value) || own.has(e.value.trim())) continue;
      const why = own.size === 0 ? `no account is listed as the platform's own in ${ACCOUNTS}, so every account is foreign` : `it is not one of the platform's accounts in ${ACCOUNTS}`;
      ctx.unsafe(e.path, `${e.path} shares the snapshot with account ${describe(e.value, true)}, which can then restore the whole database, and ${why}; list the account there if it is the platform's, or have a human approve the share`);
    }
  },
}) satisfies Rule;

/** The RDS snapshot rules in evaluation order. */
export const DB_SNAPSHOT_RULES = [rdsSnapshotPublic, rdsSnapshotShared] as const satisfies readonly Rule[];
