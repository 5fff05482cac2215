/**
 * The wire codec (src/server/wire/) on random trees and random damage. For
 * random JSON trees (every kind of number and string, keys such as
 * `__proto__`, `constructor` and the empty key) inside random
 * RunFunctionRequests and RunFunctionResponses:
 * - decoding what the encoder wrote gives back exactly what it was given;
 * - the encoder writes the bytes of the SDK's generated encoder, and the
 *   decoder reads the generated encoder's bytes as the generated decoder
 *   does (both for trees without `__proto__`, which the generated code loses);
 * - JSON deeper than the decoder's limit is refused, JSON within it is not;
 * - a message cut anywhere, with bytes changed, with a malformed fragment
 *   deep inside, or that is only almost protobuf, is refused with an Error
 *   the decoder raised on purpose, or decodes to JSON data: never a hang (each
 *   case runs to its end), never a TypeError or RangeError from a read past
 *   the end or an exhausted stack, never a thrown non-Error.
 * Cases: runs(n) below, scaled by FC_RUNS; FC_SEED (and FC_PATH) replay the
 * seed fast-check prints on failure.
 */
import { BinaryReader } from '@bufbuild/protobuf/wire';
import { RunFunctionRequest, RunFunctionResponse } from '@crossplane-org/function-sdk-typescript';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { inheritsNothing } from '../../src/lang/record.js';
import { decodeRunFunctionRequest, MAX_JSON_DEPTH } from '../../src/server/wire/decode.js';
import { encodeRunFunctionResponse } from '../../src/server/wire/encode.js';
import { almostProtobuf, jsonDepth, jsonObject, request, response, uvarint, type JsonOptions } from '../arbitraries/wire.js';
import { runs, TIMEOUT } from '../arbitraries/settings.js';
import { cat, firstDifference, generatedDecode, lenField, lenFieldsOf, prototypedMaps, raw, stringField, tag, topLevelFields, valueBytes } from '../wire.js';

const WITH_PROTO: JsonOptions = { proto: true };
const NO_PROTO: JsonOptions = { proto: false };

const generatedEncode = (rsp: RunFunctionResponse): Uint8Array => RunFunctionResponse.encode(rsp).finish();
const generatedEncodeRequest = (req: RunFunctionRequest): Uint8Array => RunFunctionRequest.encode(req).finish();

/** The generated response decoder, its recursion counter started low as generatedDecode does for requests. */
function generatedDecodeResponse(bytes: Uint8Array): RunFunctionResponse {
  const reader = new BinaryReader(bytes) as BinaryReader & { __tsProtoDecodeDepth?: number };
  reader.__tsProtoDecodeDepth = -10_000;
  return RunFunctionResponse.decode(reader);
}

/**
 * A response's JSON and state reframed as a request's, so that the request
 * decoder reads what the response encoder wrote (the messages are the same):
 * desired 2 → 3, context 4 → 5, output 7 → input 4.
 */
function asRequest(rsp: Uint8Array): Uint8Array {
  return cat(...lenFieldsOf(rsp, 2).map((s) => lenField(3, s)), ...lenFieldsOf(rsp, 7).map((o) => lenField(4, o)), ...lenFieldsOf(rsp, 4).map((c) => lenField(5, c)));
}

/** A string with every lone surrogate replaced by U+FFFD, as UTF-8 encoding writes it. */
const wellFormed = (s: string): string => s.replace(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, '\ufffd');

/**
 * What `v` reads back as after a trip over the wire: strings and keys
 * well-formed, objects without prototypes and without undefined values
 * (two keys that differ only in lone surrogates become one: its first place,
 * its last value, as a protobuf map keeps a repeated key).
 */
function readBack(v: unknown): unknown {
  if (typeof v === 'string') return wellFormed(v);
  if (Array.isArray(v)) return v.map(readBack);
  if (typeof v !== 'object' || v === null || v instanceof Uint8Array) return v;
  const out = Object.create(null) as Record<string, unknown>;
  for (const [k, e] of Object.entries(v)) if (e !== undefined) out[wellFormed(k)] = readBack(e);
  return out;
}

/** Compares bytes by length and first difference, so that a failure points at the offset rather than printing kilobytes. */
function expectSameBytes(got: Uint8Array, want: Uint8Array): void {
  expect({ length: got.length, firstDifference: firstDifference(got, want) }).toEqual({ length: want.length, firstDifference: -1 });
}

/** Paths in a decoded request where a JSON value is not JSON data (null, boolean, number, string, list, object that inherits nothing). */
function notJson(req: RunFunctionRequest): string[] {
  const bad: string[] = [];
  const json = (path: string, v: unknown): void => {
    if (v === null || typeof v === 'boolean' || typeof v === 'number' || typeof v === 'string') return;
    if (Array.isArray(v)) v.forEach((e, i) => json(`${path}[${i}]`, e));
    else if (typeof v === 'object' && inheritsNothing(v)) for (const [k, e] of Object.entries(v)) json(`${path}.${k}`, e);
    else bad.push(path);
  };
  const top = (path: string, v: unknown): void => {
    if (v !== undefined) json(path, v);
  };
  for (const s of ['observed', 'desired'] as const) {
    top(`${s}.composite`, req[s]?.composite?.resource);
    for (const [name, r] of Object.entries(req[s]?.resources ?? {})) top(`${s}.${name}`, r.resource);
  }
  top('input', req.input);
  top('context', req.context);
  for (const [name, s] of Object.entries(req.requiredSchemas)) top(`requiredSchemas.${name}`, s.openapiV3);
  for (const [name, g] of Object.entries(req.requiredResources)) g.items.forEach((r, i) => top(`requiredResources.${name}[${i}]`, r.resource));
  return bad;
}

type Outcome = { refused: string } | { decoded: RunFunctionRequest };

/**
 * Decodes `bytes` and checks the two outcomes allowed: an Error the decoder
 * raised on purpose (its own message, its cause a plain Error, not a
 * TypeError or RangeError from a bug), or a request of JSON data with no
 * prototypes anywhere.
 */
function decodeOrRefuse(bytes: Uint8Array, maxDepth?: number): Outcome {
  let req: RunFunctionRequest;
  try {
    req = decodeRunFunctionRequest(bytes, maxDepth);
  } catch (err) {
    expect(err).toBeInstanceOf(Error);
    const e = err as Error;
    expect(e.message).toMatch(/^cannot decode RunFunctionRequest: /);
    expect(e.cause, e.message).toBeInstanceOf(Error);
    expect((e.cause as Error).constructor, e.message).toBe(Error);
    return { refused: e.message.slice('cannot decode RunFunctionRequest: '.length) };
  }
  expect(prototypedMaps(req)).toEqual([]);
  expect(notJson(req)).toEqual([]);
  return { decoded: req };
}

function refusal(outcome: Outcome): string {
  if ('refused' in outcome) return outcome.refused;
  throw new Error('decoded what should have been refused');
}

describe('the wire codec, on random trees', () => {
  it(
    'reads back every response it writes: the desired state, context and output as they were given, __proto__ keys and all',
    () => {
      fc.assert(
        fc.property(response(WITH_PROTO), (rsp) => {
          const outcome = decodeOrRefuse(asRequest(encodeRunFunctionResponse(rsp)));
          if ('refused' in outcome) throw new Error(`refused: ${outcome.refused}`);
          const back = outcome.decoded;
          expect(back.desired).toEqual(readBack(rsp.desired));
          expect(back.context).toEqual(readBack(rsp.context));
          expect(back.input).toEqual(readBack(rsp.output));
        }),
        runs(300),
      );
    },
    TIMEOUT,
  );

  it(
    'writes the bytes of the generated encoder for any response without a __proto__ key, undefined values included',
    () => {
      fc.assert(
        fc.property(response({ proto: false, undefinedValues: true }), (rsp) => {
          const ours = encodeRunFunctionResponse(rsp);
          expectSameBytes(ours, generatedEncode(rsp));
          // and the fields the request decoder does not read come back through the generated decoder
          const { meta, results, conditions, requirements } = generatedDecodeResponse(ours);
          expect({ meta, results, conditions, requirements }).toEqual(readBack({ meta: rsp.meta, results: rsp.results, conditions: rsp.conditions, requirements: rsp.requirements }));
        }),
        runs(300),
      );
    },
    TIMEOUT,
  );

  it(
    'reads the bytes of the generated encoder as the generated decoder does, and as the request was, with no prototype anywhere',
    () => {
      fc.assert(
        fc.property(request(NO_PROTO), (req) => {
          const bytes = generatedEncodeRequest(req);
          const outcome = decodeOrRefuse(bytes);
          if ('refused' in outcome) throw new Error(`refused: ${outcome.refused}`);
          expect(outcome.decoded).toEqual(generatedDecode(bytes));
          expect(outcome.decoded).toEqual(readBack(req));
        }),
        runs(200),
      );
    },
    TIMEOUT,
  );

  it(
    'decodes JSON as deep as the limit it is given, and refuses JSON one level deeper',
    () => {
      const deepOpts: JsonOptions = { proto: true, depth: 9 };
      const arb = fc.tuple(jsonObject(deepOpts), jsonObject(deepOpts), fc.integer({ min: 1, max: 10 }));
      fc.assert(
        fc.property(arb, ([resource, context, limit]) => {
          const rsp = encodeRunFunctionResponse({
            meta: undefined,
            desired: { composite: undefined, resources: { r: { resource, connectionDetails: {}, ready: 0 } } },
            results: [],
            context,
            requirements: undefined,
            conditions: [],
            output: undefined,
          });
          const deepest = Math.max(jsonDepth(resource), jsonDepth(context));
          const outcome = decodeOrRefuse(asRequest(rsp), limit);
          if (deepest <= limit) expect(outcome).toEqual({ decoded: expect.anything() as unknown });
          else expect(outcome).toEqual({ refused: `JSON nested more than ${limit} levels deep is not supported` });
        }),
        runs(300),
      );
    },
    TIMEOUT,
  );
});

/** A valid request: the generated encoder's bytes (no __proto__), or ours reframed (with it). */
const validRequest: fc.Arbitrary<Uint8Array> = fc.oneof(request(NO_PROTO).map(generatedEncodeRequest), response(WITH_PROTO).map((r) => asRequest(encodeRunFunctionResponse(r))));

describe('the decoder, on damaged and hostile input', () => {
  it(
    'refuses a random request cut inside a top-level field, and reads one cut between fields as the generated decoder does',
    () => {
      const arb = fc.tuple(request(NO_PROTO).map(generatedEncodeRequest), fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: 1, maxLength: 24 }));
      fc.assert(
        fc.property(arb, ([bytes, fractions]) => {
          const boundaries = new Set(topLevelFields(bytes).map(([, , start]) => start));
          const cuts = [...new Set([...fractions.map((f) => Math.floor(f * bytes.length)), ...boundaries, 1, bytes.length - 1])].filter((c) => c >= 0 && c < bytes.length);
          for (const cut of cuts) {
            const prefix = bytes.subarray(0, cut);
            const outcome = decodeOrRefuse(prefix);
            if (boundaries.has(cut)) expect(outcome).toEqual({ decoded: generatedDecode(prefix) });
            else expect(refusal(outcome)).toMatch(/^(truncated message|length \d+ past the end of the message)$/);
          }
        }),
        runs(150),
      );
    },
    TIMEOUT,
  );

  const change = fc.oneof(
    fc.record({ op: fc.constant('set' as const), at: fc.double({ min: 0, max: 1, noNaN: true, maxExcluded: true }), byte: fc.integer({ min: 0, max: 255 }) }),
    fc.record({ op: fc.constant('xor' as const), at: fc.double({ min: 0, max: 1, noNaN: true, maxExcluded: true }), byte: fc.integer({ min: 1, max: 255 }) }),
    fc.record({ op: fc.constant('insert' as const), at: fc.double({ min: 0, max: 1, noNaN: true, maxExcluded: true }), byte: fc.integer({ min: 0, max: 255 }) }),
    fc.record({ op: fc.constant('delete' as const), at: fc.double({ min: 0, max: 1, noNaN: true, maxExcluded: true }), byte: fc.constant(0) }),
  );

  it(
    'refuses or decodes a random request with bytes set, flipped, inserted or deleted',
    () => {
      fc.assert(
        fc.property(validRequest, fc.array(change, { minLength: 1, maxLength: 4 }), (bytes, changes) => {
          let b = Array.from(bytes);
          for (const { op, at, byte } of changes) {
            const i = Math.floor(at * b.length);
            if (op === 'set' && b.length > 0) b[i] = byte;
            else if (op === 'xor' && b.length > 0) b[i] = b[i]! ^ byte;
            else if (op === 'insert') b = [...b.slice(0, i), byte, ...b.slice(i)];
            else if (op === 'delete') b = [...b.slice(0, i), ...b.slice(i + 1)];
          }
          decodeOrRefuse(Uint8Array.from(b));
        }),
        runs(500),
      );
    },
    TIMEOUT,
  );

  /** Malformed fields of a google.protobuf.Struct body, each with the refusal it must get. */
  const fragments: fc.Arbitrary<{ name: string; bytes: Uint8Array; want: string }> = fc.oneof(
    fc.constant({ name: 'a length varint longer than 10 bytes', bytes: cat(tag(1, 2), raw(...Array<number>(10).fill(0x80), 0)), want: 'varint longer than 10 bytes' }),
    fc.constant({ name: 'a 10-byte varint past 64 bits', bytes: cat(tag(1, 2), raw(...Array<number>(9).fill(0xff), 0x02)), want: 'varint overflows 64 bits' }),
    fc.integer({ min: 1, max: 2 ** 32 - 1 }).map((n) => ({ name: `a length of ${n} with nothing after it`, bytes: cat(tag(1, 2), uvarint(n)), want: `length ${n} past the end of the message` })),
    fc.integer({ min: 2 ** 32, max: Number.MAX_SAFE_INTEGER }).map((n) => ({ name: `a length of ${n}`, bytes: cat(tag(1, 2), uvarint(n)), want: 'length ≥ 2^32 past the end of the message' })),
    fc.constantFrom<[number, Uint8Array]>([0, raw(1)], [1, raw(0, 0, 0, 0, 0, 0, 0, 0)], [3, raw()], [5, raw(0, 0, 0, 0)]).map(([wt, body]) => ({
      name: `the fields entry as wire type ${wt}`,
      bytes: cat(tag(1, wt), body),
      want: `google.protobuf.Struct field 1 has wire type ${wt}`,
    })),
    fc.constantFrom(0x02, 0x06, 0x0e, 0x0f, 0x7e, 0x7f).map((t) => ({ name: `the tag ${t}`, bytes: raw(t, 0), want: `invalid tag ${t}` })),
    fc.integer({ min: 2, max: 2 ** 29 - 1 }).map((f) => ({ name: `an end-group tag for field ${f} with no group`, bytes: uvarint(f * 8 + 4), want: `unexpected end-group tag for field ${f}` })),
    fc.integer({ min: 2, max: 2 ** 29 - 1 }).map((f) => ({ name: `a group for field ${f} that never ends`, bytes: uvarint(f * 8 + 3), want: 'truncated message' })),
    fc.tuple(fc.constantFrom(0, 5, 31, 40, 300), fc.constantFrom(raw(0xff), raw(0xc0, 0x80), raw(0xed, 0xa0, 0x80), raw(0xe6, 0x97), raw(0xf4, 0x90, 0x80, 0x80))).map(([pad, bad]) => ({
      name: `invalid UTF-8 after ${pad} ASCII bytes in a key`,
      bytes: lenField(1, cat(lenField(1, cat(new TextEncoder().encode('k'.repeat(pad)), bad)), lenField(2, valueBytes(1)))),
      want: 'invalid UTF-8 in a string field',
    })),
    fc.constant({ name: 'a value with no kind', bytes: lenField(1, cat(stringField(1, 'k'), lenField(2, raw()))), want: 'google.protobuf.Value has no kind set' }),
    fc.constant({ name: 'a key with no value', bytes: lenField(1, stringField(1, 'k')), want: 'google.protobuf.Struct field "k" has no value' }),
    fc.constant({ name: 'a value running past its entry', bytes: lenField(1, cat(stringField(1, 'k'), tag(2, 2), uvarint(5))), want: 'length 5 past the end of the message' }),
    fc.constant({ name: 'a truncated double', bytes: lenField(1, cat(stringField(1, 'k'), lenField(2, cat(tag(2, 1), raw(0, 0, 0, 0))))), want: 'truncated message' }),
  );

  /** A Struct body's bytes (the generated encoder's, as a response's context). */
  const structBody = jsonObject({ proto: false, depth: 3 }).map((o) => lenFieldsOf(generatedEncode({ meta: undefined, desired: undefined, results: [], context: o, requirements: undefined, conditions: [], output: undefined }), 4)[0] ?? raw());

  it(
    'refuses a malformed field wherever it sits, however deep in a resource, after valid ones, with the exact error',
    () => {
      const levels = fc.array(fc.tuple(fc.constantFrom('object' as const, 'list' as const), structBody, structBody), { maxLength: 12 });
      fc.assert(
        fc.property(fragments, structBody, levels, ({ bytes, want }, before, wraps) => {
          // the innermost Struct: valid fields, then the malformed one last (so that nothing after it could make a long length fit)
          let body = cat(before, bytes);
          for (const [kind, pre, post] of wraps) {
            const value = kind === 'object' ? lenField(5, body) : lenField(6, cat(lenField(1, valueBytes(null)), lenField(1, lenField(5, body))));
            body = cat(pre, lenField(1, cat(stringField(1, 'k'), lenField(2, value))), post);
          }
          const req = lenField(3, lenField(2, cat(stringField(1, 'r'), lenField(2, lenField(1, body)))));
          expect(refusal(decodeOrRefuse(req))).toBe(want);
        }),
        runs(300),
      );
    },
    TIMEOUT,
  );

  it(
    'refuses or decodes messages that are almost protobuf: random tags and wire types, lengths off, varints too long',
    () => {
      const outcomes = { refused: 0, decoded: 0 };
      fc.assert(
        fc.property(almostProtobuf, (bytes) => {
          outcomes['refused' in decodeOrRefuse(bytes) ? 'refused' : 'decoded']++;
        }),
        runs(1000),
      );
      // both outcomes happen, so the generator reaches past the first byte
      expect(outcomes.refused).toBeGreaterThan(0);
      expect(outcomes.decoded).toBeGreaterThan(0);
    },
    TIMEOUT,
  );

  it(
    'refuses or decodes random bytes',
    () => {
      fc.assert(
        fc.property(fc.uint8Array({ maxLength: 512 }), (bytes) => {
          decodeOrRefuse(bytes);
        }),
        runs(1000),
      );
    },
    TIMEOUT,
  );

  it('refuses JSON nested past the limit, objects in objects or in lists', () => {
    // built iteratively, front to back, as no JSON encoder would nest this deep
    const shapes: Record<string, (inner: Uint8Array) => Uint8Array> = {
      objects: (inner) => lenField(1, cat(stringField(1, 'a'), lenField(2, lenField(5, inner)))),
      'objects in lists': (inner) => lenField(1, cat(stringField(1, 'a'), lenField(2, lenField(6, lenField(1, lenField(5, inner)))))),
    };
    for (const [name, wrap] of Object.entries(shapes)) {
      let body: Uint8Array = raw();
      for (let i = 0; i < MAX_JSON_DEPTH + 500; i++) body = wrap(body);
      expect({ name, refused: refusal(decodeOrRefuse(lenField(4, body))) }).toEqual({ name, refused: `JSON nested more than ${MAX_JSON_DEPTH} levels deep is not supported` });
    }
  });
});
