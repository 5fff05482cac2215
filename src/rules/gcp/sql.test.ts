import { describe, it } from 'vitest';
import { actions, booleanGuard, finding, guardCases, injected, missed, mutation, runCase, SAME, withInit, type Case } from '../../../test/builders/aws-data.js';
import { gcpResource, shapes, type Served } from '../../../test/builders/gcp-data.js';
import type { KubeObject } from '../../engine/types.js';
import { sqlBackups, sqlDeletionProtection, sqlOpenToWorld, sqlPrivateIp, sqlPublicIp, SQL_RULES, sqlTls, sqlUnsafeFlags } from './sql.js';

/** Every served shape of sql DatabaseInstance: cluster-scoped v1beta1 (provider v1.x and v2.x, array blocks), v1beta2; namespaced v1beta1. */
const SHAPES = shapes(['v1beta1', 'v1beta2'], ['v1beta1']);

const instance = (s: Served = SHAPES[1]!, forProvider: Record<string, unknown> = {}): KubeObject =>
  gcpResource('sql', 'DatabaseInstance', s, { region: 'europe-west1', databaseVersion: 'POSTGRES_15', ...forProvider });

/** A single nested block in the shape of `s`. */
const block = (s: Served, fields: Record<string, unknown>) => (s.blocks === 'array' ? [fields] : fields);

/** An instance with `settings.ipConfiguration` set to `ip` (and other settings fields). */
const withIp = (s: Served, ip: Record<string, unknown>, settings: Record<string, unknown> = {}) => instance(s, { settings: block(s, { tier: 'db-custom-2-7680', ipConfiguration: block(s, ip), ...settings }) });

/** The path of a field of `settings.ipConfiguration` as findings name it. */
const ipPath = (s: Served, field: string, blockName = 'forProvider') => (s.blocks === 'array' ? `spec.${blockName}.settings[0].ipConfiguration[0].${field}` : `spec.${blockName}.settings.ipConfiguration.${field}`);

const PRIVATE_NET = 'projects/acme/global/networks/vpc';

const guards: Case[] = [
  ...guardCases({
    rule: sqlBackups,
    field: ['settings', 'backupConfiguration', 'enabled'],
    // A version no provider serves yet is judged too, by the nearest known schema, in its own (object) shape.
    shapes: [...SHAPES, ...shapes(['v1beta3'], ['v1beta2'])],
    build: instance,
    ...booleanGuard(true),
    missing: 'automated backups were not turned on',
    advice: 'set it to true (or remove it) so Cloud SQL takes daily backups',
  }),
  ...guardCases({
    rule: sqlDeletionProtection,
    field: ['settings', 'deletionProtectionEnabled'],
    shapes: SHAPES,
    build: instance,
    ...booleanGuard(true),
    missing: 'deletion protection was not turned on',
    advice: 'set it to true (or remove it) so the instance cannot be deleted until a person turns it off',
  }),
];

const PRIVATE_MISSING = 'a public IP was not turned off: Cloud SQL gives the instance one unless ipv4Enabled is false';
const TLS_MISSING = 'TLS was not required: Cloud SQL accepts unencrypted connections unless sslMode says otherwise';

const networkCases: Case[] = SHAPES.flatMap((s): Case[] => {
  const ip = (fields: Record<string, unknown>) => withIp(s, { privateNetwork: PRIVATE_NET, ...fields });
  const withIpv4 = (r: KubeObject) => {
    const out = structuredClone(r);
    const settings = (out.spec as { forProvider: Record<string, unknown> }).forProvider.settings as Record<string, unknown> | Record<string, unknown>[];
    const sObj = Array.isArray(settings) ? settings[0]! : settings;
    const ipc = sObj.ipConfiguration as Record<string, unknown> | Record<string, unknown>[];
    (Array.isArray(ipc) ? ipc[0]! : ipc).ipv4Enabled = false;
    out.metadata = { annotations: { 'guardrails.fn.crossplane.io/mutated-by': 'gcp-sql-private-ip' } };
    return out;
  };
  const open = 'spec.forProvider.settings' + (s.blocks === 'array' ? '[0].ipConfiguration[0].authorizedNetworks' : '.ipConfiguration.authorizedNetworks');
  return [
    {
      name: `${s.label}: no ipv4Enabled and no authorized networks: false injected`,
      reason: 'Cloud SQL gives an instance a public IP unless told otherwise',
      resource: ip({}),
      rules: [sqlPrivateIp],
      want: { desired: withIpv4(ip({})), mutations: [mutation(sqlPrivateIp, ipPath(s, 'ipv4Enabled'), false)], findings: [] },
    },
    {
      name: `${s.label}: no settings at all: the blocks are built in this version's shape`,
      reason: 'an absent block is created as an object or a one-element list, as the version renders it',
      resource: instance(s),
      rules: [sqlPrivateIp],
      want: {
        desired: injected(instance(s), { settings: block(s, { ipConfiguration: block(s, { ipv4Enabled: false }) }) }, 'gcp-sql-private-ip'),
        mutations: [mutation(sqlPrivateIp, 'spec.forProvider.settings', block(s, { ipConfiguration: block(s, { ipv4Enabled: false }) }))],
        findings: [],
      },
    },
    {
      name: `${s.label}: action Warn: the missing value is reported with what Mutate would set`,
      reason: 'under Warn nothing changes; the finding carries the fix',
      resource: ip({}),
      rules: [sqlPrivateIp],
      input: actions({ [sqlPrivateIp.id]: 'Warn' }),
      want: { desired: SAME, mutations: [], findings: [missed(sqlPrivateIp, 'Warn', ipPath(s, 'ipv4Enabled'), PRIVATE_MISSING, false)] },
    },
    { name: `${s.label}: ipv4Enabled false passes`, reason: 'compliant', resource: ip({ ipv4Enabled: false }), rules: SQL_RULES.slice(0, 3), want: { desired: SAME, mutations: [], findings: [] } },
    {
      name: `${s.label}: ipv4Enabled true is held, not refused`,
      reason: 'a public IP may be legitimate: a person decides',
      resource: ip({ ipv4Enabled: true }),
      rules: [sqlPrivateIp, sqlPublicIp],
      want: {
        desired: SAME,
        mutations: [],
        findings: [finding(sqlPublicIp, 'RequireApproval', ipPath(s, 'ipv4Enabled'), `${ipPath(s, 'ipv4Enabled')} is true: the instance gets a public IP; approve only if clients must reach it from outside its VPC, else use its private IP or the Cloud SQL Auth Proxy`)],
      },
    },
    {
      name: `${s.label}: authorized networks without ipv4Enabled: nothing injected, held`,
      reason: 'naming networks asks for the public IP they are for; turning it off would break that, so a person decides',
      resource: ip({ authorizedNetworks: [{ name: 'office', value: '198.51.100.0/24' }] }),
      rules: [sqlPrivateIp, sqlPublicIp],
      want: {
        desired: SAME,
        mutations: [],
        findings: [
          finding(
            sqlPublicIp,
            'RequireApproval',
            'spec.forProvider.settings.ipConfiguration.ipv4Enabled',
            'authorized networks are named but ipv4Enabled is not set, so Cloud SQL gives the instance a public IP; authorized networks: 198.51.100.0/24; approve it, or set ipv4Enabled to false and remove the networks',
          ),
        ],
      },
    },
    {
      name: `${s.label}: ipv4Enabled a string`,
      reason: 'malformed: refused, nothing injected beside it',
      resource: ip({ ipv4Enabled: 'false' }),
      rules: [sqlPrivateIp],
      want: { desired: SAME, mutations: [], findings: [finding(sqlPrivateIp, 'Deny', ipPath(s, 'ipv4Enabled'), `${ipPath(s, 'ipv4Enabled')} must be a boolean, got the string "false"`)] },
    },
    {
      name: `${s.label}: 0.0.0.0/0 authorized`,
      reason: 'CKV_GCP_11: the database is open to the whole internet',
      resource: ip({ ipv4Enabled: true, authorizedNetworks: [{ value: '0.0.0.0/0' }] }),
      rules: [sqlOpenToWorld],
      want: { desired: SAME, mutations: [], findings: [finding(sqlOpenToWorld, 'Deny', open, 'authorized networks 0.0.0.0/0 admit the whole IPv4 internet; name only the networks that must reach the database, or use its private IP')] },
    },
    {
      name: `${s.label}: the internet split in two halves`,
      reason: 'judged as a union: 0.0.0.0/1 and 128.0.0.0/1 are 0.0.0.0/0',
      resource: ip({ ipv4Enabled: false, authorizedNetworks: [{ value: '128.0.0.0/1' }, { value: '0.0.0.0/1' }] }),
      rules: [sqlOpenToWorld],
      want: { desired: SAME, mutations: [], findings: [finding(sqlOpenToWorld, 'Deny', open, 'authorized networks 128.0.0.0/1, 0.0.0.0/1 admit the whole IPv4 internet; name only the networks that must reach the database, or use its private IP')] },
    },
    { name: `${s.label}: a private network passes`, reason: 'compliant', resource: ip({ ipv4Enabled: true, authorizedNetworks: [{ value: '10.0.0.0/8' }] }), rules: [sqlOpenToWorld], want: { desired: SAME, mutations: [], findings: [] } },
    {
      name: `${s.label}: a value that is not a CIDR`,
      reason: 'cannot be judged: refused',
      resource: ip({ authorizedNetworks: [{ value: '0.0.0.0/00' }] }),
      rules: [sqlOpenToWorld],
      want: { desired: SAME, mutations: [], findings: [finding(sqlOpenToWorld, 'Deny', `${open}[0].value`, `${open}[0].value is "0.0.0.0/00", not a CIDR: the prefix length "00" is not a number without leading zeros; write a CIDR such as 198.51.100.0/24`)] },
    },
    {
      name: `${s.label}: networks that are not a list`,
      reason: 'a string where a list belongs: refused',
      resource: ip({ authorizedNetworks: '0.0.0.0/0' }),
      rules: [sqlOpenToWorld],
      want: { desired: SAME, mutations: [], findings: [finding(sqlOpenToWorld, 'Deny', open, `${open} must be a list of networks, got the string "0.0.0.0/0"`)] },
    },
  ];
});

const tlsCases: Case[] = SHAPES.flatMap((s): Case[] => {
  const ip = (fields: Record<string, unknown>) => withIp(s, { privateNetwork: PRIVATE_NET, ipv4Enabled: false, ...fields });
  const mode = ipPath(s, 'sslMode');
  return [
    {
      name: `${s.label}: no sslMode: ENCRYPTED_ONLY injected`,
      reason: 'Cloud SQL accepts unencrypted connections by default',
      resource: ip({}),
      rules: [sqlTls],
      want: { desired: injectIp(s, ip({}), { sslMode: 'ENCRYPTED_ONLY' }, 'gcp-sql-tls'), mutations: [mutation(sqlTls, mode, 'ENCRYPTED_ONLY')], findings: [] },
    },
    {
      name: `${s.label}: action Deny: the author must set it`,
      reason: 'under Deny the function does not set it for them',
      resource: ip({}),
      rules: [sqlTls],
      input: actions({ [sqlTls.id]: 'Deny' }),
      want: { desired: SAME, mutations: [], findings: [missed(sqlTls, 'Deny', mode, TLS_MISSING, 'ENCRYPTED_ONLY')] },
    },
    { name: `${s.label}: ENCRYPTED_ONLY passes`, reason: 'compliant', resource: ip({ sslMode: 'ENCRYPTED_ONLY' }), rules: [sqlTls], want: { desired: SAME, mutations: [], findings: [] } },
    { name: `${s.label}: client certificates required passes`, reason: 'stricter still (what Checkov asks for)', resource: ip({ sslMode: 'TRUSTED_CLIENT_CERTIFICATE_REQUIRED' }), rules: [sqlTls], want: { desired: SAME, mutations: [], findings: [] } },
    {
      name: `${s.label}: unencrypted allowed`,
      reason: 'explicitly unsafe: refused, never overwritten',
      resource: ip({ sslMode: 'ALLOW_UNENCRYPTED_AND_ENCRYPTED' }),
      rules: [sqlTls],
      want: { desired: SAME, mutations: [], findings: [finding(sqlTls, 'Deny', mode, `${mode} is "ALLOW_UNENCRYPTED_AND_ENCRYPTED"; set it to "ENCRYPTED_ONLY" (or "TRUSTED_CLIENT_CERTIFICATE_REQUIRED") so no client connects unencrypted`)] },
    },
    {
      name: `${s.label}: unencrypted allowed in initProvider`,
      reason: 'initProvider is read with the same care',
      resource: withInit(ip({ sslMode: 'ENCRYPTED_ONLY' }), { settings: block(s, { ipConfiguration: block(s, { sslMode: 'ALLOW_UNENCRYPTED_AND_ENCRYPTED' }) }) }),
      rules: [sqlTls],
      want: {
        desired: SAME,
        mutations: [],
        findings: [finding(sqlTls, 'Deny', ipPath(s, 'sslMode', 'initProvider'), `${ipPath(s, 'sslMode', 'initProvider')} is "ALLOW_UNENCRYPTED_AND_ENCRYPTED"; set it to "ENCRYPTED_ONLY" (or "TRUSTED_CLIENT_CERTIFICATE_REQUIRED") so no client connects unencrypted`)],
      },
    },
    {
      name: `${s.label}: sslMode of the wrong type`,
      reason: 'malformed: refused, and nothing injected beside it',
      resource: ip({ sslMode: true }),
      rules: [sqlTls],
      want: { desired: SAME, mutations: [], findings: [finding(sqlTls, 'Deny', mode, `${mode} must be a string, got boolean true`)] },
    },
  ];
});

/** provider-upjet-gcp v1.x has `requireSsl` beside `sslMode` (cluster-scoped v1beta1). */
const V1 = SHAPES[0]!;
const legacyTls: Case[] = [
  {
    name: 'requireSsl false alone',
    reason: 'unencrypted connections accepted: refused',
    resource: withIp(V1, { requireSsl: false }),
    rules: [sqlTls],
    want: { desired: SAME, mutations: [], findings: [finding(sqlTls, 'Deny', ipPath(V1, 'requireSsl'), `${ipPath(V1, 'requireSsl')} is false and no sslMode is set beside it, so unencrypted connections are accepted; remove it and set sslMode to "ENCRYPTED_ONLY"`)] },
  },
  { name: 'requireSsl false with ENCRYPTED_ONLY', reason: 'the pair Cloud SQL documents for encrypted-only', resource: withIp(V1, { requireSsl: false, sslMode: 'ENCRYPTED_ONLY' }), rules: [sqlTls], want: { desired: SAME, mutations: [], findings: [] } },
  { name: 'requireSsl true alone', reason: 'client certificates required: nothing injected, which Cloud SQL would refuse beside it', resource: withIp(V1, { requireSsl: true }), rules: [sqlTls], want: { desired: SAME, mutations: [], findings: [] } },
];

/** `r` with `fields` added to its forProvider settings.ipConfiguration, annotated by `rule`. */
function injectIp(s: Served, r: KubeObject, fields: Record<string, unknown>, rule: string): KubeObject {
  const out = structuredClone(r);
  const settings = (out.spec as { forProvider: Record<string, unknown> }).forProvider.settings as Record<string, unknown> | Record<string, unknown>[];
  const sObj = Array.isArray(settings) ? settings[0]! : settings;
  const ipc = sObj.ipConfiguration as Record<string, unknown> | Record<string, unknown>[];
  Object.assign(Array.isArray(ipc) ? ipc[0]! : ipc, fields);
  out.metadata = { annotations: { 'guardrails.fn.crossplane.io/mutated-by': rule } };
  void s;
  return out;
}

const flags = (s: Served, databaseFlags: unknown, engine = 'MYSQL_8_0') => instance(s, { databaseVersion: engine, settings: block(s, { tier: 'db-f1-micro', databaseFlags }) });
const flagPath = (s: Served) => (s.blocks === 'array' ? 'spec.forProvider.settings[0].databaseFlags' : 'spec.forProvider.settings.databaseFlags');

const flagCases: Case[] = SHAPES.flatMap((s): Case[] => [
  {
    name: `${s.label}: local_infile on`,
    reason: 'CKV_GCP_50: refused',
    resource: flags(s, [{ name: 'local_infile', value: 'on' }]),
    rules: [sqlUnsafeFlags],
    want: { desired: SAME, mutations: [], findings: [finding(sqlUnsafeFlags, 'Deny', `${flagPath(s)}[0].value`, `${flagPath(s)}[0].value is "on": local_infile lets a client make the server read local files into tables; set it to "off" or remove the flag`)] },
  },
  { name: `${s.label}: local_infile OFF`, reason: 'off in any case passes', resource: flags(s, [{ name: 'local_infile', value: 'OFF' }]), rules: [sqlUnsafeFlags], want: { desired: SAME, mutations: [], findings: [] } },
  {
    name: `${s.label}: SQL Server contained database authentication`,
    reason: 'CKV_GCP_59',
    resource: flags(s, [{ name: 'max_connections', value: '100' }, { name: 'Contained Database Authentication', value: '1' }], 'SQLSERVER_2019_STANDARD'),
    rules: [sqlUnsafeFlags],
    want: {
      desired: SAME,
      mutations: [],
      findings: [finding(sqlUnsafeFlags, 'Deny', `${flagPath(s)}[1].value`, `${flagPath(s)}[1].value is "1": Contained Database Authentication lets users authenticate to a database without a server login, outside the server's controls; set it to "off" or remove the flag`)],
    },
  },
  {
    name: `${s.label}: flags that are not a list`,
    reason: 'malformed: refused',
    resource: flags(s, { local_infile: 'on' }),
    rules: [sqlUnsafeFlags],
    want: { desired: SAME, mutations: [], findings: [finding(sqlUnsafeFlags, 'Deny', flagPath(s), `${flagPath(s)} must be a list of {name, value}, got an object`)] },
  },
  {
    name: `${s.label}: a flag value that is not a string`,
    reason: 'malformed: refused',
    resource: flags(s, [{ name: 'local_infile', value: 1 }]),
    rules: [sqlUnsafeFlags],
    want: { desired: SAME, mutations: [], findings: [finding(sqlUnsafeFlags, 'Deny', `${flagPath(s)}[0].value`, `${flagPath(s)}[0].value must be a string, got number 1`)] },
  },
]);

const compliant: Case = {
  name: 'a compliant instance passes every Cloud SQL rule',
  reason: 'nothing to inject, refuse or hold',
  resource: withIp(SHAPES[1]!, { privateNetwork: PRIVATE_NET, ipv4Enabled: false, sslMode: 'ENCRYPTED_ONLY' }, { backupConfiguration: { enabled: true }, deletionProtectionEnabled: true }),
  rules: SQL_RULES,
  input: actions({}),
  want: { desired: SAME, mutations: [], findings: [] },
};

describe('Cloud SQL', () => {
  it.each(guards)('$name', (c) => runCase(c));
  it.each(networkCases)('public IP: $name', (c) => runCase(c));
  it.each(tlsCases)('TLS: $name', (c) => runCase(c));
  it.each(legacyTls)('TLS, provider v1.x: $name', (c) => runCase(c));
  it.each(flagCases)('flags: $name', (c) => runCase(c));
  it('a compliant instance passes every Cloud SQL rule', () => runCase(compliant));
});
