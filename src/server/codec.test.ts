import { BinaryWriter } from '@bufbuild/protobuf/wire';
import { FunctionRunnerServiceService, RunFunctionRequest } from '@crossplane-org/function-sdk-typescript';
import { describe, expect, it } from 'vitest';
import { MAX_JSON_DEPTH, decodeRunFunctionRequest, functionRunnerService } from './codec.js';

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** An object nested `levels` deep: {a: {a: … {leaf: 'bottom', n: 1.5} …}}. */
function nestedObject(levels: number): Json {
  let value: Json = { leaf: 'bottom', n: 1.5 };
  for (let i = 1; i < levels; i++) value = { a: value, [`k${i % 7}`]: i % 2 === 0 };
  return value;
}

/** Objects and lists alternating, `levels` JSON levels in all (levels must be even: the top is an object). */
function nestedMixed(levels: number): Json {
  let value: Json = { leaf: null };
  for (let i = 1; i < levels; i++) value = i % 2 === 1 ? { items: value } : [value, 'x'];
  return value;
}

function requestWith(resource: Json): RunFunctionRequest {
  return RunFunctionRequest.fromPartial({
    meta: { tag: 'deep' },
    desired: { resources: { deep: { resource: resource as Record<string, unknown> } } },
    context: { 'apiextensions.crossplane.io/environment': { region: 'eu-west-1' } },
  });
}

function encode(req: RunFunctionRequest): Uint8Array {
  return RunFunctionRequest.encode(req).finish();
}

/**
 * Encodes a request whose one desired resource is {a: {a: … {} …}} nested
 * `levels` deep, without recursion (the SDK's encoder would overflow the
 * stack long before 100k levels). Writes each level's prefix outermost first:
 * Struct.fields(1) → FieldsEntry{key(1) "a", value(2)} → Value.struct_value(5).
 */
function encodeDeepRequestIteratively(levels: number): Uint8Array {
  const varintLen = (n: number): number => (n < 0x80 ? 1 : n < 0x4000 ? 2 : n < 0x200000 ? 3 : n < 0x10000000 ? 4 : 5);
  const prefixes: number[][] = [];
  let structLen = 0; // innermost: an empty Struct
  for (let i = 1; i < levels; i++) {
    const valueLen = 1 + varintLen(structLen) + structLen;
    const entryLen = 3 + 1 + varintLen(valueLen) + valueLen;
    prefixes.push([0x0a, ...varint(entryLen), 0x0a, 0x01, 0x61, 0x12, ...varint(valueLen), 0x2a, ...varint(structLen)]);
    structLen = 1 + varintLen(entryLen) + entryLen;
  }
  const struct = new Uint8Array(structLen);
  let pos = 0;
  for (let i = prefixes.length - 1; i >= 0; i--) {
    const prefix = prefixes[i] ?? [];
    struct.set(prefix, pos);
    pos += prefix.length;
  }
  const resource = new BinaryWriter().uint32(0x0a).bytes(struct).finish();
  const entry = new BinaryWriter().uint32(0x0a).string('deep').uint32(0x12).bytes(resource).finish();
  const state = new BinaryWriter().uint32(0x12).bytes(entry).finish();
  return new BinaryWriter().uint32(0x1a).bytes(state).finish();
}

function varint(n: number): number[] {
  const out: number[] = [];
  while (n >= 0x80) {
    out.push((n & 0x7f) | 0x80);
    n >>>= 7;
  }
  out.push(n);
  return out;
}

describe('decodeRunFunctionRequest', () => {
  const accepted: { name: string; resource: Json }[] = [
    { name: 'a small object', resource: { apiVersion: 'v1', kind: 'ConfigMap', data: { a: 'b' }, list: [1, 'two', null, true] } },
    { name: 'objects 100 levels deep', resource: nestedObject(100) },
    { name: 'objects 200 levels deep', resource: nestedObject(200) },
    { name: `objects ${MAX_JSON_DEPTH} levels deep (the maximum)`, resource: nestedObject(MAX_JSON_DEPTH) },
    { name: `objects and lists ${MAX_JSON_DEPTH} levels deep`, resource: nestedMixed(MAX_JSON_DEPTH) },
  ];
  it.each(accepted)('decodes $name to exactly what was encoded', ({ resource }) => {
    const req = requestWith(resource);
    expect(decodeRunFunctionRequest(encode(req))).toEqual(req);
  });

  it('the SDK plain decoder still fails at 40 levels (otherwise this codec may be obsolete or broken)', () => {
    const bytes = encode(requestWith(nestedObject(40)));
    expect(() => RunFunctionRequest.decode(bytes)).toThrow(/recursion limit exceeded/);
    expect(decodeRunFunctionRequest(bytes).desired?.resources['deep']?.resource).toEqual(nestedObject(40));
  });

  it('the iterative test encoder agrees with the SDK encoder', () => {
    const viaSdk = RunFunctionRequest.encode(RunFunctionRequest.fromPartial({
      desired: { resources: { deep: { resource: { a: { a: { a: {} } } } } } },
    })).finish();
    expect(encodeDeepRequestIteratively(4)).toEqual(viaSdk);
  });

  const rejected: { name: string; bytes: () => Uint8Array; want: RegExp }[] = [
    { name: `one level more than ${MAX_JSON_DEPTH}`, bytes: () => encode(requestWith(nestedObject(MAX_JSON_DEPTH + 1))), want: /recursion limit.*not supported/ },
    { name: '100k levels (would exhaust the JS stack)', bytes: () => encodeDeepRequestIteratively(100_000), want: /not supported/ },
    { name: 'a truncated message', bytes: () => encode(requestWith(nestedObject(3))).subarray(0, 20), want: /cannot decode/ },
  ];
  it.each(rejected)('rejects $name with an Error', ({ bytes, want }) => {
    let thrown: unknown;
    try {
      decodeRunFunctionRequest(bytes());
    } catch (err) {
      thrown = err;
    }
    expect(thrown).toBeInstanceOf(Error);
    expect((thrown as Error).message).toMatch(/^cannot decode RunFunctionRequest: /);
    expect((thrown as Error).message).toMatch(want);
  });
});

describe('functionRunnerService', () => {
  it('is the SDK service definition with only requestDeserialize replaced', () => {
    const service = functionRunnerService();
    const { requestDeserialize, ...rest } = service.runFunction;
    const { requestDeserialize: sdkDeserialize, ...sdkRest } = FunctionRunnerServiceService.runFunction;
    expect(rest).toEqual(sdkRest);
    expect(requestDeserialize).not.toBe(sdkDeserialize);
    const bytes = Buffer.from(encode(requestWith(nestedObject(50))));
    expect(requestDeserialize(bytes)).toEqual(requestWith(nestedObject(50)));
  });

  it('reports decode failures to onDecodeError and rethrows', () => {
    const seen: Error[] = [];
    const service = functionRunnerService((err) => seen.push(err));
    const bytes = Buffer.from(encode(requestWith(nestedObject(MAX_JSON_DEPTH + 5))));
    expect(() => service.runFunction.requestDeserialize(bytes)).toThrow(/cannot decode RunFunctionRequest/);
    expect(seen).toHaveLength(1);
  });
});
