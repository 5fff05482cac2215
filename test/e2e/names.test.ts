/**
 * Names an agent can pick that are JavaScript prototype keys, end to end:
 * a composed resource named `__proto__` or `constructor`, and JSON keys
 * `__proto__` inside a resource. Crossplane deletes a composed resource the
 * function's response leaves out, so a name the codec drops deletes it (the
 * SDK's generated codec dropped `__proto__`, as a resource name and as a JSON
 * key); and a `__proto__` key must stay a key, never a prototype through which
 * a field would read as set.
 *
 * The client (proto-loader's protobufjs, and the harness's toStruct and
 * fromStruct) keeps these names as own keys both ways; one case also spells
 * the request byte by byte and reads the response's bytes, so the wire
 * itself is checked.
 */
import { describe, expect, it } from 'vitest';
import { rdsInstance } from '../builders.js';
import { cat, lenField, lenFieldsOf, mapEntriesOf, obj, resourceBytes, stateBytes, stringField, structBytes } from '../wire.js';
import { rawClient, serveDuringSuite, type JsonObject, type JsonRequest, type JsonResponse } from './harness.js';

const INPUT: JsonObject = { apiVersion: 'guardrails.fn.crossplane.io/v1beta1', kind: 'Guardrails' };
const XR: JsonObject = { apiVersion: 'platform.example.org/v1alpha1', kind: 'AppStack', metadata: { name: 'payments' } };

/** JSON with `__proto__` as an own key, as Crossplane's JSON would carry it (an object literal would set the prototype instead). */
const json = (text: string): JsonObject => JSON.parse(text) as JsonObject;

const configMap = (name: string): JsonObject => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name }, data: { key: 'value' } });

function request(desired: Record<string, JsonObject>): JsonRequest {
  return {
    meta: { tag: 'names', capabilities: ['CAPABILITY_CAPABILITIES', 'CAPABILITY_CONDITIONS'] },
    observed: { composite: { resource: XR } },
    desired: {
      composite: { resource: XR },
      resources: Object.fromEntries(Object.entries(desired).map(([n, r]) => [n, { resource: r, ready: 'READY_TRUE' }])),
    },
    input: INPUT,
  };
}

const resourcesOf = (rsp: JsonResponse) => Object.fromEntries(Object.entries(rsp.desired?.resources ?? {}).map(([n, r]) => [n, r.resource]));

const server = serveDuringSuite();

describe('names that are JavaScript prototype keys', () => {
  const unchanged: { name: string; reason: string; resource: string }[] = [
    { name: 'a composed resource named __proto__ is emitted, not dropped', reason: 'the SDK decoder assigned it into {}: it vanished and Crossplane deleted it', resource: '__proto__' },
    { name: 'a composed resource named constructor is emitted, not dropped', reason: "'constructor' in {} is true: a name that reads as present when absent", resource: 'constructor' },
    { name: 'a composed resource named toString is emitted, not dropped', reason: 'another inherited name', resource: 'toString' },
  ];
  it.each(unchanged)('$name', async ({ resource }) => {
    const req = request({ [resource]: configMap(resource), plain: configMap('plain') });
    expect(Object.keys(req.desired?.resources ?? {})).toEqual([resource, 'plain']); // the request really carries the name

    const rsp = await server.rpc.runJson(req);
    expect(Object.keys(rsp.desired?.resources ?? {}).sort()).toEqual([resource, 'plain'].sort());
    expect(rsp.desired?.resources?.[resource]).toEqual({ resource: configMap(resource), ready: 'READY_TRUE' });
    expect(rsp.results ?? []).not.toContainEqual(expect.objectContaining({ severity: 'SEVERITY_FATAL' }));
  });

  it('a database named __proto__ is judged: its encryption is injected', async () => {
    const desired: Record<string, JsonObject> = Object.fromEntries([['__proto__', rdsInstance({}, { group: 'namespaced' }) as JsonObject]]);
    expect(Object.keys(desired)).toEqual(['__proto__']);
    const rsp = await server.rpc.runJson(request(desired));
    expect(Object.keys(rsp.desired?.resources ?? {})).toEqual(['__proto__']);
    const forProvider = ((resourcesOf(rsp)['__proto__']?.['spec'] as JsonObject | undefined)?.['forProvider'] ?? {}) as JsonObject;
    expect([forProvider['storageEncrypted'], forProvider['publiclyAccessible']]).toEqual([true, false]);
    expect(rsp.conditions?.find((c) => c.type === 'GuardrailsCompliant')).toMatchObject({ status: 'STATUS_CONDITION_TRUE', reason: 'Remediated' });
  });

  it('JSON keys named __proto__ pass through as keys, at every level', async () => {
    const cm = json('{"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "cm"}, "__proto__": {"kind": "Secret"}, "data": {"__proto__": "x", "constructor": "y"}}');
    const rsp = await server.rpc.runJson(request({ cm }));
    expect(resourcesOf(rsp)['cm']).toEqual(cm);
    expect(Object.keys(resourcesOf(rsp)['cm'] ?? {})).toEqual(['apiVersion', 'kind', 'metadata', '__proto__', 'data']);
  });

  it('a __proto__ key holding storageEncrypted does not count as set: the field is injected and the key kept', async () => {
    const db = rdsInstance({ ...json('{"__proto__": {"storageEncrypted": true, "publiclyAccessible": false}}') }, { group: 'namespaced' });
    const rsp = await server.rpc.runJson(request({ db: db as JsonObject }));
    const forProvider = (resourcesOf(rsp)['db']?.['spec'] as JsonObject)['forProvider'] as JsonObject;
    expect(Object.keys(forProvider)).toContain('__proto__');
    expect(forProvider['__proto__']).toEqual({ storageEncrypted: true, publiclyAccessible: false });
    expect([forProvider['storageEncrypted'], forProvider['publiclyAccessible']]).toEqual([true, false]);
  });

  it('on the wire: a request spelled byte by byte gets the __proto__ resource back byte for byte', async () => {
    const sent = resourceBytes({ resource: obj(['apiVersion', 'v1'], ['kind', 'ConfigMap'], ['metadata', obj(['name', 'cm'])], ['data', obj(['__proto__', 'x'])]), ready: 1 });
    const req = cat(
      lenField(1, stringField(1, 'raw')), // meta.tag
      lenField(2, stateBytes({ composite: resourceBytes({ resource: obj(['apiVersion', 'platform.example.org/v1alpha1'], ['kind', 'AppStack']) }) })),
      lenField(3, stateBytes({ resources: [['__proto__', sent], ['constructor', sent]] })),
      lenField(4, structBytes(obj(['apiVersion', INPUT['apiVersion'] as string], ['kind', INPUT['kind'] as string]))),
    );
    const c = rawClient(server.fn.address);
    try {
      const rsp = await c.run(req);
      const desired = lenFieldsOf(rsp, 2);
      expect(desired).toHaveLength(1);
      expect(mapEntriesOf(desired[0]!, 2).map(([k, v]) => [k, Buffer.from(v).equals(Buffer.from(sent))])).toEqual([
        ['__proto__', true],
        ['constructor', true],
      ]);
      expect(lenFieldsOf(rsp, 1).map((meta) => Buffer.from(lenFieldsOf(meta, 1)[0] ?? []).toString())).toEqual(['raw']);
    } finally {
      c.close();
    }
  });
});
