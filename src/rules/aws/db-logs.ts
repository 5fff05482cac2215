/**
 * Database logs that leave a trace: the log types an RDS, Aurora, Neptune or
 * DocumentDB database exports to CloudWatch Logs, MQ broker audit logs, and
 * DocumentDB's audit parameter. What to export depends on the engine, so the
 * injected list is the engine's, and an engine this table does not know is
 * warned about, never guessed. Field names from provider-upjet-aws
 * 75a4c57162d0: `enabledCloudwatchLogsExports` on rds and docdb,
 * `enableCloudwatchLogsExports` on neptune; MQ's `logs.audit` is a string.
 */
import { defineRule, type KindRef, type ProviderKindRef, type Rule, type RuleContext } from '../../engine/rule.js';
import { describe, explicitParams, inject } from '../params.js';
import { parameters } from './db-parameters.js';
import { enginesReadable, oneEngine } from './rds.js';

/** The log types exported where none are set, by engine (prefix for the Oracle and SQL Server editions). */
const EXPORTS: readonly { label: string; engine: (e: string) => boolean; logs: readonly string[] }[] = [
  { label: 'PostgreSQL and Aurora PostgreSQL', engine: (e) => e === 'postgres' || e === 'aurora-postgresql', logs: ['postgresql'] },
  { label: 'Aurora MySQL', engine: (e) => e === 'aurora-mysql' || e === 'aurora', logs: ['audit', 'error', 'slowquery'] },
  { label: 'MySQL and MariaDB', engine: (e) => e === 'mysql' || e === 'mariadb', logs: ['error', 'slowquery'] },
  { label: 'Oracle', engine: (e) => e.startsWith('oracle-'), logs: ['alert', 'listener'] },
  { label: 'SQL Server', engine: (e) => e.startsWith('sqlserver-'), logs: ['error'] },
  { label: 'DocumentDB', engine: (e) => e === 'docdb', logs: ['audit', 'profiler'] },
  { label: 'Neptune', engine: (e) => e === 'neptune', logs: ['audit'] },
];

/** Engines whose exports must include `audit`: who connected and what they ran (Checkov CKV_AWS_325, CKV_AWS_85, CKV_AWS_101). */
const NEEDS_AUDIT = (kind: string, engine: string) => engine === 'docdb' || engine === 'neptune' || (kind === 'Cluster' && (engine === 'aurora-mysql' || engine === 'aurora'));

/** Each kind, its field, and its engine where the kind has only one (and it is the default). */
const LOGGED: readonly { kind: ProviderKindRef; field: string; engine?: string }[] = [
  { kind: { cloud: 'aws', service: 'rds', kind: 'Instance' }, field: 'enabledCloudwatchLogsExports' },
  { kind: { cloud: 'aws', service: 'rds', kind: 'Cluster' }, field: 'enabledCloudwatchLogsExports' },
  { kind: { cloud: 'aws', service: 'docdb', kind: 'Cluster' }, field: 'enabledCloudwatchLogsExports', engine: 'docdb' },
  { kind: { cloud: 'aws', service: 'neptune', kind: 'Cluster' }, field: 'enableCloudwatchLogsExports', engine: 'neptune' },
];
/** LOGGED by ref, each with its field as the path params.ts takes (made once, not per resource). */
const BY_REF = new Map(LOGGED.map((l) => [`aws/${l.kind.service}/${l.kind.kind}`, { ...l, path: [l.field] }]));

/** The one engine of the resource: its explicit value, the kind's only engine, or undefined (none, several, malformed: reported). */
function engineOf(ctx: RuleContext, only: string | undefined): string | null | undefined {
  if (!enginesReadable(ctx)) return null;
  const engine = oneEngine(ctx);
  return engine === false ? undefined : (engine ?? only);
}

export const dbLogExports = defineRule({
  id: 'aws-db-log-exports',
  title: 'Databases export their logs to CloudWatch Logs',
  severity: 'medium',
  defaultAction: 'Mutate',
  description: `Injects the engine's log types into RDS Instances and Clusters (\`enabledCloudwatchLogsExports\`), DocumentDB Clusters (same field) and Neptune Clusters (\`enableCloudwatchLogsExports\`) that set none: ${EXPORTS.map((x) => `${x.label}: ${x.logs.map((l) => `\`${l}\``).join(', ')}`).join('; ')}. Refuses an explicit empty list, a list that is not a list of strings, and, on Aurora MySQL Clusters, DocumentDB and Neptune, a list without \`audit\`. An Aurora member Instance is left alone (its Cluster exports), and an engine the table does not know (or an Instance with no engine: a replica or a restore) gets a warning instead of a guess. Log types the engine produces only with a parameter (general, audit on RDS MySQL) stay the author's choice.`,
  fix: 'injects the engine\'s log types.',
  references: { checkov: ['CKV_AWS_129', 'CKV_AWS_324', 'CKV_AWS_325', 'CKV_AWS_85', 'CKV_AWS_101'], trivy: ['AWS-0020', 'AWS-0075'] },
  kinds: LOGGED.map((l) => l.kind),
  check(ctx) {
    const l = BY_REF.get(ctx.type.ref);
    if (l === undefined) return;
    const engine = engineOf(ctx, l.engine);
    if (engine === null) return;
    if (ctx.type.ref === 'aws/rds/Instance' && engine?.startsWith('aurora') === true) return;
    const found = explicitParams(ctx.resource, l.path);
    for (const { path, value } of found) {
      if (!Array.isArray(value) || value.some((v) => typeof v !== 'string')) ctx.unsafe(path, `${path} must be a list of log types (strings), got ${Array.isArray(value) ? 'a list with an entry that is not a string' : describe(value)}`);
      else if (value.length === 0) ctx.unsafe(path, `${path} is empty: the database exports no logs; list its log types (${EXPORTS.find((x) => engine !== undefined && x.engine(engine))?.logs.join(', ') ?? 'see the engine\'s documentation'}) or remove the field`);
      else if (engine !== undefined && NEEDS_AUDIT(ctx.type.kind, engine) && !value.includes('audit')) ctx.unsafe(path, `${path} does not include "audit": who connected and what they ran leaves no trace; add "audit"`);
    }
    if (found.length > 0) return;
    const logs = engine === undefined ? undefined : EXPORTS.find((x) => x.engine(engine))?.logs;
    if (logs === undefined) {
      ctx.notice(`spec.forProvider.${l.field}`, `no logs are exported, and ${engine === undefined ? 'the engine is not set here (or is not one)' : `engine ${JSON.stringify(engine)} is not one this rule knows`}, so none were chosen; set ${l.field} to the engine's log types`);
      return;
    }
    inject(ctx, l.path, [...logs], 'the database exported no logs to CloudWatch Logs'); // a copy: the injected list becomes the resource's own
  },
}) satisfies Rule;

const MQ: KindRef = { cloud: 'aws', service: 'mq', kind: 'Broker' };

export const mqAuditLogs = defineRule({
  id: 'aws-mq-audit-logs',
  title: 'ActiveMQ brokers publish audit logs',
  severity: 'medium',
  defaultAction: 'Mutate',
  description:
    'Injects `logs.audit: "true"` into an MQ Broker whose `engineType` is ActiveMQ and that does not set it (RabbitMQ has no audit log, and is left alone). The CRD types the field as a string: `"true"`. Refuses an explicit other value on ActiveMQ, and a value that is not a string; a broker whose engineType is not a string is refused as malformed.',
  fix: 'injects `logs.audit: "true"`.',
  references: { checkov: ['CKV_AWS_197'], trivy: ['AWS-0070'] },
  kinds: [MQ],
  check(ctx) {
    const types = explicitParams(ctx.resource, ['engineType']);
    const bad = types.find((t) => typeof t.value !== 'string');
    if (bad !== undefined) return ctx.unsafe(bad.path, `${bad.path} must be a string, got ${describe(bad.value)}`);
    if (!types.some((t) => (t.value as string).trim().toLowerCase() === 'activemq')) return;
    const found = explicitParams(ctx.resource, ['logs', 'audit']);
    for (const { path, value } of found) {
      if (typeof value !== 'string') ctx.unsafe(path, `${path} must be the string "true", got ${describe(value)}`);
      else if (value !== 'true') ctx.unsafe(path, `${path} is ${describe(value, true)}; set it to "true" (quoted: the CRD types it as a string) so changes to users, queues and configuration are recorded`);
    }
    if (found.length === 0) inject(ctx, ['logs', 'audit'], 'true', 'audit logging was not turned on');
  },
}) satisfies Rule;

/** The parameter of a DocumentDB cluster parameter group that turns audit logging on, and its values that do. */
const AUDIT_PARAMETER = 'audit_logs';
const AUDIT_ON = new Set(['enabled', 'ddl', 'dml_read', 'dml_write', 'all']);

export const docdbAuditParameter = defineRule({
  id: 'aws-docdb-audit-parameter',
  title: 'DocumentDB parameter groups turn audit logging on',
  severity: 'medium',
  defaultAction: 'Warn',
  description: `Reports a DocumentDB ClusterParameterGroup whose \`parameter\` list does not set \`${AUDIT_PARAMETER}\` to a value that records events (${[...AUDIT_ON].map((v) => `\`${v}\``).join(', ')}; combinations separated by commas count when one part does): DocumentDB then writes no audit events, whatever the cluster exports. A parameter list that is not a list of \`{name, value}\` objects is reported. A warning: the parameter group is shared by the clusters that name it, a change the author makes on purpose.`,
  references: { checkov: ['CKV_AWS_104'] },
  kinds: [{ cloud: 'aws', service: 'docdb', kind: 'ClusterParameterGroup' }],
  check(ctx) {
    const params = parameters(ctx);
    if (params === undefined) return;
    const audit = params.filter((p) => p.name === AUDIT_PARAMETER);
    for (const p of audit) {
      if (!p.value.split(',').some((v) => AUDIT_ON.has(v.trim().toLowerCase()))) ctx.unsafe(p.path, `${p.path} sets ${AUDIT_PARAMETER} to ${JSON.stringify(p.value)}: DocumentDB records no audit events; set it to "enabled"`);
    }
    if (audit.length === 0) ctx.unsafe('spec.forProvider.parameter', `the group does not set ${AUDIT_PARAMETER}, which is disabled by default; add {name: ${AUDIT_PARAMETER}, value: enabled}`);
  },
}) satisfies Rule;

/** The database log rules, in evaluation order. */
export const DB_LOG_RULES = [dbLogExports, mqAuditLogs, docdbAuditParameter] as const satisfies readonly Rule[];
