import { RunFunctionResponse, type Ready, type Resource, type Severity } from '@crossplane-org/function-sdk-typescript';
import { describe, expect, it } from 'vitest';
import {
  cat,
  firstDifference,
  lenField,
  nestedStructBytes,
  obj,
  own,
  randomResponse,
  resourceBytes,
  responseAsRequest,
  stateBytes,
  stringField,
  structBytes,
  toJs,
  varintField,
  entry,
  type Obj,
} from '../../../test/wire.js';
import { decodeRunFunctionRequest } from './decode.js';
import { MAX_RESPONSE_JSON_DEPTH, encodeRunFunctionResponse } from './encode.js';

function generatedEncode(rsp: RunFunctionResponse): Uint8Array {
  return RunFunctionResponse.encode(rsp).finish();
}

/** Compares bytes by length and first difference, so that a failure points at the offset rather than printing megabytes. */
function expectSameBytes(got: Uint8Array, want: Uint8Array): void {
  expect({ length: got.length, firstDifference: firstDifference(got, want) }).toEqual({ length: want.length, firstDifference: -1 });
}

function response(r: Partial<RunFunctionResponse>): RunFunctionResponse {
  return { meta: undefined, desired: undefined, results: [], context: undefined, requirements: undefined, conditions: [], output: undefined, ...r };
}

const composed = (json: Record<string, unknown>, r: Partial<Resource> = {}): Resource => ({ resource: json, connectionDetails: {}, ready: 0, ...r });

/** A response whose desired state holds these resources. */
const withDesired = (resources: Record<string, Resource>, composite?: Resource): RunFunctionResponse =>
  response({ desired: { composite, resources } });

const jsonResponse = (json: Record<string, unknown>) => withDesired({ r: composed(json) });

/** A string with every lone surrogate replaced by U+FFFD, as UTF-8 encoding writes it. */
const wellFormed = (s: string): string => s.replace(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, '\ufffd');

/** What JSON reads back as after a round trip: strings and keys well-formed, objects without undefined values or prototypes. */
function readBack(v: unknown): unknown {
  if (typeof v === 'string') return wellFormed(v);
  if (Array.isArray(v)) return v.map(readBack);
  if (typeof v !== 'object' || v === null || Buffer.isBuffer(v)) return v;
  return own(Object.keys(v).filter((k) => (v as Record<string, unknown>)[k] !== undefined).map((k) => [wellFormed(k), readBack((v as Record<string, unknown>)[k])]));
}

describe('encodeRunFunctionResponse: the bytes of the SDK generated encoder', () => {
  it.each(Array.from({ length: 300 }, (_, i) => ({ seed: i + 1 })))('random response #$seed', ({ seed }) => {
    const rsp = randomResponse(seed, { depth: 1 + (seed % 12), proto: false, undefinedValues: true });
    expectSameBytes(encodeRunFunctionResponse(rsp), generatedEncode(rsp));
  });

  const values: { name: string; value: unknown }[] = [
    { name: 'null', value: null },
    { name: 'true and false', value: [true, false] },
    { name: '-0', value: -0 },
    { name: 'NaN', value: NaN },
    { name: 'the infinities', value: [Infinity, -Infinity] },
    { name: 'the largest and smallest doubles', value: [Number.MAX_VALUE, -Number.MAX_VALUE, Number.MIN_VALUE, 2.2250738585072014e-308] },
    { name: 'integers past 2^53', value: [2 ** 53 + 2, -(2 ** 63), 1e21] },
    { name: 'the empty string and the empty key', value: { '': '' } },
    { name: 'unicode in keys and values', value: { 'ключ': '日本語', '🔑': '😀', 'e\u0301': '\ufeff' } },
    { name: 'lone surrogates, short and long (written as U+FFFD)', value: { '\ud800': 'a\udc00b', long: 'x'.repeat(100) + '\udc00' + '\ud800y', pair: '\ud83d\ude00'.repeat(50) } },
    { name: 'strings around the length-prefix and fast-path sizes', value: [63, 64, 65, 127, 128, 129, 16383, 16384, 20000].flatMap((n) => ['x'.repeat(n), 'é'.repeat(n)]) },
    { name: 'undefined in an object (left out) and in a list (an empty Value)', value: { gone: undefined, list: [1, undefined, 2], deep: { gone: undefined } } },
    { name: 'prototype names as keys', value: { constructor: 1, toString: 'x', hasOwnProperty: null, valueOf: [], isPrototypeOf: {} } },
    { name: 'integer-like keys (JavaScript orders them first)', value: { b: 1, 2: 'two', a: 3, 1: 'one', '-1': 'neg', '01': 'lead' } },
    { name: 'empty objects and lists', value: { o: {}, l: [], ll: [[]], lo: [{}] } },
    { name: 'a null-prototype object', value: own([['a', own([['b', 1]])]]) },
  ];
  it.each(values)('JSON: $name', ({ value }) => {
    const rsp = jsonResponse({ v: value });
    expectSameBytes(encodeRunFunctionResponse(rsp), generatedEncode(rsp));
  });

  const envelopes: { name: string; rsp: RunFunctionResponse }[] = [
    { name: 'an empty response', rsp: response({}) },
    { name: 'meta with a tag and the default TTL', rsp: response({ meta: { tag: 'abc', ttl: { seconds: 60, nanos: 0 } } }) },
    { name: 'a TTL with negative and large values', rsp: response({ meta: { tag: '', ttl: { seconds: -(2 ** 53 - 1), nanos: -1 } } }) },
    { name: 'a TTL of zero', rsp: response({ meta: { tag: '', ttl: { seconds: 0, nanos: 0 } } }) },
    {
      name: 'results: defaults left out, optional fields written when set, even empty',
      rsp: response({ results: [{ severity: 0, message: '', reason: undefined, target: undefined }, { severity: 1, message: 'm', reason: '', target: 0 }, { severity: -1, message: 'x', reason: 'r', target: 2 }] }),
    },
    {
      name: 'conditions',
      rsp: response({ conditions: [{ type: 'GuardrailsCompliant', status: 2, reason: 'Compliant', message: undefined, target: 2 }, { type: '', status: 0, reason: '', message: '', target: undefined }] }),
    },
    {
      name: 'requirements with every selector form',
      rsp: response({
        requirements: {
          extraResources: { old: { apiVersion: 'v1', kind: 'ConfigMap', matchName: 'n', matchLabels: undefined, namespace: undefined } },
          resources: {
            approvals: { apiVersion: 'v1', kind: 'ConfigMap', matchName: undefined, matchLabels: { labels: { a: 'b', empty: '', '': 'k' } }, namespace: 'ns' },
            both: { apiVersion: '', kind: '', matchName: '', matchLabels: { labels: {} }, namespace: '' },
          },
          schemas: { 'schema/v1/ConfigMap': { apiVersion: 'v1', kind: 'ConfigMap' }, '': { apiVersion: '', kind: '' } },
        },
      }),
    },
    {
      name: 'desired state: composite, readiness, connection details, an empty name, undefined entries',
      rsp: withDesired(
        {
          db: composed({ apiVersion: 'v1' }, { ready: 1, connectionDetails: { password: Buffer.from('s3cr3t'), empty: Buffer.alloc(0), '': Buffer.from([0]) } }),
          '': composed({}),
          bare: { resource: undefined, connectionDetails: {}, ready: -5 as Ready },
          gone: undefined as unknown as Resource,
        },
        composed({ status: { ready: true } }, { ready: 2 }),
      ),
    },
    { name: 'context and output', rsp: response({ context: { 'apiextensions.crossplane.io/environment': { region: 'eu' } }, output: { count: 3 } }) },
  ];
  it.each(envelopes)('$name', ({ rsp }) => {
    expectSameBytes(encodeRunFunctionResponse(rsp), generatedEncode(rsp));
  });

  const big: { name: string; rsp: () => RunFunctionResponse }[] = [
    {
      name: 'a response of 3,000 resources (the buffer grows many times)',
      rsp: () => withDesired(Object.fromEntries(Array.from({ length: 3000 }, (_, i) => [`cm-${i}`, composed({ apiVersion: 'v1', kind: 'ConfigMap', data: { i, pad: 'p'.repeat(100) } })]))),
    },
    { name: 'one string of 1 MiB (one write larger than twice the buffer)', rsp: () => jsonResponse({ big: 'é'.repeat(512 * 1024) }) },
  ];
  it.each(big)('$name', ({ rsp }) => {
    const r = rsp();
    expectSameBytes(encodeRunFunctionResponse(r), generatedEncode(r));
  });

  it('each result owns its bytes: encoding the next response (in the reused buffer) leaves earlier results as they were', () => {
    const responses = [big[0]!.rsp(), jsonResponse({ small: 1 }), big[1]!.rsp(), response({}), jsonResponse({ again: 'x'.repeat(1000) })];
    const results = responses.map((r) => encodeRunFunctionResponse(r));
    results.forEach((bytes, i) => expectSameBytes(bytes, generatedEncode(responses[i]!)));
  });
});

describe('encodeRunFunctionResponse: every name is written', () => {
  const json: Obj = obj(['__proto__', obj(['encrypted', true])], ['spec', obj(['__proto__', 'x'], ['constructor', [obj(['__proto__', null])]])]);
  const protoJson = toJs(json) as Record<string, unknown>;
  const cases: { name: string; reason: string; rsp: RunFunctionResponse; want: Uint8Array }[] = [
    {
      name: 'a desired resource named __proto__ whose JSON has __proto__ keys (null-prototype objects)',
      reason: "the generated Struct.wrap copied keys into {}, where __proto__ set the prototype and the key was lost",
      rsp: withDesired(own([['__proto__', composed(protoJson)], ['constructor', composed({})]])),
      want: lenField(2, stateBytes({ resources: [['__proto__', resourceBytes({ resource: json })], ['constructor', resourceBytes({ resource: obj() })]] })),
    },
    {
      name: 'JSON with an own __proto__ key in a plain object (as JSON.parse builds it)',
      reason: 'own enumerable keys are written whatever the prototype',
      rsp: response({ context: JSON.parse('{"__proto__": {"a": "b"}, "k": 1}') as Record<string, unknown> }),
      want: lenField(4, structBytes(obj(['__proto__', obj(['a', 'b'])], ['k', 1]))),
    },
    {
      name: 'output and connection details keyed __proto__',
      reason: 'every map and Struct',
      rsp: response({
        desired: { composite: { resource: undefined, connectionDetails: own([['__proto__', Buffer.from('pw')]]), ready: 0 }, resources: {} },
        output: own([['__proto__', 'out']]),
      }),
      want: cat(lenField(2, lenField(1, resourceBytes({ details: [['__proto__', Buffer.from('pw')]] }))), lenField(7, structBytes(obj(['__proto__', 'out'])))),
    },
    {
      name: 'a required resource keyed __proto__',
      reason: 'requirements maps too',
      rsp: response({ requirements: { extraResources: {}, resources: own([['__proto__', { apiVersion: 'v1', kind: 'ConfigMap', matchName: 'n', matchLabels: undefined, namespace: undefined }]]), schemas: {} } }),
      want: lenField(5, lenField(2, entry('__proto__', cat(stringField(1, 'v1'), stringField(2, 'ConfigMap'), stringField(3, 'n'))))),
    },
  ];
  it.each(cases)('$name', ({ rsp, want }) => {
    expectSameBytes(encodeRunFunctionResponse(rsp), want);
  });

  it.each(Array.from({ length: 200 }, (_, i) => ({ seed: 1000 + i })))('random response #$seed with __proto__ keys reads back as it was written', ({ seed }) => {
    const rsp = randomResponse(seed, { depth: 1 + (seed % 10), proto: true });
    const back = decodeRunFunctionRequest(responseAsRequest(encodeRunFunctionResponse(rsp)));
    expect(back.desired).toEqual(readBack(rsp.desired));
    expect(back.context).toEqual(readBack(rsp.context));
  });

  it('the read-back check sees a lost __proto__ key (otherwise the round trip above proves nothing)', () => {
    const rsp = jsonResponse(own([['__proto__', own([['a', 1]])]]));
    const back = decodeRunFunctionRequest(responseAsRequest(encodeRunFunctionResponse(rsp)));
    expect(back.desired).toEqual(readBack(rsp.desired));
    expect(back.desired).not.toEqual(readBack(jsonResponse({}).desired));
    expect(decodeRunFunctionRequest(responseAsRequest(generatedEncode(rsp))).desired).not.toEqual(readBack(rsp.desired));
  });
});

describe('encodeRunFunctionResponse: what cannot be encoded', () => {
  const cyclic: Record<string, unknown> = { a: 1 };
  cyclic['self'] = cyclic;
  const cases: { name: string; rsp: RunFunctionResponse; want: string }[] = [
    { name: 'a cyclic object', rsp: jsonResponse(cyclic), want: `cannot encode RunFunctionResponse: JSON nested more than ${MAX_RESPONSE_JSON_DEPTH} levels deep` },
    { name: 'a bigint', rsp: jsonResponse({ n: 1n }), want: 'Unsupported any value type: bigint' },
    { name: 'a function', rsp: jsonResponse({ f: () => 1 }), want: 'Unsupported any value type: function' },
    { name: 'a fractional enum', rsp: response({ results: [{ severity: 1.5 as Severity, message: '', reason: undefined, target: undefined }] }), want: 'invalid int32: 1.5' },
    { name: 'an enum past int32', rsp: response({ conditions: [{ type: '', status: 2 ** 31, reason: '', message: undefined, target: undefined }] }), want: 'invalid int32: 2147483648' },
    { name: 'a fractional TTL', rsp: response({ meta: { tag: '', ttl: { seconds: 1.5, nanos: 0 } } }), want: 'invalid int64: 1.5' },
    { name: 'a TTL past int64', rsp: response({ meta: { tag: '', ttl: { seconds: 2 ** 63, nanos: 0 } } }), want: 'invalid int64: 9223372036854776000' },
  ];
  it.each(cases)('refuses $name with an Error', ({ rsp, want }) => {
    expect(() => encodeRunFunctionResponse(rsp)).toThrow(new Error(want));
  });

  // The generated encoder recurses through four frames a level and can run out of stack at
  // this depth (it did on CI once), so the deep case is checked against bytes built in a loop,
  // and the loop against the generated encoder where both fit.
  /** `{a: {a: … {}}}`, `levels` objects deep, and the bytes of the response that composes it. */
  function nested(levels: number): { rsp: RunFunctionResponse; bytes: Uint8Array } {
    let deep: Record<string, unknown> = {};
    for (let i = 1; i < levels; i++) deep = { a: deep };
    return { rsp: jsonResponse(deep), bytes: lenField(2, stateBytes({ resources: [['r', lenField(1, nestedStructBytes(levels))]] })) };
  }

  it('the looped bytes of a nested object are those of the generated encoder, 100 levels deep', () => {
    const { rsp, bytes } = nested(100);
    expectSameBytes(bytes, generatedEncode(rsp));
  });

  it(`encodes JSON ${MAX_RESPONSE_JSON_DEPTH} levels deep`, () => {
    const { rsp, bytes } = nested(MAX_RESPONSE_JSON_DEPTH);
    expectSameBytes(encodeRunFunctionResponse(rsp), bytes);
  });
});

it('hand-spelled fixtures agree with the generated encoder where both apply', () => {
  const rsp = withDesired({ cm: composed({ kind: 'ConfigMap', data: { a: 'b' } }, { ready: 1 }) });
  const want = lenField(2, stateBytes({ resources: [['cm', resourceBytes({ resource: obj(['kind', 'ConfigMap'], ['data', obj(['a', 'b'])]), ready: 1 })]] }));
  expectSameBytes(generatedEncode(rsp), want);
  expect(varintField(3, 1)).toEqual(Uint8Array.from([0x18, 0x01]));
});
