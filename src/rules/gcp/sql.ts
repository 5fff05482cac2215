/**
 * Cloud SQL instances: no public IP unless a person approves it, never open
 * to the whole internet, TLS required, backups, deletion protection, and no
 * database flag that opens a known hole. Every field is under `settings`
 * (a one-element list in cluster-scoped v1beta1, an object elsewhere), and
 * `settings.ipConfiguration` likewise.
 */
import { formatFieldPath, isObject } from '../../lang/fieldpath.js';
import { defineRule, type Rule, type RuleContext } from '../../engine/rule.js';
import { describeExposure, judgeFamily, FAMILIES, parseCidr, unionOf, type Cidr } from '../kit/cidr.js';
import { fieldRules } from '../kit/field.js';
import { describe, explicitParams, inject, PARAM_BLOCKS, type Explicit } from '../params.js';
import { SQL_INSTANCE } from './kinds.js';

const IP = ['settings', 'ipConfiguration'] as const;
const IPV4 = [...IP, 'ipv4Enabled'];
const NETWORKS = [...IP, 'authorizedNetworks'];

/** One authorized network: its value, where it is, and the CIDR when it is one. */
interface Network {
  path: string;
  value: unknown;
  cidr?: Cidr;
  problem?: string;
}

/** The authorized networks of each parameter block that names any; a list that is not one is a problem of its own. */
function networksOf(ctx: RuleContext): { networks: Network[]; malformed: { path: string; message: string }[] } {
  const networks: Network[] = [];
  const malformed: { path: string; message: string }[] = [];
  for (const { path, value } of explicitParams(ctx.resource, NETWORKS)) {
    if (!Array.isArray(value)) {
      malformed.push({ path, message: `${path} must be a list of networks, got ${describe(value)}` });
      continue;
    }
    value.forEach((entry: unknown, i) => {
      const at = `${path}[${i}]`;
      if (!isObject(entry)) return void malformed.push({ path: at, message: `${at} must be an object with a value, got ${describe(entry)}` });
      const v = entry.value;
      const where = `${at}.value`;
      if (typeof v !== 'string') return void malformed.push({ path: where, message: `${where} must be a CIDR, got ${describe(v)}` });
      const parsed = parseCidr(v);
      if (!parsed.ok) malformed.push({ path: where, message: `${where} is ${JSON.stringify(v)}, not a CIDR: ${parsed.reason}; write a CIDR such as 198.51.100.0/24` });
      else networks.push({ path: where, value: v, cidr: parsed.cidr });
    });
  }
  return { networks, malformed };
}

/** Explicit values of a field, those of the wrong type reported. */
function typed(ctx: RuleContext, field: readonly string[], type: 'boolean' | 'string'): Explicit[] {
  const out: Explicit[] = [];
  for (const e of explicitParams(ctx.resource, field)) {
    if (typeof e.value === type) out.push(e);
    else ctx.unsafe(e.path, `${e.path} must be a ${type}, got ${describe(e.value)}`);
  }
  return out;
}

export const sqlPrivateIp = defineRule({
  id: 'gcp-sql-private-ip',
  title: 'Cloud SQL instances have no public IP by default',
  severity: 'high',
  defaultAction: 'Mutate',
  description:
    'Injects `settings.ipConfiguration.ipv4Enabled: false` into a DatabaseInstance that sets it in neither forProvider nor initProvider and names no authorized networks (Cloud SQL otherwise gives it a public IPv4 address); the instance is then reached through its private network (`privateNetwork`) or Private Service Connect, which the composition must set. Refuses a value that is not a boolean. An explicit `true`, or authorized networks with no `ipv4Enabled`, is a public IP asked for: `gcp-sql-public-ip` holds it.',
  fix: 'injects `settings.ipConfiguration.ipv4Enabled: false`.',
  references: { checkov: ['CKV_GCP_60'], trivy: ['GCP-0017'] },
  kinds: [SQL_INSTANCE],
  check(ctx) {
    const explicit = typed(ctx, IPV4, 'boolean');
    if (explicit.length > 0 || explicitParams(ctx.resource, IPV4).length > 0) return;
    if (explicitParams(ctx.resource, NETWORKS).length > 0) return;
    inject(ctx, IPV4, false, 'a public IP was not turned off: Cloud SQL gives the instance one unless ipv4Enabled is false');
  },
}) satisfies Rule;

export const sqlPublicIp = defineRule({
  id: 'gcp-sql-public-ip',
  title: 'A Cloud SQL public IP needs approval',
  severity: 'high',
  defaultAction: 'RequireApproval',
  description:
    'Holds for approval a DatabaseInstance with a public IPv4 address: `settings.ipConfiguration.ipv4Enabled: true` in forProvider or initProvider, or authorized networks named without `ipv4Enabled` (Cloud SQL\'s default is true). Clients that may connect are then the authorized networks (and anyone through the Cloud SQL Auth Proxy with the right IAM role); a person should confirm it. Whole-internet networks are refused by `gcp-sql-open-to-world`.',
  references: { checkov: ['CKV_GCP_60'], trivy: ['GCP-0017'] },
  kinds: [SQL_INSTANCE],
  check(ctx) {
    const explicit = explicitParams(ctx.resource, IPV4);
    const { networks } = networksOf(ctx);
    const named = networks.length > 0 ? `; authorized networks: ${[...new Set(networks.map((n) => String(n.value)))].slice(0, 5).join(', ')}` : '';
    for (const e of explicit) {
      if (e.value === true) ctx.unsafe(e.path, `${e.path} is true: the instance gets a public IP${named}; approve only if clients must reach it from outside its VPC, else use its private IP or the Cloud SQL Auth Proxy`);
    }
    if (explicit.length === 0 && explicitParams(ctx.resource, NETWORKS).length > 0) {
      const path = formatFieldPath(['spec', 'forProvider', ...IPV4]);
      ctx.unsafe(path, `authorized networks are named but ipv4Enabled is not set, so Cloud SQL gives the instance a public IP${named}; approve it, or set ipv4Enabled to false and remove the networks`);
    }
  },
}) satisfies Rule;

export const sqlOpenToWorld = defineRule({
  id: 'gcp-sql-open-to-world',
  title: 'Cloud SQL is never open to the whole internet',
  severity: 'critical',
  defaultAction: 'Deny',
  description:
    'Refuses a DatabaseInstance whose `settings.ipConfiguration.authorizedNetworks[*].value` together admit the whole IPv4 (or IPv6) address space: `0.0.0.0/0`, but also `0.0.0.0/1` with `128.0.0.0/1` or any other split (the ranges are unioned, see Address ranges in the README). Refuses a value that is not a CIDR, and networks that are not a list of objects: they cannot be judged. Judged whether or not the public IP is on, since turning it on later is one field away.',
  references: { checkov: ['CKV_GCP_11'], trivy: ['GCP-0017'] },
  kinds: [SQL_INSTANCE],
  check(ctx) {
    const { networks, malformed } = networksOf(ctx);
    for (const m of malformed) ctx.unsafe(m.path, m.message);
    for (const block of PARAM_BLOCKS) {
      const mine = networks.filter((n) => n.path.startsWith(`spec.${block}.`));
      if (mine.length === 0) continue;
      const set = unionOf(mine.map((n) => n.cidr!));
      for (const family of FAMILIES) {
        const found = judgeFamily(set, family, ctx.input.network.internetPrefix).exposure;
        if (found?.whole !== true) continue;
        const values = mine.map((n) => String(n.value));
        ctx.unsafe(
          mine[0]!.path.replace(/\[\d+\]\.value$/, ''),
          `authorized networks ${values.slice(0, 5).join(', ')}${values.length > 5 ? ` and ${values.length - 5} more` : ''} admit ${describeExposure(found, ctx.input.network.internetPrefix)}; name only the networks that must reach the database, or use its private IP`,
        );
      }
    }
  },
}) satisfies Rule;

/** `sslMode` values that refuse unencrypted connections (Cloud SQL Admin API `SslMode`). */
const ENCRYPTED_MODES = new Set(['ENCRYPTED_ONLY', 'TRUSTED_CLIENT_CERTIFICATE_REQUIRED']);

export const sqlTls = defineRule({
  id: 'gcp-sql-tls',
  title: 'Cloud SQL refuses unencrypted connections',
  severity: 'high',
  defaultAction: 'Mutate',
  description:
    'Injects `settings.ipConfiguration.sslMode: ENCRYPTED_ONLY` into a DatabaseInstance that sets neither `sslMode` nor the older `requireSsl` (provider-upjet-gcp v1.x) in a parameter block; Cloud SQL otherwise accepts unencrypted connections. Refuses `ALLOW_UNENCRYPTED_AND_ENCRYPTED` or any other value than `ENCRYPTED_ONLY` and `TRUSTED_CLIENT_CERTIFICATE_REQUIRED` (which Checkov requires; Trivy accepts both), an explicit `requireSsl: false` without an encrypted `sslMode` beside it, and values of the wrong type. `requireSsl: true` alone passes: it is `TRUSTED_CLIENT_CERTIFICATE_REQUIRED`, and Cloud SQL refuses `ENCRYPTED_ONLY` beside it.',
  fix: 'injects `settings.ipConfiguration.sslMode: ENCRYPTED_ONLY`.',
  references: { checkov: ['CKV_GCP_6'], trivy: ['GCP-0015'] },
  kinds: [SQL_INSTANCE],
  check(ctx) {
    const modes = typed(ctx, [...IP, 'sslMode'], 'string');
    const requires = typed(ctx, [...IP, 'requireSsl'], 'boolean');
    const malformed = explicitParams(ctx.resource, [...IP, 'sslMode']).length + explicitParams(ctx.resource, [...IP, 'requireSsl']).length > modes.length + requires.length;
    for (const m of modes) {
      if (!ENCRYPTED_MODES.has(m.value as string)) ctx.unsafe(m.path, `${m.path} is ${describe(m.value, true)}; set it to "ENCRYPTED_ONLY" (or "TRUSTED_CLIENT_CERTIFICATE_REQUIRED") so no client connects unencrypted`);
    }
    for (const r of requires) {
      if (r.value !== false) continue;
      const block = r.segments[1];
      if (!modes.some((m) => m.segments[1] === block)) ctx.unsafe(r.path, `${r.path} is false and no sslMode is set beside it, so unencrypted connections are accepted; remove it and set sslMode to "ENCRYPTED_ONLY"`);
    }
    if (modes.length + requires.length === 0 && !malformed) inject(ctx, [...IP, 'sslMode'], 'ENCRYPTED_ONLY', 'TLS was not required: Cloud SQL accepts unencrypted connections unless sslMode says otherwise');
  },
}) satisfies Rule;

export const [sqlBackups, sqlDeletionProtection] = fieldRules([
  {
    id: 'gcp-sql-backups',
    title: 'Cloud SQL instances are backed up',
    severity: 'medium',
    defaultAction: 'Mutate',
    on: [{ kind: SQL_INSTANCE, field: ['settings', 'backupConfiguration', 'enabled'] }],
    type: 'boolean',
    safe: true,
    inject: true,
    missing: 'automated backups were not turned on',
    unsafe: 'set it to true (or remove it) so Cloud SQL takes daily backups',
    why: 'Without automated backups a deletion, a bad migration or ransomware loses the data for good.',
    references: { checkov: ['CKV_GCP_14'], trivy: ['GCP-0024'] },
  },
  {
    id: 'gcp-sql-deletion-protection',
    title: 'Cloud SQL instances are protected from deletion',
    severity: 'medium',
    defaultAction: 'Warn',
    on: [{ kind: SQL_INSTANCE, field: ['settings', 'deletionProtectionEnabled'] }],
    type: 'boolean',
    safe: true,
    inject: true,
    missing: 'deletion protection was not turned on',
    unsafe: 'set it to true (or remove it) so the instance cannot be deleted until a person turns it off',
    why: 'A warning by default, like RDS deletion protection: Cloud SQL then refuses every delete, Crossplane\'s own included, until it is turned off; set the action to Mutate to inject it. The provider\'s own `deletionProtection` (true unless set) only stops the provider.',
  },
]) as [Rule, Rule];

/** Flags that open a known hole when on, by the engine that has them, with their references. */
const UNSAFE_FLAGS: ReadonlyMap<string, { engine: string; why: string }> = new Map([
  ['local_infile', { engine: 'MySQL', why: 'lets a client make the server read local files into tables' }],
  ['cross db ownership chaining', { engine: 'SQL Server', why: 'lets a database owner reach objects of other databases' }],
  ['contained database authentication', { engine: 'SQL Server', why: 'lets users authenticate to a database without a server login, outside the server\'s controls' }],
]);

export const sqlUnsafeFlags = defineRule({
  id: 'gcp-sql-unsafe-flags',
  title: 'Cloud SQL database flags open no known hole',
  severity: 'high',
  defaultAction: 'Deny',
  description: `Refuses a DatabaseInstance whose \`settings.databaseFlags\` sets any of ${[...UNSAFE_FLAGS].map(([name, f]) => `\`${name}\` (${f.engine}: ${f.why})`).join(', ')} to a value other than \`off\`, whatever the \`databaseVersion\` (the engine decides which flags it accepts). Absent, each is off. Flags that are not a list of \`{name, value}\` objects are refused: they cannot be judged.`,
  references: { checkov: ['CKV_GCP_50', 'CKV_GCP_58', 'CKV_GCP_59'], trivy: ['GCP-0019', 'GCP-0023', 'GCP-0026'] },
  kinds: [SQL_INSTANCE],
  check(ctx) {
    for (const { path, value } of explicitParams(ctx.resource, ['settings', 'databaseFlags'])) {
      if (!Array.isArray(value)) {
        ctx.unsafe(path, `${path} must be a list of {name, value}, got ${describe(value)}`);
        continue;
      }
      value.forEach((flag: unknown, i) => {
        const where = `${path}[${i}]`;
        if (!isObject(flag)) return ctx.unsafe(where, `${where} must be an object with a name and a value, got ${describe(flag)}`);
        if (typeof flag.name !== 'string') return ctx.unsafe(`${where}.name`, `${where}.name must be a string, got ${describe(flag.name)}`);
        const known = UNSAFE_FLAGS.get(flag.name.trim().toLowerCase());
        if (known === undefined) return;
        if (typeof flag.value !== 'string') return ctx.unsafe(`${where}.value`, `${where}.value must be a string, got ${describe(flag.value)}`);
        if (flag.value.trim().toLowerCase() !== 'off') ctx.unsafe(`${where}.value`, `${where}.value is ${describe(flag.value, true)}: ${flag.name} ${known.why}; set it to "off" or remove the flag`);
      });
    }
  },
}) satisfies Rule;

/** The Cloud SQL rules in evaluation order. */
export const SQL_RULES = [sqlPrivateIp, sqlPublicIp, sqlOpenToWorld, sqlTls, sqlBackups, sqlDeletionProtection, sqlUnsafeFlags] as const satisfies readonly Rule[];
