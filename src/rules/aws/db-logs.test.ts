import { describe, it } from 'vitest';
import { actions, awsResource, finding, injected, inManifest, mutation, runCase, SAME, served, withInit, withPolicies, type Case, type Served } from '../../../test/builders/aws-data.js';
import { carried, injectedCarried } from '../../../test/builders.js';
import { dbLogExports, docdbAuditParameter, mqAuditLogs } from './db-logs.js';
import { dbParameterTls } from './db-parameters.js';

// Served shapes (provider-upjet-aws 75a4c57162d0): rds Instance v1beta1-3, rds Cluster and neptune Cluster v1beta1-2, docdb Cluster v1beta1,
// mq Broker v1beta1-2, parameter groups v1beta1; each also namespaced v1beta1.
const shapes = (...cluster: string[]): Served[] => [...cluster.map((v) => served('cluster', v)), served('namespaced', 'v1beta1')];

const KINDS = [
  { service: 'rds', kind: 'Instance', field: 'enabledCloudwatchLogsExports', base: { engine: 'postgres', instanceClass: 'db.t4g.micro' }, logs: ['postgresql'], shapes: shapes('v1beta1', 'v1beta2', 'v1beta3') },
  { service: 'rds', kind: 'Instance', field: 'enabledCloudwatchLogsExports', base: { engine: 'mysql', instanceClass: 'db.t4g.micro' }, logs: ['error', 'slowquery'], shapes: shapes('v1beta3') },
  { service: 'rds', kind: 'Instance', field: 'enabledCloudwatchLogsExports', base: { engine: 'sqlserver-ex', instanceClass: 'db.t3.small' }, logs: ['error'], shapes: shapes('v1beta3') },
  { service: 'rds', kind: 'Instance', field: 'enabledCloudwatchLogsExports', base: { engine: 'oracle-se2', instanceClass: 'db.t3.small' }, logs: ['alert', 'listener'], shapes: shapes('v1beta3') },
  { service: 'rds', kind: 'Cluster', field: 'enabledCloudwatchLogsExports', base: { engine: 'aurora-mysql' }, logs: ['audit', 'error', 'slowquery'], shapes: shapes('v1beta1', 'v1beta2') },
  { service: 'rds', kind: 'Cluster', field: 'enabledCloudwatchLogsExports', base: { engine: 'aurora-postgresql' }, logs: ['postgresql'], shapes: shapes('v1beta2') },
  { service: 'docdb', kind: 'Cluster', field: 'enabledCloudwatchLogsExports', base: {}, logs: ['audit', 'profiler'], shapes: shapes('v1beta1') },
  { service: 'neptune', kind: 'Cluster', field: 'enableCloudwatchLogsExports', base: {}, logs: ['audit'], shapes: shapes('v1beta1', 'v1beta2') },
];

const MISSING = 'the database exported no logs to CloudWatch Logs';

const exportCases: Case[] = KINDS.flatMap((k) =>
  k.shapes.flatMap((s): Case[] => {
    const at = (what: string) => `${k.service} ${k.kind} (${String((k.base as { engine?: string }).engine ?? k.service)}) on ${s.label}: ${what}`;
    const db = (forProvider: Record<string, unknown> = {}) => awsResource(k.service, k.kind, s, { ...k.base, ...forProvider });
    const path = `spec.forProvider.${k.field}`;
    const needsAudit = k.logs.includes('audit');
    const out: Case[] = [
      { name: at('the engine\'s logs: passes'), reason: 'exports set', resource: db({ [k.field]: k.logs }), rules: [dbLogExports], want: { desired: SAME, mutations: [], findings: [] } },
      { name: at('exports in initProvider: passes'), reason: 'initProvider is applied at creation', resource: withInit(db(), { [k.field]: k.logs }), rules: [dbLogExports], want: { desired: SAME, mutations: [], findings: [] } },
      {
        name: at('none: the engine\'s logs injected'),
        reason: 'CKV_AWS_129 and its siblings: the logs must leave the database',
        resource: db(),
        rules: [dbLogExports],
        want: { desired: injected(db(), { [k.field]: k.logs }, dbLogExports.id), mutations: [mutation(dbLogExports, path, k.logs)], findings: [] },
      },
      {
        name: at('an empty list: refused'),
        reason: 'an explicit empty list exports nothing',
        resource: db({ [k.field]: [] }),
        rules: [dbLogExports],
        want: { desired: SAME, mutations: [], findings: [finding(dbLogExports, 'Deny', path, `${path} is empty: the database exports no logs; list its log types (${k.logs.join(', ')}) or remove the field`)] },
      },
      {
        name: at('a string: refused as malformed'),
        reason: 'a list is expected',
        resource: db({ [k.field]: k.logs[0] }),
        rules: [dbLogExports],
        want: { desired: SAME, mutations: [], findings: [finding(dbLogExports, 'Deny', path, `${path} must be a list of log types (strings), got the string ${JSON.stringify(k.logs[0])}`)] },
      },
      { name: at('observe-only, empty'), reason: 'not judged', resource: withPolicies(db({ [k.field]: [] }), ['Observe']), rules: [dbLogExports], want: { desired: SAME, mutations: [], findings: [] } },
      {
        name: at('carried by an Object, none: injected into the manifest'),
        reason: 'what an Object carries is created as is',
        resource: carried(db()),
        rules: [dbLogExports],
        want: { desired: injectedCarried(db(), { [k.field]: k.logs }, dbLogExports.id), mutations: [mutation(dbLogExports, inManifest(path), k.logs)], findings: [] },
      },
      {
        name: at('action Warn, none: reported'),
        reason: 'under Warn the list Mutate would set is reported',
        resource: db(),
        rules: [dbLogExports],
        input: actions({ 'aws-db-log-exports': 'Warn' }),
        want: { desired: SAME, mutations: [], findings: [{ ...finding(dbLogExports, 'Warn', path, MISSING), fix: { path, value: k.logs } }] },
      },
    ];
    if (needsAudit) {
      out.push({
        name: at('exports without audit: refused'),
        reason: 'CKV_AWS_325, CKV_AWS_85, CKV_AWS_101: audit records who connected and what they ran',
        resource: db({ [k.field]: k.logs.filter((l) => l !== 'audit').concat(k.logs.length === 1 ? ['slowquery'] : []) }),
        rules: [dbLogExports],
        want: { desired: SAME, mutations: [], findings: [finding(dbLogExports, 'Deny', path, `${path} does not include "audit": who connected and what they ran leaves no trace; add "audit"`)] },
      });
    }
    return out;
  }),
);

const V3 = served('cluster', 'v1beta3');
const logProbes: Case[] = [
  {
    name: 'an RDS read replica without an engine: warned, nothing guessed',
    reason: 'a replica takes its engine from the source; the log types cannot be chosen here',
    resource: awsResource('rds', 'Instance', V3, { replicateSourceDb: 'orders', instanceClass: 'db.t4g.micro' }),
    rules: [dbLogExports],
    want: { desired: SAME, mutations: [], findings: [finding(dbLogExports, 'Warn', 'spec.forProvider.enabledCloudwatchLogsExports', 'no logs are exported, and the engine is not set here (or is not one), so none were chosen; set enabledCloudwatchLogsExports to the engine\'s log types')] },
  },
  {
    name: 'an RDS Db2 instance: warned, nothing guessed',
    reason: 'an engine the table does not know',
    resource: awsResource('rds', 'Instance', V3, { engine: 'db2-se', instanceClass: 'db.r6i.large' }),
    rules: [dbLogExports],
    want: { desired: SAME, mutations: [], findings: [finding(dbLogExports, 'Warn', 'spec.forProvider.enabledCloudwatchLogsExports', 'no logs are exported, and engine "db2-se" is not one this rule knows, so none were chosen; set enabledCloudwatchLogsExports to the engine\'s log types')] },
  },
  {
    name: 'an Aurora member Instance is left alone',
    reason: 'its Cluster exports the logs',
    resource: awsResource('rds', 'Instance', V3, { engine: 'aurora-postgresql', instanceClass: 'db.r6g.large' }),
    rules: [dbLogExports],
    want: { desired: SAME, mutations: [], findings: [] },
  },
  {
    name: 'an engine that is not a string: refused as malformed',
    reason: 'the engine decides the logs; a malformed one is never passed',
    resource: awsResource('rds', 'Cluster', served('cluster', 'v1beta2'), { engine: ['aurora-mysql'] }),
    rules: [dbLogExports],
    want: { desired: SAME, mutations: [], findings: [finding(dbLogExports, 'Deny', 'spec.forProvider.engine', 'spec.forProvider.engine must be a string, got an array')] },
  },
  {
    name: 'an agent turns off Neptune audit exports by listing only slowquery: refused',
    reason: 'CKV_AWS_101',
    resource: awsResource('neptune', 'Cluster', served('namespaced', 'v1beta1'), { enableCloudwatchLogsExports: ['slowquery'] }),
    rules: [dbLogExports],
    want: { desired: SAME, mutations: [], findings: [finding(dbLogExports, 'Deny', 'spec.forProvider.enableCloudwatchLogsExports', 'spec.forProvider.enableCloudwatchLogsExports does not include "audit": who connected and what they ran leaves no trace; add "audit"')] },
  },
];

// MQ audit logs.
const AUDIT_ADVICE = 'set it to "true" (quoted: the CRD types it as a string) so changes to users, queues and configuration are recorded';
const mqCases: Case[] = shapes('v1beta1', 'v1beta2').flatMap((s): Case[] => {
  const at = (what: string) => `mq Broker on ${s.label}: ${what}`;
  const broker = (forProvider: Record<string, unknown> = {}) => awsResource('mq', 'Broker', s, { engineType: 'ActiveMQ', hostInstanceType: 'mq.t3.micro', ...forProvider });
  const logs = (audit: unknown) => ({ logs: s.blocks === 'array' ? [{ audit }] : { audit } });
  const path = s.blocks === 'array' ? 'spec.forProvider.logs[0].audit' : 'spec.forProvider.logs.audit';
  return [
    { name: at('audit "true": passes'), reason: 'audit logs on', resource: broker(logs('true')), rules: [mqAuditLogs], want: { desired: SAME, mutations: [], findings: [] } },
    {
      name: at('ActiveMQ without audit: injected'),
      reason: 'CKV_AWS_197',
      resource: broker(),
      rules: [mqAuditLogs],
      want: { desired: injected(broker(), logs('true'), mqAuditLogs.id), mutations: [mutation(mqAuditLogs, 'spec.forProvider.logs', s.blocks === 'array' ? [{ audit: 'true' }] : { audit: 'true' })], findings: [] },
    },
    { name: at('audit "false": refused'), reason: 'explicitly off', resource: broker(logs('false')), rules: [mqAuditLogs], want: { desired: SAME, mutations: [], findings: [finding(mqAuditLogs, 'Deny', path, `${path} is "false"; ${AUDIT_ADVICE}`)] } },
    { name: at('audit as a boolean: refused as malformed'), reason: 'the CRD field is a string', resource: broker(logs(true)), rules: [mqAuditLogs], want: { desired: SAME, mutations: [], findings: [finding(mqAuditLogs, 'Deny', path, `${path} must be the string "true", got boolean true`)] } },
    { name: at('RabbitMQ: left alone'), reason: 'RabbitMQ has no audit log', resource: broker({ engineType: 'RabbitMQ' }), rules: [mqAuditLogs], want: { desired: SAME, mutations: [], findings: [] } },
    {
      name: at('engineType ACTIVEMQ in initProvider only: injected'),
      reason: 'the engine type is read from both blocks, in any case',
      resource: withInit(broker({ engineType: undefined }), { engineType: 'ACTIVEMQ' }),
      rules: [mqAuditLogs],
      want: { desired: injected(withInit(broker({ engineType: undefined }), { engineType: 'ACTIVEMQ' }), logs('true'), mqAuditLogs.id), mutations: [mutation(mqAuditLogs, 'spec.forProvider.logs', s.blocks === 'array' ? [{ audit: 'true' }] : { audit: 'true' })], findings: [] },
    },
    { name: at('engineType not a string: refused'), reason: 'cannot be judged', resource: broker({ engineType: 1 }), rules: [mqAuditLogs], want: { desired: SAME, mutations: [], findings: [finding(mqAuditLogs, 'Deny', 'spec.forProvider.engineType', 'spec.forProvider.engineType must be a string, got number 1')] } },
  ];
});

// Parameter groups: DocumentDB audit_logs and tls, Redshift require_ssl.
const PG_SHAPES = shapes('v1beta1');
const pgCases: Case[] = PG_SHAPES.flatMap((s): Case[] => {
  const at = (what: string) => `parameter groups on ${s.label}: ${what}`;
  const docdb = (...parameter: unknown[]) => awsResource('docdb', 'ClusterParameterGroup', s, { family: 'docdb5.0', parameter });
  const redshift = (...parameter: unknown[]) => awsResource('redshift', 'ParameterGroup', s, { family: 'redshift-1.0', parameter });
  const p0 = 'spec.forProvider.parameter[0]';
  return [
    { name: at('DocumentDB audit_logs enabled, tls enabled: passes'), reason: 'both on', resource: docdb({ name: 'audit_logs', value: 'enabled' }, { name: 'tls', value: 'enabled' }), rules: [docdbAuditParameter, dbParameterTls], want: { desired: SAME, mutations: [], findings: [] } },
    { name: at('DocumentDB audit_logs ddl,dml_write: passes'), reason: 'a combination that records events', resource: docdb({ name: 'audit_logs', value: 'ddl,dml_write' }), rules: [docdbAuditParameter], want: { desired: SAME, mutations: [], findings: [] } },
    {
      name: at('DocumentDB audit_logs disabled: reported'),
      reason: 'CKV_AWS_104',
      resource: docdb({ name: 'audit_logs', value: 'disabled' }),
      rules: [docdbAuditParameter],
      want: { desired: SAME, mutations: [], findings: [finding(docdbAuditParameter, 'Warn', p0, `${p0} sets audit_logs to "disabled": DocumentDB records no audit events; set it to "enabled"`)] },
    },
    {
      name: at('DocumentDB audit_logs absent: reported'),
      reason: 'disabled by default',
      resource: docdb({ name: 'tls', value: 'enabled' }),
      rules: [docdbAuditParameter],
      want: { desired: SAME, mutations: [], findings: [finding(docdbAuditParameter, 'Warn', 'spec.forProvider.parameter', 'the group does not set audit_logs, which is disabled by default; add {name: audit_logs, value: enabled}')] },
    },
    {
      name: at('an agent disables TLS in a DocumentDB parameter group: refused'),
      reason: 'CKV_AWS_90: every cluster of the group would accept plain connections',
      resource: docdb({ name: 'TLS', value: 'disabled' }),
      rules: [dbParameterTls],
      want: { desired: SAME, mutations: [], findings: [finding(dbParameterTls, 'Deny', p0, `${p0} sets tls to "disabled": clusters of this group accept unencrypted connections; set it to "enabled" (or remove it: enabled is the default) so clients must connect with TLS`)] },
    },
    { name: at('DocumentDB tls absent: passes'), reason: 'enabled by default', resource: docdb(), rules: [dbParameterTls], want: { desired: SAME, mutations: [], findings: [] } },
    { name: at('Redshift require_ssl true: passes'), reason: 'SSL required', resource: redshift({ name: 'require_ssl', value: 'true' }), rules: [dbParameterTls], want: { desired: SAME, mutations: [], findings: [] } },
    {
      name: at('an agent sets require_ssl false on a Redshift parameter group: refused'),
      reason: 'CKV_AWS_105',
      resource: redshift({ name: 'require_ssl', value: 'false' }),
      rules: [dbParameterTls],
      want: { desired: SAME, mutations: [], findings: [finding(dbParameterTls, 'Deny', p0, `${p0} sets require_ssl to "false": clusters of this group accept unencrypted connections; set it to "true" so clients must connect with SSL`)] },
    },
    {
      name: at('Redshift require_ssl absent: warned'),
      reason: 'false by default; only the author can add the parameter',
      resource: redshift({ name: 'enable_user_activity_logging', value: 'true' }),
      rules: [dbParameterTls],
      want: { desired: SAME, mutations: [], findings: [finding(dbParameterTls, 'Warn', 'spec.forProvider.parameter', 'the group does not set require_ssl, which is false by default, so clusters of this group accept unencrypted connections; add {name: require_ssl, value: "true"}')] },
    },
    {
      name: at('a parameter with a boolean value: refused as malformed'),
      reason: 'the value is a string; a boolean cannot be judged',
      resource: redshift({ name: 'require_ssl', value: false }),
      rules: [dbParameterTls],
      want: { desired: SAME, mutations: [], findings: [finding(dbParameterTls, 'Deny', p0, `${p0} must be an object with a string name and value, got name the string "require_ssl" and value boolean false`)] },
    },
    {
      name: at('parameter is an object: refused as malformed'),
      reason: 'a list is expected',
      resource: awsResource('docdb', 'ClusterParameterGroup', s, { family: 'docdb5.0', parameter: { name: 'tls', value: 'disabled' } }),
      rules: [dbParameterTls],
      want: { desired: SAME, mutations: [], findings: [finding(dbParameterTls, 'Deny', 'spec.forProvider.parameter', 'spec.forProvider.parameter must be a list of {name, value}, got an object')] },
    },
    {
      name: at('TLS disabled in initProvider: refused'),
      reason: 'initProvider is applied at creation',
      resource: withInit(docdb(), { parameter: [{ name: 'tls', value: 'disabled' }] }),
      rules: [dbParameterTls],
      want: { desired: SAME, mutations: [], findings: [finding(dbParameterTls, 'Deny', 'spec.initProvider.parameter[0]', 'spec.initProvider.parameter[0] sets tls to "disabled": clusters of this group accept unencrypted connections; set it to "enabled" (or remove it: enabled is the default) so clients must connect with TLS')] },
    },
    {
      name: at('carried by an Object, TLS disabled: refused'),
      reason: 'what an Object carries is created as is',
      resource: carried(docdb({ name: 'tls', value: 'disabled' })),
      rules: [dbParameterTls],
      want: { desired: SAME, mutations: [], findings: [finding(dbParameterTls, 'Deny', inManifest(p0), `${p0} sets tls to "disabled": clusters of this group accept unencrypted connections; set it to "enabled" (or remove it: enabled is the default) so clients must connect with TLS`)] },
    },
  ];
});

describe('database logs and parameter groups', () => {
  it.each([...exportCases, ...logProbes, ...mqCases, ...pgCases])('$name', (c) => runCase(c));
});
