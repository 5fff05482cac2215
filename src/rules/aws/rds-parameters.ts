/**
 * RDS parameter groups: TLS required. The parameters live in a
 * ParameterGroup (instances) or ClusterParameterGroup (Aurora and Multi-AZ
 * clusters); a database that names none gets the engine's default group,
 * which for MySQL-family engines does not require TLS. Field names from provider-upjet-aws 75a4c57162d0: `parameterGroupName`
 * on Instance, `dbClusterParameterGroupName` on Cluster, `family` and
 * `parameter` on both group kinds.
 */
import { defineRule, type KindRef, type Rule, type RuleContext } from '../../engine/rule.js';
import { explicitParams } from '../params.js';
import { parameters } from './db-parameters.js';
import { enginesReadable, oneEngine } from './rds.js';

const GROUPS: readonly KindRef[] = [
  { cloud: 'aws', service: 'rds', kind: 'ParameterGroup' },
  { cloud: 'aws', service: 'rds', kind: 'ClusterParameterGroup' },
];
const DATABASES: readonly KindRef[] = [
  { cloud: 'aws', service: 'rds', kind: 'Instance' },
  { cloud: 'aws', service: 'rds', kind: 'Cluster' },
];

/** The field that names a database's parameter group. */
const GROUP_FIELD: Readonly<Record<string, string>> = { Instance: 'parameterGroupName', Cluster: 'dbClusterParameterGroupName' };

/** Does the database name a parameter group (the field, its reference or selector)? */
function namesGroup(ctx: RuleContext): boolean {
  const field = GROUP_FIELD[ctx.type.kind]!;
  return [field, `${field}Ref`, `${field}Selector`].some((f) => explicitParams(ctx.resource, [f]).length > 0);
}

/** The database's one engine, lower-cased; undefined when absent, several, or an Aurora member Instance; null when malformed (reported). */
function engineOf(ctx: RuleContext): string | null | undefined {
  if (!enginesReadable(ctx)) return null;
  const engine = oneEngine(ctx);
  // An Aurora Instance is a member of its Cluster, whose parameter group is judged.
  if (engine === undefined || engine === false || (ctx.type.kind === 'Instance' && engine.startsWith('aurora'))) return undefined;
  return engine;
}

/** `a postgres`, `an aurora-mysql`. */
const article = (engine: string) => `${/^[aeiou]/.test(engine) ? 'an' : 'a'} ${engine}`;

const MYSQL = new Set(['mysql', 'mariadb', 'aurora-mysql', 'aurora']);

/** Values of the TLS parameters that let clients connect in plain text. */
const PLAINTEXT: Readonly<Record<string, ReadonlySet<string>>> = {
  'rds.force_ssl': new Set(['0']),
  require_secure_transport: new Set(['0', 'off', 'false']),
};

export const rdsParameterTls = defineRule({
  id: 'aws-rds-parameter-tls',
  title: 'RDS parameter groups keep TLS required',
  severity: 'high',
  defaultAction: 'Deny',
  description:
    'Refuses an RDS ParameterGroup or ClusterParameterGroup that sets `rds.force_ssl` to `0` (PostgreSQL, SQL Server) or `require_secure_transport` to `0`/`OFF` (MySQL, MariaDB, Aurora MySQL): every database of the group then accepts connections in plain text. Warns about a MySQL, MariaDB or Aurora MySQL Instance or Cluster that names no parameter group: the default group does not require TLS. A parameter list that is not a list of `{name, value}` strings is refused.',
  references: { checkov: ['CKV2_AWS_69'] },
  kinds: [...GROUPS, ...DATABASES],
  check(ctx) {
    if (ctx.type.kind === 'ParameterGroup' || ctx.type.kind === 'ClusterParameterGroup') {
      for (const p of parameters(ctx) ?? []) {
        if (PLAINTEXT[p.name]?.has(p.value.trim().toLowerCase()) === true) ctx.unsafe(p.path, `${p.path} sets ${p.name} to ${JSON.stringify(p.value)}: databases of this group accept connections in plain text; set it to 1 (or remove it) so clients must use TLS`);
      }
      return;
    }
    const engine = engineOf(ctx);
    if (engine === null || engine === undefined || !MYSQL.has(engine) || namesGroup(ctx)) return;
    ctx.notice(`spec.forProvider.${GROUP_FIELD[ctx.type.kind]!}`, `${article(engine)} database with the default parameter group accepts connections in plain text (require_secure_transport is off); name a parameter group that sets require_secure_transport to 1`);
  },
}) satisfies Rule;

/** The RDS parameter group rule. */
export const RDS_PARAMETER_RULES = [rdsParameterTls] as const satisfies readonly Rule[];
