import { RunFunctionRequest, type Capability, type Ready } from '@crossplane-org/function-sdk-typescript';
import { describe, expect, it } from 'vitest';
import { bucket, rdsInstance } from '../../../test/builders.js';
import {
  KEYS,
  cat,
  entry,
  generatedDecode,
  lenField,
  obj,
  own,
  prototypedMaps,
  randomRequest,
  raw,
  resourceBytes,
  stateBytes,
  stringField,
  structBytes,
  tag,
  toJs,
  topLevelFields,
  valueBytes,
  varint,
  varintField,
  type J,
  type Obj,
} from '../../../test/wire.js';
import { MAX_JSON_DEPTH, decodeRunFunctionRequest } from './decode.js';

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** What the decoder returns for an empty message: every field at its default, maps empty. */
function emptyRequest(): RunFunctionRequest {
  return { meta: undefined, observed: undefined, desired: undefined, input: undefined, context: undefined, extraResources: own([]), credentials: own([]), requiredResources: own([]), requiredSchemas: own([]) };
}

const resource = (r: Partial<NonNullable<RunFunctionRequest['desired']>['resources'][string]>) => ({ resource: undefined, connectionDetails: own<Buffer>([]), ready: 0, ...r });

/** A request whose desired state is `state` (a State body). */
const desired = (state: Uint8Array): Uint8Array => lenField(3, state);

/** A request whose one desired resource `name` holds `json`. */
const desiredJson = (name: string, json: Obj): Uint8Array => desired(stateBytes({ resources: [[name, resourceBytes({ resource: json })]] }));

/** A request whose one desired resource (`r` unless named) has this Struct body. */
const inDesired = (struct: Uint8Array, name = 'r'): Uint8Array => desired(stateBytes({ resources: [[name, lenField(1, struct)]] }));

/** A Struct FieldsEntry whose Value body is given as is. */
const jsonField = (key: string, value: Uint8Array): Uint8Array => lenField(1, cat(stringField(1, key), lenField(2, value)));

function wantDesired(resources: [string, ReturnType<typeof resource>][]): RunFunctionRequest {
  return { ...emptyRequest(), desired: { composite: undefined, resources: own(resources) } };
}

function decodeError(bytes: Uint8Array): Error {
  try {
    decodeRunFunctionRequest(bytes);
  } catch (err) {
    if (!(err instanceof Error)) throw new Error(`threw a non-Error: ${String(err)}`);
    return err;
  }
  throw new Error('decoded without an error');
}

// The deep requests are built bottom-up in a loop, their bytes beside their JSON: the generated
// encoder recurses through four frames a level, and a cold one ran out of stack at 1,270 levels
// here. The loops are checked against the generated encoder at a depth it reaches.

/** JSON nested `levels` deep and the request whose one desired resource `deep` holds it. */
interface Deep {
  json: Json;
  bytes: Uint8Array;
}

/** A Value body holding a Struct body, or a ListValue of Value bodies. */
const structValue = (struct: Uint8Array): Uint8Array => lenField(5, struct);
const listValue = (...values: Uint8Array[]): Uint8Array => lenField(6, cat(...values.map((v) => lenField(1, v))));

const deep = (json: Json, struct: Uint8Array): Deep => ({ json, bytes: inDesired(struct, 'deep') });

/** {a: {a: … {leaf: 'bottom', n: 1.5} …}}, `levels` objects in all. */
function nestedObject(levels: number): Deep {
  let value: Json = { leaf: 'bottom', n: 1.5 };
  let struct = cat(jsonField('leaf', valueBytes('bottom')), jsonField('n', valueBytes(1.5)));
  for (let i = 1; i < levels; i++) {
    value = { a: value, [`k${i % 7}`]: i % 2 === 0 };
    struct = cat(jsonField('a', structValue(struct)), jsonField(`k${i % 7}`, valueBytes(i % 2 === 0)));
  }
  return deep(value, struct);
}

/** Objects and lists alternating, `levels` JSON levels in all (even, so that the top is an object). */
function nestedMixed(levels: number): Deep {
  if (levels % 2 !== 0) throw new Error('nestedMixed: levels must be even');
  let value: Json = { leaf: null };
  let struct = jsonField('leaf', valueBytes(null));
  let inner = structValue(struct);
  for (let i = 1; i < levels; i++) {
    if (i % 2 === 1) {
      value = { items: value };
      struct = jsonField('items', inner);
      inner = structValue(struct);
    } else {
      value = [value, 'x'];
      inner = listValue(inner, valueBytes('x'));
    }
  }
  return deep(value, struct);
}

/** Lists within lists under one object key: `levels` JSON levels in all. */
function nestedLists(levels: number): Deep {
  let value: Json = [];
  let inner = listValue();
  for (let i = 2; i < levels; i++) {
    value = [value];
    inner = listValue(inner);
  }
  return deep({ l: value }, jsonField('l', inner));
}

function generatedEncode(req: Partial<RunFunctionRequest>): Uint8Array {
  return RunFunctionRequest.encode(RunFunctionRequest.fromPartial(req)).finish();
}

/** The generated encoder's request, for checking the looped bytes where it reaches. */
const requestWith = (json: Json): Uint8Array =>
  generatedEncode({ desired: { composite: undefined, resources: { deep: { resource: json as Record<string, unknown>, connectionDetails: {}, ready: 0 } } } });

/**
 * A request whose one desired resource is {a: {a: … {} …}} nested `levels`
 * deep, built without recursion (a recursive encoder would overflow the
 * stack long before 100k levels): each level's prefix, outermost first, is
 * Struct.fields(1) → FieldsEntry{key(1) "a", value(2)} → Value.struct_value(5).
 */
function deepRequestIteratively(levels: number): Uint8Array {
  const varintLen = (n: number): number => (n < 0x80 ? 1 : n < 0x4000 ? 2 : n < 0x200000 ? 3 : n < 0x10000000 ? 4 : 5);
  const prefixes: Uint8Array[] = [];
  let structLen = 0; // innermost: an empty Struct
  for (let i = 1; i < levels; i++) {
    const valueLen = 1 + varintLen(structLen) + structLen;
    const entryLen = 3 + 1 + varintLen(valueLen) + valueLen;
    prefixes.push(cat(raw(0x0a), varint(entryLen), raw(0x0a, 0x01, 0x61, 0x12), varint(valueLen), raw(0x2a), varint(structLen)));
    structLen = 1 + varintLen(entryLen) + entryLen;
  }
  const struct = new Uint8Array(structLen);
  let pos = 0;
  for (let i = prefixes.length - 1; i >= 0; i--) {
    struct.set(prefixes[i]!, pos);
    pos += prefixes[i]!.length;
  }
  return inDesired(struct, 'deep');
}

describe('decodeRunFunctionRequest: what the SDK generated decoder reads', () => {
  it.each(Array.from({ length: 300 }, (_, i) => ({ seed: i + 1 })))('random request #$seed decodes as the generated code decodes it, with no prototypes', ({ seed }) => {
    const bytes = generatedEncode(randomRequest(seed, { depth: 1 + (seed % 12), proto: false }));
    const got = decodeRunFunctionRequest(bytes);
    expect(got).toEqual(generatedDecode(bytes));
    expect(prototypedMaps(got)).toEqual([]);
  });

  it('a realistic request decodes as the generated code decodes it', () => {
    const bytes = realisticRequest();
    expect(decodeRunFunctionRequest(bytes)).toEqual(generatedDecode(bytes));
  });
});

/** A request like Crossplane's: meta, observed and desired state, input, context, required resources and schemas, credentials. */
function realisticRequest(): Uint8Array {
  const composed = (r: Record<string, unknown>) => ({ resource: r, connectionDetails: { password: Buffer.from('s3cr3t') }, ready: 1 });
  return generatedEncode({
    meta: { tag: 'abc123', capabilities: [1, 2, 4, 5] },
    observed: { composite: composed({ apiVersion: 'example.org/v1', kind: 'XApp', metadata: { name: 'x', labels: { team: 'a' } } }), resources: { db: composed(rdsInstance()) } },
    desired: { composite: composed({ apiVersion: 'example.org/v1', kind: 'XApp' }), resources: { db: composed(rdsInstance({ storageEncrypted: true })), logs: composed(bucket()) } },
    input: { apiVersion: 'guardrails.fn.crossplane.io/v1beta1', kind: 'Guardrails', rules: { 'aws-rds-storage-encrypted': { action: 'Deny' } } },
    context: { 'apiextensions.crossplane.io/environment': { region: 'eu-west-1', zones: [1, 2, 3], on: true, off: null } },
    requiredResources: { approvals: { items: [composed({ apiVersion: 'v1', kind: 'ConfigMap', data: { digest: 'sha256:00' } })] } },
    requiredSchemas: { 'schema/rds.aws.upbound.io/v1beta3/Instance': { openapiV3: { type: 'object', properties: { spec: { type: 'object' } } } } },
    credentials: { aws: { credentialData: { data: { key: Buffer.from([0, 1, 2, 255]) } } } },
  });
}

describe('decodeRunFunctionRequest: every name is a key', () => {
  const names = ['__proto__', 'constructor', 'toString', 'hasOwnProperty', 'valueOf', ''];
  const configMap = (name: string): Obj => obj(['apiVersion', 'v1'], ['kind', 'ConfigMap'], ['metadata', obj(['name', name])]);

  const cases: { name: string; reason: string; bytes: Uint8Array; want: RunFunctionRequest }[] = [
    ...names.map((n) => ({
      name: `a desired resource named ${JSON.stringify(n)}`,
      reason: 'a name the generated decoder assigned into {}: __proto__ was lost, so the resource was never judged nor emitted',
      bytes: desired(stateBytes({ resources: [[n, resourceBytes({ resource: configMap(n) })], ['other', resourceBytes({ ready: 1 })]] })),
      want: wantDesired([[n, resource({ resource: toJs(configMap(n)) as Record<string, unknown> })], ['other', resource({ ready: 1 })]]),
    })),
    {
      name: 'JSON keys named __proto__ at every level, holding objects, lists and primitives',
      reason: 'the generated decoder assigned it into {} (setting a prototype that Struct.unwrap then dropped): the key was lost',
      bytes: desiredJson('db', obj(['__proto__', obj(['encrypted', true])], ['spec', obj(['__proto__', obj(['__proto__', 'x'])], ['list', [obj(['__proto__', null])]])], ['constructor', 1])),
      want: wantDesired([
        ['db', resource({ resource: own<unknown>([['__proto__', own([['encrypted', true]])], ['spec', own<unknown>([['__proto__', own([['__proto__', 'x']])], ['list', [own([['__proto__', null]])]]])], ['constructor', 1]]) })],
      ]),
    },
    {
      name: 'prototype names in every other map: connection details, required and extra resources, schemas, credentials',
      reason: 'every protobuf map is a null-prototype object holding exactly the wire entries',
      bytes: cat(
        desired(stateBytes({ resources: [['r', resourceBytes({ details: [['__proto__', raw(1)], ['toString', raw(2)]] })]] })),
        lenField(6, entry('__proto__', lenField(1, resourceBytes({ ready: 2 })))),
        lenField(7, entry('constructor', lenField(1, lenField(1, entry('__proto__', raw(3)))))),
        lenField(8, entry('__proto__', raw())),
        lenField(9, entry('hasOwnProperty', lenField(1, structBytes(obj(['__proto__', 'y']))))),
      ),
      want: {
        ...wantDesired([['r', resource({ connectionDetails: own([['__proto__', Buffer.from([1])], ['toString', Buffer.from([2])]]) })]]),
        extraResources: own([['__proto__', { items: [resource({ ready: 2 })] }]]),
        credentials: own([['constructor', { credentialData: { data: own([['__proto__', Buffer.from([3])]]) } }]]),
        requiredResources: own([['__proto__', { items: [] }]]),
        requiredSchemas: own([['hasOwnProperty', { openapiV3: own([['__proto__', 'y']]) }]]),
      },
    },
    {
      name: 'input and context keyed by prototype names',
      reason: 'the top-level Structs too',
      bytes: cat(lenField(4, structBytes(obj(['__proto__', obj(['mode', 'Audit'])]))), lenField(5, structBytes(obj(['toString', 'x'])))),
      want: { ...emptyRequest(), input: own([['__proto__', own([['mode', 'Audit']])]]), context: own([['toString', 'x']]) },
    },
  ];
  it.each(cases)('$name', ({ bytes, want }) => {
    const got = decodeRunFunctionRequest(bytes);
    expect(got).toEqual(want);
    expect(prototypedMaps(got)).toEqual([]);
  });

  it('the generated decoder loses these names (why this decoder exists; if this fails, the SDK changed)', () => {
    const bytes = cat(
      desired(stateBytes({ resources: [['__proto__', resourceBytes({})]] })),
      lenField(4, structBytes(obj(['__proto__', obj(['storageEncrypted', true])]))),
    );
    const generated = generatedDecode(bytes);
    expect(Object.keys(generated.desired?.resources ?? {})).toEqual([]);
    expect(Object.keys(generated.input ?? {})).toEqual([]);

    const ours = decodeRunFunctionRequest(bytes);
    expect(Object.keys(ours.desired?.resources ?? {})).toEqual(['__proto__']);
    expect(ours.input).toEqual(own([['__proto__', own([['storageEncrypted', true]])]]));
    expect(ours.input?.['storageEncrypted']).toBeUndefined();
  });

  it('a name absent from the wire is absent from the maps, whatever Object.prototype has', () => {
    const got = decodeRunFunctionRequest(desired(stateBytes({ resources: [['db', resourceBytes({})]] })));
    const resources = got.desired?.resources ?? {};
    expect(KEYS.filter((k) => k in resources)).toEqual([]);
    expect(['__proto__', 'constructor', 'toString'].map((k) => resources[k])).toEqual([undefined, undefined, undefined]);
  });
});

describe('decodeRunFunctionRequest: JSON values', () => {
  const values: { name: string; value: J; want?: unknown }[] = [
    { name: 'null', value: null },
    { name: 'true', value: true },
    { name: 'false', value: false },
    { name: '-0', value: -0 },
    { name: 'NaN', value: NaN },
    { name: 'Infinity', value: Infinity },
    { name: '-Infinity', value: -Infinity },
    { name: 'the largest double', value: Number.MAX_VALUE },
    { name: 'the smallest subnormal', value: 5e-324 },
    { name: 'an integer past 2^53', value: 2 ** 53 + 2 },
    { name: 'the empty string', value: '' },
    { name: 'unicode: accents, CJK, an emoji, a leading BOM', value: '\ufeffé日本😀' },
    { name: 'a 300-byte string', value: 'é'.repeat(150) },
    { name: 'an empty object', value: obj() },
    { name: 'an empty list', value: [] },
    { name: 'a list of everything', value: [null, true, 1, 'x', [], obj(['k', [obj()]])] },
    { name: 'an object whose key repeats: the last value wins', value: obj(['a', 1], ['b', 2], ['a', 3]), want: own([['a', 3], ['b', 2]]) },
  ];
  it.each(values)('$name', ({ value, want }) => {
    const got = decodeRunFunctionRequest(desiredJson('r', obj(['v', value])));
    expect(got.desired?.resources['r']?.resource?.['v']).toEqual(want ?? toJs(value));
  });

  it('more distinct short strings than the string cache holds, each seen twice, decode exactly', () => {
    const keys = Array.from({ length: 10_000 }, (_, i) => `k${i.toString(36)}`);
    const json = obj(...keys.map((k, i): [string, J] => [k, keys[(i * 7919) % keys.length]!]), ...keys.map((k): [string, J] => [k, k]));
    const got = decodeRunFunctionRequest(desiredJson('r', json)).desired?.resources['r']?.resource;
    expect(got).toEqual(own(keys.map((k) => [k, k])));
  });

  it('keeps the sign of -0 and the bits of NaN distinct from 0', () => {
    const got = decodeRunFunctionRequest(desiredJson('r', obj(['z', -0], ['n', NaN])));
    expect(Object.is(got.desired?.resources['r']?.resource?.['z'], -0)).toBe(true);
    expect(Number.isNaN(got.desired?.resources['r']?.resource?.['n'])).toBe(true);
  });
});

describe('decodeRunFunctionRequest: JSON depth', () => {
  const accepted: { name: string; deep: Deep }[] = [
    { name: 'objects 200 levels deep', deep: nestedObject(200) },
    { name: `objects ${MAX_JSON_DEPTH} levels deep (the maximum)`, deep: nestedObject(MAX_JSON_DEPTH) },
    { name: `objects and lists ${MAX_JSON_DEPTH} levels deep`, deep: nestedMixed(MAX_JSON_DEPTH) },
    { name: `lists ${MAX_JSON_DEPTH} levels deep`, deep: nestedLists(MAX_JSON_DEPTH) },
  ];
  it.each(accepted)('decodes $name to exactly what was encoded', ({ deep }) => {
    expect(decodeRunFunctionRequest(deep.bytes).desired?.resources['deep']?.resource).toEqual(deep.json);
  });

  it.each([
    { name: 'objects', deep: nestedObject(50) },
    { name: 'objects and lists', deep: nestedMixed(50) },
    { name: 'lists', deep: nestedLists(50) },
  ])('the looped bytes of nested $name are the generated encoder\'s', ({ deep }) => {
    expect(deep.bytes).toEqual(requestWith(deep.json));
  });

  it('the iterative test encoder agrees with the SDK encoder', () => {
    expect(deepRequestIteratively(4)).toEqual(requestWith({ a: { a: { a: {} } } }));
  });

  const rejected: { name: string; bytes: () => Uint8Array }[] = [
    { name: `objects ${MAX_JSON_DEPTH + 1} levels deep`, bytes: () => nestedObject(MAX_JSON_DEPTH + 1).bytes },
    { name: `objects and lists ${MAX_JSON_DEPTH + 2} levels deep`, bytes: () => nestedMixed(MAX_JSON_DEPTH + 2).bytes },
    { name: `lists ${MAX_JSON_DEPTH + 1} levels deep`, bytes: () => nestedLists(MAX_JSON_DEPTH + 1).bytes },
    { name: '100k levels (would exhaust the JS stack)', bytes: () => deepRequestIteratively(100_000) },
  ];
  it.each(rejected)('refuses $name with an Error', ({ bytes }) => {
    expect(decodeError(bytes()).message).toBe(`cannot decode RunFunctionRequest: JSON nested more than ${MAX_JSON_DEPTH} levels deep is not supported`);
  });
});

describe('decodeRunFunctionRequest: what the wire format allows', () => {
  const group = (field: number, body: Uint8Array) => cat(tag(field, 3), body, tag(field, 4));
  const unknowns = cat(
    varintField(15, 7),
    cat(tag(16, 1), raw(1, 2, 3, 4, 5, 6, 7, 8)),
    lenField(17, raw(0xff, 0xfe)),
    cat(tag(18, 5), raw(1, 2, 3, 4)),
    group(19, cat(varintField(1, 1), group(20, lenField(2, raw(9))))),
    varintField(536_870_911, 1), // the largest field number
  );
  const cases: { name: string; reason: string; bytes: Uint8Array; want: RunFunctionRequest }[] = [
    { name: 'an empty message', reason: 'every field at its default', bytes: raw(), want: emptyRequest() },
    {
      name: 'unknown fields of every wire type, groups nested, in every message',
      reason: 'a newer Crossplane may send fields this proto does not know; they are skipped by wire type',
      bytes: cat(
        unknowns,
        desired(cat(unknowns, stateBytes({ resources: [['r', cat(unknowns, resourceBytes({ resource: obj(['a', 1]) }))]] }))),
        lenField(4, cat(unknowns, lenField(1, cat(unknowns, stringField(1, 'k'), lenField(2, cat(unknowns, valueBytes('v'))))))),
      ),
      want: { ...wantDesired([['r', resource({ resource: own([['a', 1]]) })]]), input: own([['k', 'v']]) },
    },
    {
      name: 'capabilities unpacked and packed',
      reason: 'proto3 packs repeated enums, and a parser must accept both forms',
      bytes: lenField(1, cat(stringField(1, 't'), varintField(2, 1), lenField(2, cat(varint(2), varint(5))), varintField(2, 3))),
      want: { ...emptyRequest(), meta: { tag: 't', capabilities: [1, 2, 5, 3] } },
    },
    {
      name: 'negative and unknown enum values',
      reason: 'enums are open: the value is kept as is (a negative int32 takes 10 bytes)',
      bytes: cat(lenField(1, lenField(2, cat(varint(-1), varint(99)))), desired(stateBytes({ resources: [['r', varintField(3, -7)]] }))),
      want: { ...wantDesired([['r', resource({ ready: -7 as Ready })]]), meta: { tag: '', capabilities: [-1, 99] as Capability[] } },
    },
    {
      name: 'a map entry with no value',
      reason: "protobuf's rule: the value type's default; the generated decoder dropped the entry, losing the name",
      bytes: desired(lenField(2, stringField(1, 'bare'))),
      want: wantDesired([['bare', resource({})]]),
    },
    {
      name: 'a map entry with no key',
      reason: 'the key is the empty string',
      bytes: desired(lenField(2, lenField(2, resourceBytes({ ready: 1 })))),
      want: wantDesired([['', resource({ ready: 1 })]]),
    },
    {
      name: 'a map key given twice',
      reason: 'the last entry wins, as in protobuf',
      bytes: desired(stateBytes({ resources: [['a', resourceBytes({ ready: 1 })], ['b', resourceBytes({})], ['a', resourceBytes({ ready: 2 })]] })),
      want: wantDesired([['a', resource({ ready: 2 })], ['b', resource({})]]),
    },
    {
      name: 'a JSON value given two kinds',
      reason: 'a oneof keeps the member set last, as protobuf does',
      bytes: inDesired(jsonField('v', cat(valueBytes('x'), valueBytes(2)))),
      want: wantDesired([['r', resource({ resource: own([['v', 2]]) })]]),
    },
    {
      name: 'a message field given twice',
      reason: 'the last one wins, as in the generated decoder',
      bytes: cat(desired(stateBytes({ resources: [['a', resourceBytes({})]] })), desired(stateBytes({ resources: [['b', resourceBytes({})]] }))),
      want: wantDesired([['b', resource({})]]),
    },
    {
      name: 'null_value with a number other than 0, a bool as a long varint',
      reason: 'NullValue has one value, any number means null; a bool is any non-zero varint',
      bytes: inDesired(cat(jsonField('n', varintField(1, 5)), jsonField('b', cat(tag(4, 0), raw(0x80, 0x80, 0x01))))),
      want: wantDesired([['r', resource({ resource: own([['n', null], ['b', true]]) })]]),
    },
    {
      name: 'a length as a padded varint',
      reason: 'Go accepts a varint with redundant continuation bytes',
      bytes: cat(tag(3, 2), raw(0x80 | 0, 0x00)),
      want: { ...emptyRequest(), desired: { composite: undefined, resources: own([]) } },
    },
  ];
  it.each(cases)('$name', ({ bytes, want }) => {
    expect(decodeRunFunctionRequest(bytes)).toEqual(want);
  });
});

describe('decodeRunFunctionRequest: malformed input', () => {
  const cases: { name: string; reason: string; bytes: Uint8Array; want: string }[] = [
    { name: 'a huge declared length', reason: 'a length is checked against what is left before anything is read', bytes: cat(tag(3, 2), varint(0x7fffffff)), want: 'length 2147483647 past the end of the message' },
    { name: 'a length of 2^32 or more', reason: 'lengths are 32-bit', bytes: cat(tag(3, 2), raw(0x80, 0x80, 0x80, 0x80, 0x80, 0x01)), want: 'length ≥ 2^32 past the end of the message' },
    {
      name: "a length past the parent's end but within the buffer",
      reason: 'a nested message may not run past the message that holds it',
      bytes: cat(tag(3, 2), varint(2), tag(2, 2), varint(5), raw(0, 0, 0, 0, 0)),
      want: 'length 5 past the end of the message',
    },
    { name: 'a varint longer than 10 bytes', reason: 'Go refuses it; it could otherwise run on', bytes: cat(tag(15, 0), raw(...Array<number>(10).fill(0x80), 0x00)), want: 'varint longer than 10 bytes' },
    { name: 'a 10-byte varint past 64 bits', reason: 'the 10th byte holds one bit', bytes: cat(tag(15, 0), raw(...Array<number>(9).fill(0x80), 0x02)), want: 'varint overflows 64 bits' },
    { name: 'a truncated varint', reason: 'the continuation bit promises a byte that is not there', bytes: cat(tag(15, 0), raw(0x80)), want: 'truncated message' },
    { name: 'a tag past 32 bits', reason: 'field numbers end at 2^29 - 1', bytes: raw(0xff, 0xff, 0xff, 0xff, 0x7f, 0x00), want: 'invalid tag (overflows 32 bits)' },
    { name: 'field number 0', reason: 'not a valid field number', bytes: raw(0x00, 0x00), want: 'invalid tag 0' },
    { name: 'field number 0 in a nested message', reason: 'every message is checked', bytes: desired(raw(0x02, 0x00)), want: 'invalid tag 2' },
    { name: 'wire type 6', reason: 'no such wire type', bytes: raw(0x7e), want: 'invalid tag 126' },
    { name: 'wire type 7', reason: 'no such wire type', bytes: raw(0x7f), want: 'invalid tag 127' },
    { name: 'an end-group tag with no group', reason: 'nothing to end', bytes: tag(15, 4), want: 'unexpected end-group tag for field 15' },
    { name: 'a group that never ends', reason: 'runs into the end of the message', bytes: cat(tag(15, 3), varintField(1, 1)), want: 'truncated message' },
    { name: 'a group ended by another field', reason: 'start and end must match', bytes: cat(tag(15, 3), tag(16, 4)), want: 'end-group tag for field 16 does not match its start' },
    { name: 'desired state as a varint', reason: 'a known field with the wrong wire type', bytes: varintField(3, 1), want: 'RunFunctionRequest field 3 has wire type 0' },
    { name: 'a resource name as a varint', reason: 'the map entry key must be a string', bytes: desired(lenField(2, varintField(1, 1))), want: 'ResourcesEntry field 1 has wire type 0' },
    { name: 'ready as a length-delimited field', reason: 'an enum is a varint', bytes: desired(stateBytes({ resources: [['r', lenField(3, raw())]] })), want: 'Resource field 3 has wire type 2' },
    { name: 'a string value as a varint', reason: 'Value.string_value is length-delimited', bytes: inDesired(jsonField('k', varintField(3, 1))), want: 'google.protobuf.Value field 3 has wire type 0' },
    { name: 'a number value as 32 bits', reason: 'Value.number_value is a double', bytes: inDesired(jsonField('k', cat(tag(2, 5), raw(0, 0, 0, 0)))), want: 'google.protobuf.Value field 2 has wire type 5' },
    { name: 'a truncated double', reason: '8 bytes are promised', bytes: inDesired(jsonField('k', cat(tag(2, 1), raw(0, 0, 0, 0)))), want: 'truncated message' },
    { name: 'a packed capability running past its list', reason: 'the last varint is cut by the packed length', bytes: lenField(1, lenField(2, raw(0x80))), want: 'truncated message' },
    { name: 'a JSON value with no kind', reason: "Go's protojson refuses it; it would be read as nothing", bytes: inDesired(jsonField('k', raw())), want: 'google.protobuf.Value has no kind set' },
    { name: 'a JSON field with no value', reason: 'the generated decoder dropped it silently', bytes: inDesired(lenField(1, stringField(1, 'k'))), want: 'google.protobuf.Struct field "k" has no value' },
    { name: 'invalid UTF-8 in a resource name', reason: 'two invalid names could otherwise decode to the same U+FFFD name', bytes: desired(lenField(2, lenField(1, raw(0x61, 0xff)))), want: 'invalid UTF-8 in a string field' },
    { name: 'an overlong UTF-8 encoding in a JSON key', reason: 'C0 80 is not NUL', bytes: inDesired(lenField(1, cat(lenField(1, raw(0xc0, 0x80)), lenField(2, valueBytes(1))))), want: 'invalid UTF-8 in a string field' },
    { name: 'a UTF-8 encoded surrogate in a long string', reason: 'not a Unicode scalar value', bytes: inDesired(jsonField('k', lenField(3, cat(new TextEncoder().encode('x'.repeat(40)), raw(0xed, 0xa0, 0x80))))), want: 'invalid UTF-8 in a string field' },
  ];
  it.each(cases)('refuses $name', ({ bytes, want }) => {
    expect(decodeError(bytes).message).toBe(`cannot decode RunFunctionRequest: ${want}`);
  });

  it('refuses a real request cut at any byte inside a field, and reads the fields before a cut between fields', () => {
    const bytes = realisticRequest();
    const boundaries = new Set(topLevelFields(bytes).map(([, , start]) => start));
    const outcomes = { refused: 0, shorter: 0 };
    for (let cut = 0; cut < bytes.length; cut++) {
      const prefix = bytes.subarray(0, cut);
      if (boundaries.has(cut)) {
        expect(decodeRunFunctionRequest(prefix)).toEqual(generatedDecode(prefix));
        outcomes.shorter++;
      } else {
        expect(decodeError(prefix).message).toMatch(/^cannot decode RunFunctionRequest: (truncated message|length \d+ past the end of the message)$/);
        outcomes.refused++;
      }
    }
    expect(outcomes).toEqual({ refused: bytes.length - 8, shorter: 8 }); // 8 top-level fields: meta … credentials
  });

  it('refuses random corruptions with an Error or decodes them, never anything else', () => {
    const bytes = realisticRequest();
    let state = 1;
    const rand = () => ((state = (state * 1103515245 + 12345) >>> 0) / 2 ** 32);
    const outcomes = { decoded: 0, refused: 0 };
    for (let i = 0; i < 2000; i++) {
      const copy = bytes.slice();
      for (let j = 0; j < 1 + Math.floor(rand() * 4); j++) copy[Math.floor(rand() * copy.length)] = Math.floor(rand() * 256);
      try {
        decodeRunFunctionRequest(copy);
        outcomes.decoded++;
      } catch (err) {
        expect(err).toBeInstanceOf(Error);
        expect((err as Error).message).toMatch(/^cannot decode RunFunctionRequest: /);
        outcomes.refused++;
      }
    }
    expect(outcomes.decoded + outcomes.refused).toBe(2000);
    expect(outcomes.refused).toBeGreaterThan(0);
  });
});
