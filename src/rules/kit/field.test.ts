import { describe, expect, it } from 'vitest';
import { engineRequest, input, resource } from '../../../test/builders.js';
import { evaluate } from '../../engine/engine.js';
import { fieldRule } from './field.js';

const tls = fieldRule({
  id: 'test-min-tls',
  title: 'TLS 1.2 at least',
  severity: 'high',
  defaultAction: 'Mutate',
  on: [
    { kind: { cloud: 'azure', service: 'storage', kind: 'Account' }, field: ['minTlsVersion'] },
    { kind: { cloud: 'azure', service: 'sql', kind: 'MSSQLServer' }, field: ['minimumTlsVersion'] },
  ],
  type: 'string',
  safe: { test: (v) => v === 'TLS1_2' || v === 'TLS1_3', words: '`TLS1_2` or later' },
  inject: 'TLS1_2',
  missing: 'no minimum TLS version was set',
  unsafe: 'set it to TLS1_2',
  why: 'Older TLS versions have known weaknesses.',
});

const account = (forProvider: Record<string, unknown> = {}) => resource('storage.azure.upbound.io/v1beta1', 'Account', { location: 'westeurope', ...forProvider });
const server = (forProvider: Record<string, unknown> = {}) => resource('sql.azure.m.upbound.io/v1beta1', 'MSSQLServer', { location: 'westeurope', ...forProvider });

describe('fieldRule', () => {
  it('writes its description from the row', () => {
    expect(tls.description).toBe(
      '`minTlsVersion` of storage Account, `minimumTlsVersion` of sql MSSQLServer must be `TLS1_2` or later. Injects `"TLS1_2"` where the field is absent from both forProvider and initProvider; refuses an explicit other value, and a value that is not a string. Older TLS versions have known weaknesses.',
    );
    expect(tls.fix).toBe('injects `minTlsVersion: "TLS1_2"` or `minimumTlsVersion: "TLS1_2"`.');
    expect(tls.kinds).toEqual([
      { cloud: 'azure', service: 'storage', kind: 'Account' },
      { cloud: 'azure', service: 'sql', kind: 'MSSQLServer' },
    ]);
  });

  const cases: { name: string; reason: string; desired: Record<string, Record<string, unknown>>; want: { mutations: string[]; findings: string[] } }[] = [
    { name: 'absent on one kind: injected at its own field', reason: 'each kind has its field', desired: { a: account() }, want: { mutations: ['a spec.forProvider.minTlsVersion "TLS1_2"'], findings: [] } },
    { name: 'absent on the other kind, namespaced group', reason: 'every group of the kind', desired: { s: server() }, want: { mutations: ['s spec.forProvider.minimumTlsVersion "TLS1_2"'], findings: [] } },
    { name: 'a safe value by the test', reason: 'TLS1_3 is safe too', desired: { a: account({ minTlsVersion: 'TLS1_3' }) }, want: { mutations: [], findings: [] } },
    { name: 'an unsafe value', reason: 'refused, never overwritten', desired: { a: account({ minTlsVersion: 'TLS1_0' }) }, want: { mutations: [], findings: ['a Deny spec.forProvider.minTlsVersion: spec.forProvider.minTlsVersion is "TLS1_0"; set it to TLS1_2'] } },
    { name: 'a value of the wrong type', reason: 'malformed is refused', desired: { a: account({ minTlsVersion: 1.2 }) }, want: { mutations: [], findings: ['a Deny spec.forProvider.minTlsVersion: spec.forProvider.minTlsVersion must be a string, got number 1.2'] } },
    { name: 'the other kind\'s field on this kind', reason: 'a field a kind does not have is not read', desired: { a: account({ minTlsVersion: 'TLS1_2', minimumTlsVersion: '1.0' }) }, want: { mutations: [], findings: [] } },
  ];
  it.each(cases)('$name', ({ desired, want }) => {
    const d = evaluate(engineRequest(desired, { input: input() }), [tls]);
    expect(d.mutations.map((m) => `${m.resource} ${m.path} ${JSON.stringify(m.value)}`)).toEqual(want.mutations);
    expect(d.findings.map((f) => `${f.resource} ${f.action} ${f.path}: ${f.message}`)).toEqual(want.findings);
  });

  it('without inject, absence is reported with the action', () => {
    const { inject: _inject, ...rest } = { ...tlsRow(), defaultAction: 'Warn' as const };
    const warn = fieldRule(rest);
    const d = evaluate(engineRequest({ a: account() }), [warn]);
    expect(d.findings.map((f) => [f.action, f.path, f.message])).toEqual([['Warn', 'spec.forProvider.minTlsVersion', 'no minimum TLS version was set']]);
    expect(warn.description).toContain('Reports a resource that does not set it (a warning)');
  });
});

describe('fieldRule, a kind with its own value and an older name', () => {
  const pna = fieldRule({
    id: 'test-public-network',
    title: 'No public endpoint',
    severity: 'high',
    defaultAction: 'Mutate',
    on: [
      { kind: { cloud: 'azure', service: 'sql', kind: 'MSSQLServer' }, field: ['publicNetworkAccessEnabled'], aliases: [['publicNetworkAccess']] },
      { kind: { cloud: 'azure', service: 'dbformysql', kind: 'FlexibleServer' }, field: ['publicNetworkAccess'], type: 'string', safe: 'Disabled', inject: 'Disabled', unsafe: 'set it to "Disabled"' },
    ],
    type: 'boolean',
    safe: false,
    inject: false,
    missing: 'public network access was not turned off',
    unsafe: 'set it to false',
    why: 'Why.',
  });
  const mssql = (fp: Record<string, unknown> = {}) => resource('sql.azure.upbound.io/v1beta2', 'MSSQLServer', fp);
  const mysql = (fp: Record<string, unknown> = {}) => resource('dbformysql.azure.m.upbound.io/v1beta1', 'FlexibleServer', fp);

  it('writes each kind\'s own value into the description and the fix', () => {
    expect(pna.description).toBe(
      '`publicNetworkAccessEnabled` of sql MSSQLServer must be `false`; `publicNetworkAccess` of dbformysql FlexibleServer must be `"Disabled"`. Injects the safe value where the field is absent from both forProvider and initProvider; refuses an explicit other value, and a value that is not a boolean or string. Older names of the same field (`publicNetworkAccess`) are judged alike, and count as set. Why.',
    );
    expect(pna.fix).toBe('injects `publicNetworkAccessEnabled: false` or `publicNetworkAccess: "Disabled"`.');
  });

  it('refuses a kind that appears twice', () => {
    expect(() => fieldRule({ ...tlsRow(), on: [tlsRow().on[0]!, tlsRow().on[0]!] })).toThrow('rule test-min-tls-warn: a kind appears twice; give its other names as aliases');
  });

  const cases: { name: string; reason: string; desired: Record<string, Record<string, unknown>>; want: { mutations: string[]; findings: string[] } }[] = [
    { name: 'the kind\'s own value injected', reason: 'MySQL takes a string', desired: { m: mysql() }, want: { mutations: ['m spec.forProvider.publicNetworkAccess "Disabled"'], findings: [] } },
    { name: 'the kind\'s own unsafe value and advice', reason: 'refused with its own words', desired: { m: mysql({ publicNetworkAccess: 'Enabled' }) }, want: { mutations: [], findings: ['m Deny spec.forProvider.publicNetworkAccess: spec.forProvider.publicNetworkAccess is "Enabled"; set it to "Disabled"'] } },
    { name: 'the kind\'s own type', reason: 'a boolean where the kind takes a string is malformed', desired: { m: mysql({ publicNetworkAccess: false }) }, want: { mutations: [], findings: ['m Deny spec.forProvider.publicNetworkAccess: spec.forProvider.publicNetworkAccess must be a string, got boolean false'] } },
    { name: 'an older name set safe: counts as set', reason: 'nothing injected beside it', desired: { s: mssql({ publicNetworkAccess: false }) }, want: { mutations: [], findings: [] } },
    { name: 'an older name set unsafe: refused', reason: 'judged like the field', desired: { s: mssql({ publicNetworkAccess: true }) }, want: { mutations: [], findings: ['s Deny spec.forProvider.publicNetworkAccess: spec.forProvider.publicNetworkAccess is true; set it to false'] } },
    { name: 'no name set: injected under the current name only', reason: 'never under an older one', desired: { s: mssql() }, want: { mutations: ['s spec.forProvider.publicNetworkAccessEnabled false'], findings: [] } },
  ];
  it.each(cases)('$name', ({ desired, want }) => {
    const d = evaluate(engineRequest(desired, { input: input() }), [pna]);
    expect(d.mutations.map((m) => `${m.resource} ${m.path} ${JSON.stringify(m.value)}`)).toEqual(want.mutations);
    expect(d.findings.map((f) => `${f.resource} ${f.action} ${f.path}: ${f.message}`)).toEqual(want.findings);
  });
});

function tlsRow() {
  return {
    id: 'test-min-tls-warn',
    title: 'TLS 1.2 at least',
    severity: 'high' as const,
    defaultAction: 'Mutate' as const,
    on: [{ kind: { cloud: 'azure' as const, service: 'storage', kind: 'Account' }, field: ['minTlsVersion'] }],
    type: 'string' as const,
    safe: 'TLS1_2',
    inject: 'TLS1_2',
    missing: 'no minimum TLS version was set',
    unsafe: 'set it to TLS1_2',
    why: 'Older TLS versions have known weaknesses.',
  };
}

describe('fieldRule with a safe provider default, and a kind that inherits', () => {
  const forwarding = fieldRule({
    id: 'test-ip-forwarding',
    title: 'No IP forwarding',
    severity: 'medium',
    defaultAction: 'RequireApproval',
    on: [
      { kind: { cloud: 'gcp', service: 'compute', kind: 'Instance' }, field: ['canIpForward'] },
      { kind: { cloud: 'gcp', service: 'compute', kind: 'InstanceFromTemplate' }, field: ['shieldedInstanceConfig', 'enableVtpm'], inherits: 'its template' },
    ],
    type: 'boolean',
    safe: false,
    providerDefault: false,
    missing: 'not set',
    unsafe: 'approve it only for a router',
    why: 'Why.',
  });
  const vm = (forProvider: Record<string, unknown> = {}) => resource('compute.gcp.upbound.io/v1beta2', 'Instance', forProvider);
  const fromTemplate = (forProvider: Record<string, unknown> = {}) => resource('compute.gcp.m.upbound.io/v1beta1', 'InstanceFromTemplate', forProvider);

  it('says so in its description', () => {
    expect(forwarding.description).toBe(
      "`canIpForward` of compute Instance, `shieldedInstanceConfig.enableVtpm` of compute InstanceFromTemplate must be `false`. Where the field is absent the provider's default `false` applies, and passes; refuses an explicit other value, and a value that is not a boolean. On compute InstanceFromTemplate an absent field comes from its template and is not judged there; nothing is injected into it. Why.",
    );
    expect(forwarding.fix).toBeUndefined();
  });

  const cases: { name: string; reason: string; desired: Record<string, Record<string, unknown>>; want: string[] }[] = [
    { name: 'absent: the safe default', reason: 'nothing injected, nothing reported', desired: { a: vm() }, want: [] },
    { name: 'explicit unsafe', reason: 'reported with the action', desired: { a: vm({ canIpForward: true }) }, want: ['a RequireApproval spec.forProvider.canIpForward: spec.forProvider.canIpForward is true; approve it only for a router'] },
    { name: 'malformed', reason: 'the wrong type is reported', desired: { a: vm({ canIpForward: 'no' }) }, want: ['a RequireApproval spec.forProvider.canIpForward: spec.forProvider.canIpForward must be a boolean, got the string "no"'] },
    { name: 'inherited and absent', reason: 'the template decides', desired: { a: fromTemplate() }, want: [] },
    { name: 'inherited, explicit', reason: 'what the kind sets itself is judged', desired: { a: fromTemplate({ shieldedInstanceConfig: { enableVtpm: true } }) }, want: ['a RequireApproval spec.forProvider.shieldedInstanceConfig.enableVtpm: spec.forProvider.shieldedInstanceConfig.enableVtpm is true; approve it only for a router'] },
  ];
  it.each(cases)('$name', ({ desired, want }) => {
    const d = evaluate(engineRequest(desired), [forwarding]);
    expect(d.mutations).toEqual([]);
    expect(d.findings.map((f) => `${f.resource} ${f.action} ${f.path}: ${f.message}`)).toEqual(want);
  });

  it('refuses a row that both injects and defaults', () => {
    expect(() => fieldRule({ ...tlsRow(), providerDefault: 'TLS1_2' })).toThrow('test-min-tls-warn: inject and providerDefault exclude each other');
  });

  it('injects nothing into a kind that inherits, and says which field it would have', () => {
    const row = fieldRule({ ...tlsRow(), id: 'test-inherits', on: [...tlsRow().on, { kind: { cloud: 'gcp', service: 'compute', kind: 'InstanceFromTemplate' }, field: ['x'], inherits: 'its template' }] });
    expect(row.fix).toBe('injects `minTlsVersion: "TLS1_2"`.');
    expect(evaluate(engineRequest({ a: fromTemplate() }), [row]).mutations).toEqual([]);
  });
});
