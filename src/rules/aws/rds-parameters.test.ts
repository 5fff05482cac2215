import { describe, it } from 'vitest';
import { awsResource, finding, inManifest, runCase, SAME, served, withInit, withPolicies, type Case, type Served } from '../../../test/builders/aws-data.js';
import { carried } from '../../../test/builders.js';
import { rdsParameterTls } from './rds-parameters.js';

// Parameter groups: cluster-scoped and namespaced v1beta1; Instance v1beta1-3 and Cluster v1beta1-2 (provider-upjet-aws 75a4c57162d0).
const GROUP_SHAPES: Served[] = [served('cluster', 'v1beta1'), served('namespaced', 'v1beta1')];
const DB_SHAPES = [
  { kind: 'Instance', field: 'parameterGroupName', shapes: [served('cluster', 'v1beta1'), served('cluster', 'v1beta3'), served('namespaced', 'v1beta1')], base: { instanceClass: 'db.t4g.micro' } },
  { kind: 'Cluster', field: 'dbClusterParameterGroupName', shapes: [served('cluster', 'v1beta1'), served('cluster', 'v1beta2'), served('namespaced', 'v1beta1')], base: {} },
];

const TLS_OFF = (path: string, name: string, value: string) => `${path} sets ${name} to ${JSON.stringify(value)}: databases of this group accept connections in plain text; set it to 1 (or remove it) so clients must use TLS`;

const groupCases: Case[] = ['ParameterGroup', 'ClusterParameterGroup'].flatMap((kind) =>
  GROUP_SHAPES.flatMap((s): Case[] => {
    const at = (what: string) => `${kind} on ${s.label}: ${what}`;
    const group = (family: string, ...parameter: unknown[]) => awsResource('rds', kind, s, { family, parameter });
    const p0 = 'spec.forProvider.parameter[0]';
    return [
      { name: at('rds.force_ssl 1: passes'), reason: 'TLS required', resource: group('postgres16', { name: 'rds.force_ssl', value: '1' }, { name: 'log_statement', value: 'ddl' }), rules: [rdsParameterTls], want: { desired: SAME, mutations: [], findings: [] } },
      { name: at('an agent sets rds.force_ssl 0: refused'), reason: 'CKV2_AWS_69', resource: group('postgres16', { name: 'rds.force_ssl', value: '0' }, { name: 'log_statement', value: 'all' }), rules: [rdsParameterTls], want: { desired: SAME, mutations: [], findings: [finding(rdsParameterTls, 'Deny', p0, TLS_OFF(p0, 'rds.force_ssl', '0'))] } },
      { name: at('an agent sets require_secure_transport OFF: refused'), reason: 'MySQL\'s switch for the same', resource: group('mysql8.0', { name: 'require_secure_transport', value: 'OFF' }), rules: [rdsParameterTls], want: { desired: SAME, mutations: [], findings: [finding(rdsParameterTls, 'Deny', p0, TLS_OFF(p0, 'require_secure_transport', 'OFF'))] } },
      {
        name: at('TLS off in initProvider: refused'),
        reason: 'initProvider is applied at creation',
        resource: withInit(awsResource('rds', kind, s, { family: 'aurora-mysql8.0' }), { parameter: [{ name: 'require_secure_transport', value: '0' }] }),
        rules: [rdsParameterTls],
        want: { desired: SAME, mutations: [], findings: [finding(rdsParameterTls, 'Deny', 'spec.initProvider.parameter[0]', TLS_OFF('spec.initProvider.parameter[0]', 'require_secure_transport', '0'))] },
      },
      {
        name: at('a parameter that is a string: refused as malformed'),
        reason: 'cannot be judged',
        resource: group('postgres16', 'rds.force_ssl=0'),
        rules: [rdsParameterTls],
        want: { desired: SAME, mutations: [], findings: [finding(rdsParameterTls, 'Deny', p0, `${p0} must be an object with a string name and value, got the string "rds.force_ssl=0"`)] },
      },
      { name: at('observe-only, TLS off'), reason: 'not judged', resource: withPolicies(group('postgres16', { name: 'rds.force_ssl', value: '0' }), ['Observe']), rules: [rdsParameterTls], want: { desired: SAME, mutations: [], findings: [] } },
      {
        name: at('carried by an Object, TLS off: refused'),
        reason: 'what an Object carries is created as is',
        resource: carried(group('postgres16', { name: 'rds.force_ssl', value: '0' })),
        rules: [rdsParameterTls],
        want: { desired: SAME, mutations: [], findings: [finding(rdsParameterTls, 'Deny', inManifest(p0), TLS_OFF(p0, 'rds.force_ssl', '0'))] },
      },
    ];
  }),
);

const article = (engine: string) => `${/^[aeiou]/.test(engine) ? 'an' : 'a'} ${engine}`;

const dbCases: Case[] = DB_SHAPES.flatMap(({ kind, field, shapes, base }) =>
  shapes.flatMap((s): Case[] => {
    const at = (what: string) => `${kind} on ${s.label}: ${what}`;
    const db = (forProvider: Record<string, unknown>) => awsResource('rds', kind, s, { ...base, ...forProvider });
    const mysql = kind === 'Instance' ? 'mysql' : 'aurora-mysql';
    return [
      {
        name: at(`a ${mysql} database on the default parameter group: warned`),
        reason: 'the default group does not require TLS',
        resource: db({ engine: mysql }),
        rules: [rdsParameterTls],
        want: { desired: SAME, mutations: [], findings: [finding(rdsParameterTls, 'Warn', `spec.forProvider.${field}`, `${article(mysql)} database with the default parameter group accepts connections in plain text (require_secure_transport is off); name a parameter group that sets require_secure_transport to 1`)] },
      },
      { name: at(`a ${mysql} database naming its group by reference: passes`), reason: 'the group is judged on its own', resource: db({ engine: mysql, [`${field}Ref`]: { name: 'tls' } }), rules: [rdsParameterTls], want: { desired: SAME, mutations: [], findings: [] } },
    ];
  }),
);

const probes: Case[] = [
  {
    name: 'an Aurora member Instance is left to its Cluster',
    reason: 'the cluster parameter group governs TLS and logging',
    resource: awsResource('rds', 'Instance', served('cluster', 'v1beta3'), { engine: 'aurora-postgresql', instanceClass: 'db.r6g.large' }),
    rules: [rdsParameterTls],
    want: { desired: SAME, mutations: [], findings: [] },
  },
];

describe('RDS parameter groups', () => {
  it.each([...groupCases, ...dbCases, ...probes])('$name', (c) => runCase(c));
});
