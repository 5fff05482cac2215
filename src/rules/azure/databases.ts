/**
 * Azure databases (SQL, PostgreSQL, MySQL): no public network endpoint,
 * and connections over TLS 1.2 or later. Their firewall rules are judged
 * in firewall.ts.
 */
import { defineRule, type ProviderKindRef, type Rule } from '../../engine/rule.js';
import { fieldRule } from '../kit/field.js';
import { describe, explicitParams } from '../params.js';

const az = (service: string, kind: string): ProviderKindRef => ({ cloud: 'azure', service, kind });

const MSSQL = az('sql', 'MSSQLServer');
const POSTGRES_FLEXIBLE = az('dbforpostgresql', 'FlexibleServer');
const POSTGRES_SINGLE = az('dbforpostgresql', 'Server');
const MYSQL_FLEXIBLE = az('dbformysql', 'FlexibleServer');

export const databasePublicNetwork = fieldRule({
  id: 'azure-database-public-network',
  title: 'Databases have no public network endpoint',
  severity: 'high',
  defaultAction: 'Mutate',
  on: [
    { kind: MSSQL, field: ['publicNetworkAccessEnabled'] },
    { kind: POSTGRES_FLEXIBLE, field: ['publicNetworkAccessEnabled'] },
    { kind: POSTGRES_SINGLE, field: ['publicNetworkAccessEnabled'] },
    // provider-upjet-azure a983cb478cbd: MySQL's is a string, "Enabled" or "Disabled".
    { kind: MYSQL_FLEXIBLE, field: ['publicNetworkAccess'], type: 'string', safe: 'Disabled', inject: 'Disabled', unsafe: 'set it to "Disabled" (or remove it) and reach the server through a private endpoint or virtual network integration' },
  ],
  type: 'boolean',
  safe: false,
  inject: false,
  missing: 'public network access was not turned off; Azure turns it on',
  unsafe: 'set it to false (or remove it) and reach the server through a private endpoint or virtual network integration',
  why: 'With it on, the server answers the internet, limited only by its firewall rules and its passwords. A PostgreSQL or MySQL flexible server in a delegated subnet must have it off anyway. Note that a client outside the virtual network then needs a private endpoint.',
  references: { checkov: ['CKV_AZURE_113', 'CKV_AZURE_68'], trivy: ['AZU-0022'] },
}) satisfies Rule;

/** The one-field half of `azure-database-min-tls`: servers with a minimum TLS version of their own. */
const tlsFields = fieldRule({
  id: 'azure-database-min-tls-fields',
  title: 'Database servers require TLS 1.2 or later',
  severity: 'high',
  defaultAction: 'Mutate',
  on: [
    { kind: MSSQL, field: ['minimumTlsVersion'] },
    {
      kind: POSTGRES_SINGLE,
      field: ['sslMinimalTlsVersionEnforced'],
      safe: { test: (v) => v === 'TLS1_2' || v === 'TLS1_3', words: '`"TLS1_2"` or `"TLS1_3"`' },
      inject: 'TLS1_2',
      unsafe: 'set it to "TLS1_2" (or remove it): "TLSEnforcementDisabled", TLS 1.0 and 1.1 let clients connect with broken or no encryption',
    },
  ],
  type: 'string',
  safe: { test: (v) => v === '1.2' || v === '1.3', words: '`"1.2"` or `"1.3"`' },
  inject: '1.2',
  missing: 'no minimum TLS version was set',
  unsafe: 'set it to "1.2" (or remove it): "Disabled", 1.0 and 1.1 let clients connect with weak or no encryption',
  why: '',
});

/** Server parameters of flexible servers that decide TLS, by server kind: the parameter, and when its value is unsafe. */
const TLS_PARAMETERS: ReadonlyMap<string, readonly { name: string; unsafe(value: string): boolean; advice: string }[]> = new Map([
  [
    'azure/dbforpostgresql/FlexibleServerConfiguration',
    [
      { name: 'require_secure_transport', unsafe: (v) => /^(off|false|0|no)$/i.test(v.trim()), advice: 'clients could connect without TLS; leave it "on"' },
      { name: 'ssl_min_protocol_version', unsafe: (v) => !/^TLSv1\.[23]$/i.test(v.trim()), advice: 'set it to "TLSv1.2" or "TLSv1.3"' },
    ],
  ],
  [
    'azure/dbformysql/FlexibleServerConfiguration',
    [
      { name: 'require_secure_transport', unsafe: (v) => /^(off|false|0|no)$/i.test(v.trim()), advice: 'clients could connect without TLS; leave it "ON"' },
      { name: 'tls_version', unsafe: (v) => v.split(',').some((p) => !/^TLSv1\.[23]$/i.test(p.trim())), advice: 'list only "TLSv1.2" and "TLSv1.3"' },
    ],
  ],
]);

export const databaseMinTls = defineRule({
  id: 'azure-database-min-tls',
  title: 'Database connections require TLS 1.2 or later',
  severity: 'high',
  defaultAction: 'Mutate',
  description: `${tlsFields.description.trim()} Flexible servers have no such field: their TLS is a server parameter, so a PostgreSQL \`FlexibleServerConfiguration\` that sets \`require_secure_transport\` off or \`ssl_min_protocol_version\` below \`TLSv1.2\`, and a MySQL one that sets \`require_secure_transport\` off or a \`tls_version\` listing TLS 1.0 or 1.1, are refused (the parameter name compared without case, as the servers do); a name or value that is not a string is refused too. Both kinds of flexible server default to TLS 1.2 and require it.`,
  ...(tlsFields.fix !== undefined ? { fix: tlsFields.fix } : {}),
  references: { checkov: ['CKV_AZURE_52', 'CKV_AZURE_147'], trivy: ['AZU-0026'] },
  kinds: [...(tlsFields.kinds as readonly ProviderKindRef[]), az('dbforpostgresql', 'FlexibleServerConfiguration'), az('dbformysql', 'FlexibleServerConfiguration')],
  check(ctx) {
    if (tlsFields.appliesTo(ctx.type)) {
      tlsFields.check(ctx, {});
      return;
    }
    const parameters = TLS_PARAMETERS.get(ctx.type.ref);
    if (parameters === undefined) return;
    const names = explicitParams(ctx.resource, ['name']);
    const values = explicitParams(ctx.resource, ['value']);
    for (const { path, value } of [...names, ...values]) if (typeof value !== 'string') ctx.unsafe(path, `${path} must be a string, got ${describe(value)}`);
    for (const { value: name } of names) {
      if (typeof name !== 'string') continue;
      const parameter = parameters.find((p) => p.name === name.trim().toLowerCase());
      if (parameter === undefined) continue;
      for (const { path, value } of values) {
        if (typeof value === 'string' && parameter.unsafe(value)) ctx.unsafe(path, `${path} is ${describe(value, true)} for the server parameter ${parameter.name}: ${parameter.advice}`);
      }
    }
  },
}) satisfies Rule;

export const postgresqlSslEnforced = fieldRule({
  id: 'azure-postgresql-ssl-enforced',
  title: 'PostgreSQL single servers enforce SSL',
  severity: 'high',
  defaultAction: 'Mutate',
  on: [{ kind: POSTGRES_SINGLE, field: ['sslEnforcementEnabled'] }],
  type: 'boolean',
  safe: true,
  inject: true,
  missing: 'SSL enforcement was not turned on',
  unsafe: 'set it to true (or remove it) so clients cannot connect in clear text',
  why: 'Azure Database for PostgreSQL single server is retired; new servers should be flexible servers, which require TLS by default.',
  references: { checkov: ['CKV_AZURE_29'], trivy: ['AZU-0020'] },
}) satisfies Rule;

/** The database rules in evaluation order. */
export const DATABASE_RULES = [databasePublicNetwork, databaseMinTls, postgresqlSslEnforced] as const satisfies readonly Rule[];
