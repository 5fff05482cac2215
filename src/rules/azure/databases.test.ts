import { describe, it } from 'vitest';
import { booleanGuard, finding, guardCases, runCase, SAME, withInit, type Case, type Served } from '../../../test/builders/aws-data.js';
import { azureChild, azureResource, stringGuard, THREE_SHAPES, TWO_SHAPES } from '../../../test/builders/azure-data.js';
import type { KubeObject } from '../../engine/types.js';
import { databaseMinTls, databasePublicNetwork, postgresqlSslEnforced } from './databases.js';

const mssql = (s: Served = THREE_SHAPES[1]!, fp: Record<string, unknown> = {}): KubeObject => azureResource('sql', 'MSSQLServer', s, { resourceGroupName: 'rg', version: '12.0', ...fp });
const postgres = (s: Served = THREE_SHAPES[1]!, fp: Record<string, unknown> = {}): KubeObject => azureResource('dbforpostgresql', 'FlexibleServer', s, { resourceGroupName: 'rg', version: '16', ...fp });
const postgresSingle = (s: Served = THREE_SHAPES[1]!, fp: Record<string, unknown> = {}): KubeObject => azureResource('dbforpostgresql', 'Server', s, { resourceGroupName: 'rg', version: '11', skuName: 'GP_Gen5_2', ...fp });
const mysql = (s: Served = THREE_SHAPES[1]!, fp: Record<string, unknown> = {}): KubeObject => azureResource('dbformysql', 'FlexibleServer', s, { resourceGroupName: 'rg', version: '8.0.21', ...fp });
const config = (service: 'dbforpostgresql' | 'dbformysql', s: Served, fp: Record<string, unknown>): KubeObject => azureChild(service, 'FlexibleServerConfiguration', s, fp);

const PUBLIC_MISSING = 'public network access was not turned off; Azure turns it on';
const PUBLIC_ADVICE = 'set it to false (or remove it) and reach the server through a private endpoint or virtual network integration';

const publicNetwork: Case[] = [
  ...[mssql, postgres, postgresSingle].flatMap((build) =>
    guardCases({ rule: databasePublicNetwork, field: ['publicNetworkAccessEnabled'], shapes: THREE_SHAPES, build, ...booleanGuard(false), missing: PUBLIC_MISSING, advice: PUBLIC_ADVICE }),
  ),
  ...guardCases({
    rule: databasePublicNetwork,
    field: ['publicNetworkAccess'],
    shapes: THREE_SHAPES,
    build: mysql,
    ...stringGuard('Disabled', 'Enabled'),
    missing: PUBLIC_MISSING,
    advice: 'set it to "Disabled" (or remove it) and reach the server through a private endpoint or virtual network integration',
  }),
  {
    name: 'MySQL: the boolean name of the other kinds is not read there',
    reason: 'each kind is judged at its own field; MySQL has publicNetworkAccess, a string',
    resource: mysql(undefined, { publicNetworkAccess: 'Disabled', publicNetworkAccessEnabled: true }),
    rules: [databasePublicNetwork],
    want: { desired: SAME, mutations: [], findings: [] },
  },
];

const TLS_MISSING = 'no minimum TLS version was set';

const minTls: Case[] = [
  ...guardCases({
    rule: databaseMinTls,
    field: ['minimumTlsVersion'],
    shapes: THREE_SHAPES,
    build: mssql,
    ...stringGuard('1.2', 'Disabled'),
    missing: TLS_MISSING,
    advice: 'set it to "1.2" (or remove it): "Disabled", 1.0 and 1.1 let clients connect with weak or no encryption',
  }),
  ...guardCases({
    rule: databaseMinTls,
    field: ['sslMinimalTlsVersionEnforced'],
    shapes: THREE_SHAPES,
    build: postgresSingle,
    ...stringGuard('TLS1_2', 'TLSEnforcementDisabled'),
    missing: TLS_MISSING,
    advice: 'set it to "TLS1_2" (or remove it): "TLSEnforcementDisabled", TLS 1.0 and 1.1 let clients connect with broken or no encryption',
  }),
  {
    name: 'MSSQL minimum TLS 1.3: safe',
    reason: 'newer than the injected value',
    resource: mssql(undefined, { minimumTlsVersion: '1.3' }),
    rules: [databaseMinTls],
    want: { desired: SAME, mutations: [], findings: [] },
  },
];

/** Server parameters of flexible servers: name, value, and the finding, if any, on the value. */
const PARAMETERS: { service: 'dbforpostgresql' | 'dbformysql'; name: unknown; value: unknown; want?: string }[] = [
  { service: 'dbforpostgresql', name: 'require_secure_transport', value: 'off', want: '"off" for the server parameter require_secure_transport: clients could connect without TLS; leave it "on"' },
  { service: 'dbforpostgresql', name: 'REQUIRE_SECURE_TRANSPORT', value: '0', want: '"0" for the server parameter require_secure_transport: clients could connect without TLS; leave it "on"' },
  { service: 'dbforpostgresql', name: 'require_secure_transport', value: 'on' },
  { service: 'dbforpostgresql', name: 'ssl_min_protocol_version', value: 'TLSv1.1', want: '"TLSv1.1" for the server parameter ssl_min_protocol_version: set it to "TLSv1.2" or "TLSv1.3"' },
  { service: 'dbforpostgresql', name: 'ssl_min_protocol_version', value: 'TLSv1.2' },
  { service: 'dbforpostgresql', name: 'tls_version', value: 'TLSv1' },
  { service: 'dbforpostgresql', name: 'max_connections', value: '100' },
  { service: 'dbformysql', name: 'require_secure_transport', value: 'OFF', want: '"OFF" for the server parameter require_secure_transport: clients could connect without TLS; leave it "ON"' },
  { service: 'dbformysql', name: 'tls_version', value: 'TLSv1.1,TLSv1.2', want: '"TLSv1.1,TLSv1.2" for the server parameter tls_version: list only "TLSv1.2" and "TLSv1.3"' },
  { service: 'dbformysql', name: 'tls_version', value: 'TLSv1.2,TLSv1.3' },
  { service: 'dbformysql', name: 'ssl_min_protocol_version', value: 'TLSv1' },
];

const parameters: Case[] = [
  ...TWO_SHAPES.flatMap((s) =>
    PARAMETERS.map(
      (p): Case => ({
        name: `${p.service} FlexibleServerConfiguration ${s.label}: ${String(p.name)} = ${String(p.value)}${p.want === undefined ? ' passes' : ' refused'}`,
        reason: p.want === undefined ? 'a safe value, or a parameter of the other engine or without effect on TLS' : 'a flexible server has no TLS field: its parameters are where TLS is turned down',
        resource: config(p.service, s, { name: p.name, value: p.value, serverIdRef: { name: 'db' } }),
        rules: [databaseMinTls],
        want: { desired: SAME, mutations: [], findings: p.want === undefined ? [] : [finding(databaseMinTls, 'Deny', 'spec.forProvider.value', `spec.forProvider.value is ${p.want}`)] },
      }),
    ),
  ),
  {
    name: 'the parameter name in initProvider, its value in forProvider: judged together',
    reason: 'Upjet applies both; each name is judged with each value',
    resource: withInit(config('dbforpostgresql', TWO_SHAPES[0]!, { value: 'off' }), { name: 'require_secure_transport' }),
    rules: [databaseMinTls],
    want: {
      desired: SAME,
      mutations: [],
      findings: [finding(databaseMinTls, 'Deny', 'spec.forProvider.value', 'spec.forProvider.value is "off" for the server parameter require_secure_transport: clients could connect without TLS; leave it "on"')],
    },
  },
  {
    name: 'malformed: a value that is not a string',
    reason: 'refused with what was found, never passed',
    resource: config('dbformysql', TWO_SHAPES[1]!, { name: 'require_secure_transport', value: false }),
    rules: [databaseMinTls],
    want: { desired: SAME, mutations: [], findings: [finding(databaseMinTls, 'Deny', 'spec.forProvider.value', 'spec.forProvider.value must be a string, got boolean false')] },
  },
  {
    name: 'malformed: a name that is not a string',
    reason: 'refused with what was found',
    resource: config('dbforpostgresql', TWO_SHAPES[0]!, { name: ['require_secure_transport'], value: 'off' }),
    rules: [databaseMinTls],
    want: { desired: SAME, mutations: [], findings: [finding(databaseMinTls, 'Deny', 'spec.forProvider.name', 'spec.forProvider.name must be a string, got an array')] },
  },
];

const ssl: Case[] = guardCases({
  rule: postgresqlSslEnforced,
  field: ['sslEnforcementEnabled'],
  shapes: THREE_SHAPES,
  build: postgresSingle,
  ...booleanGuard(true),
  missing: 'SSL enforcement was not turned on',
  advice: 'set it to true (or remove it) so clients cannot connect in clear text',
});

describe('Azure databases', () => {
  it.each(publicNetwork)('$name', (c) => runCase(c));
  it.each([...minTls, ...parameters])('$name', (c) => runCase(c));
  it.each(ssl)('$name', (c) => runCase(c));
});
