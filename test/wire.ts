/**
 * Protobuf wire fixtures for the codec tests, built independently of the
 * codec under test: hand-spelled messages (with @bufbuild/protobuf's
 * BinaryWriter, a front-to-back writer), the SDK's generated codec as the
 * reference, and seeded random requests, responses and JSON trees.
 */
import { BinaryReader, BinaryWriter } from '@bufbuild/protobuf/wire';
import { RunFunctionRequest, type RunFunctionResponse } from '@crossplane-org/function-sdk-typescript';
import { inheritsNothing } from '../src/lang/record.js';
import { prng } from './random.js';

// ---------------------------------------------------------------- hand-spelled wire

export function cat(...parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let pos = 0;
  for (const p of parts) {
    out.set(p, pos);
    pos += p.length;
  }
  return out;
}

/** Raw bytes, for spelling malformed input. */
export const raw = (...bytes: number[]): Uint8Array => Uint8Array.from(bytes);

/** A varint's bytes (an int32: negative values take 10 bytes). */
export const varint = (n: number): Uint8Array => new BinaryWriter().int32(n).finish();

export const tag = (field: number, wireType: number): Uint8Array => new BinaryWriter().tag(field, wireType).finish();

/** A varint field (int32, enum, bool). */
export const varintField = (field: number, n: number): Uint8Array => cat(tag(field, 0), varint(n));

/** A length-delimited field. */
export const lenField = (field: number, bytes: Uint8Array): Uint8Array => new BinaryWriter().tag(field, 2).bytes(bytes).finish();

export const stringField = (field: number, s: string): Uint8Array => new BinaryWriter().tag(field, 2).string(s).finish();

export const doubleField = (field: number, x: number): Uint8Array => new BinaryWriter().tag(field, 1).double(x).finish();

/** A JSON object spelled as its entries in wire order: any name is a key, and a key may repeat. */
export interface Obj {
  entries: [string, J][];
}
export type J = null | boolean | number | string | J[] | Obj;
export const obj = (...entries: [string, J][]): Obj => ({ entries });

const isObj = (v: J): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The body of a google.protobuf.Value holding `v`. */
export function valueBytes(v: J): Uint8Array {
  if (v === null) return varintField(1, 0);
  if (typeof v === 'number') return doubleField(2, v);
  if (typeof v === 'string') return stringField(3, v);
  if (typeof v === 'boolean') return varintField(4, v ? 1 : 0);
  if (Array.isArray(v)) return lenField(6, cat(...v.map((e) => lenField(1, valueBytes(e)))));
  return lenField(5, structBytes(v));
}

/** The body of a google.protobuf.Struct: one FieldsEntry {key = 1, value = 2} per entry. */
export function structBytes(o: Obj): Uint8Array {
  return cat(...o.entries.map(([k, v]) => lenField(1, cat(k === '' ? raw() : stringField(1, k), lenField(2, valueBytes(v))))));
}

/**
 * The Struct body of {a: {a: … innermost …}}, `levels` objects in all, built in a loop: the
 * recursive encoders (the generated one, and structBytes above) can run out of stack near the
 * depths the codec must bound.
 */
export function nestedStructBytes(levels: number, innermost: Uint8Array = raw()): Uint8Array {
  let struct = innermost;
  for (let i = 1; i < levels; i++) struct = lenField(1, entry('a', lenField(5, struct)));
  return struct;
}

/** What `v` decodes to: null-prototype objects, a repeated key's last value in its first place. */
export function toJs(v: J): unknown {
  if (Array.isArray(v)) return v.map(toJs);
  if (!isObj(v)) return v;
  return own(v.entries.map(([k, e]) => [k, toJs(e)]));
}

/** A null-prototype object with these entries, `__proto__` included as a key. */
export function own<T = unknown>(entries: [string, T][]): Record<string, T> {
  const o = Object.create(null) as Record<string, T>;
  for (const [k, v] of entries) o[k] = v;
  return o;
}

/** The body of a Resource: resource = 1 (Struct), connection_details = 2, ready = 3. */
export function resourceBytes(r: { resource?: Obj; details?: [string, Uint8Array][]; ready?: number }): Uint8Array {
  return cat(
    r.resource === undefined ? raw() : lenField(1, structBytes(r.resource)),
    ...(r.details ?? []).map(([k, v]) => lenField(2, cat(stringField(1, k), lenField(2, v)))),
    r.ready === undefined ? raw() : varintField(3, r.ready),
  );
}

/** A map entry {key = 1, value = 2 (length-delimited)}. */
export const entry = (key: string, value: Uint8Array): Uint8Array => cat(stringField(1, key), lenField(2, value));

/** The body of a State: composite = 1, resources = 2 (map<string, Resource>, values as Resource bodies). */
export function stateBytes(s: { composite?: Uint8Array; resources?: [string, Uint8Array][] }): Uint8Array {
  return cat(s.composite === undefined ? raw() : lenField(1, s.composite), ...(s.resources ?? []).map(([k, v]) => lenField(2, entry(k, v))));
}

/** The fields of a message's top level: [field number, wire type, start offset, end offset]. */
export function topLevelFields(bytes: Uint8Array): [number, number, number, number][] {
  const r = new BinaryReader(bytes);
  const out: [number, number, number, number][] = [];
  while (r.pos < r.len) {
    const start = r.pos;
    const [field, wireType] = r.tag();
    r.skip(wireType, field);
    out.push([field, wireType, start, r.pos]);
  }
  return out;
}

/** The length-delimited values of field `field` at a message's top level, in order. */
export function lenFieldsOf(bytes: Uint8Array, field: number): Uint8Array[] {
  return topLevelFields(bytes)
    .filter(([f, wt]) => f === field && wt === 2)
    .map(([, , start, end]) => {
      const r = new BinaryReader(bytes.subarray(start, end));
      r.tag();
      return r.bytes();
    });
}

/** A map<string, message> field's entries at a message's top level: [key, value bytes]. */
export function mapEntriesOf(bytes: Uint8Array, field: number): [string, Uint8Array][] {
  return lenFieldsOf(bytes, field).map((e) => {
    const key = lenFieldsOf(e, 1)[0];
    return [key === undefined ? '' : new TextDecoder().decode(key), lenFieldsOf(e, 2)[0] ?? raw()];
  });
}

/**
 * A response's desired state and context reframed as a request's (desired
 * 2 → 3, context 4 → 5; the messages are the same), so the request decoder
 * can read back what the response encoder wrote.
 */
export function responseAsRequest(rsp: Uint8Array): Uint8Array {
  return cat(...lenFieldsOf(rsp, 2).map((s) => lenField(3, s)), ...lenFieldsOf(rsp, 4).map((c) => lenField(5, c)));
}

// ---------------------------------------------------------------- the SDK's generated codec

/**
 * The SDK's generated decoder, with its shared recursion counter started low
 * enough (see ts-proto's `__tsProtoDecodeDepth`) to read JSON nested past its
 * default of about 32 levels.
 */
export function generatedDecode(bytes: Uint8Array): RunFunctionRequest {
  const reader = new BinaryReader(bytes) as BinaryReader & { __tsProtoDecodeDepth?: number };
  reader.__tsProtoDecodeDepth = -10_000;
  return RunFunctionRequest.decode(reader);
}

/** Index of the first byte where `a` and `b` differ (-1 if equal): for failure messages that point at it. */
export function firstDifference(a: Uint8Array, b: Uint8Array): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) if (a[i] !== b[i]) return i;
  return a.length === b.length ? -1 : n;
}

// ---------------------------------------------------------------- seeded random data

type Rand = () => number;

const pick = <T>(rand: Rand, xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)]!;
const int = (rand: Rand, n: number): number => Math.floor(rand() * n);

/** Keys that are JavaScript prototype names, unicode, empty, integer-like or long. */
export const KEYS = [
  'apiVersion', 'kind', 'metadata', 'spec', 'forProvider', 'a', '', ' ',
  'constructor', 'toString', 'hasOwnProperty', 'valueOf', 'isPrototypeOf', '__defineGetter__', 'prototype',
  'ключ', '键', '🔑', 'e\u0301', '\ufeffbom', '0', '1', '42', '-1', '1.5', '\u0000', 'k'.repeat(130),
] as const;
export const PROTO = '__proto__';

const STRINGS = [
  '', 'a', 'Deny', 'é', '日本語', '😀', '\ufeff', '\u0000', 'line\nbreak', '"quoted"',
  '\ud800', 'a\udc00b', 'x\ud83d', '\ud83d\ude00\ud83d', // lone surrogates: written as U+FFFD
  'x'.repeat(64), 'x'.repeat(65), 'x'.repeat(127), 'x'.repeat(128), 'é'.repeat(64), 'é'.repeat(65), '😀'.repeat(40), 'x'.repeat(100) + '\ud800',
] as const;

const NUMBERS = [
  0, -0, 1, -1, 1.5, -2.25, NaN, Infinity, -Infinity, Number.MAX_VALUE, -Number.MAX_VALUE, Number.MIN_VALUE, 5e-324, 2.2250738585072014e-308,
  2 ** 53 + 2, -(2 ** 63), 1e-300, 0.1, 1e21, 123456789.125,
] as const;

function randomString(rand: Rand): string {
  if (rand() < 0.7) return pick(rand, STRINGS);
  // random UTF-16 code units, surrogates and all
  return String.fromCharCode(...Array.from({ length: int(rand, 90) }, () => (rand() < 0.5 ? int(rand, 0x80) : int(rand, 0x10000))));
}

export interface TreeOptions {
  /** Deepest JSON level (the top object is level 1). */
  depth: number;
  /** Whether `__proto__` may be a key. */
  proto: boolean;
  /** Whether undefined may be a value (in objects and lists). */
  undefinedValues?: boolean;
}

function randomKey(rand: Rand, opts: TreeOptions): string {
  if (opts.proto && rand() < 0.15) return PROTO;
  return rand() < 0.8 ? pick(rand, KEYS) : randomString(rand);
}

/** Sets `obj[key]`, as an own property even for `__proto__`. */
function put(o: Record<string, unknown>, key: string, value: unknown): void {
  Object.defineProperty(o, key, { value, enumerable: true, writable: true, configurable: true });
}

/** A random JSON object; some objects are plain, some have no prototype. */
export function randomObject(rand: Rand, opts: TreeOptions, level = 1): Record<string, unknown> {
  const o: Record<string, unknown> = rand() < 0.5 ? {} : Object.create(null);
  const n = level >= opts.depth ? int(rand, 3) : int(rand, 6);
  for (let i = 0; i < n; i++) put(o, randomKey(rand, opts), randomValue(rand, opts, level));
  return o;
}

/** A random JSON value inside a container at `level`. */
function randomValue(rand: Rand, opts: TreeOptions, level: number): unknown {
  const r = rand();
  if (level < opts.depth && r < 0.2) return randomObject(rand, opts, level + 1);
  if (level < opts.depth && r < 0.3) return Array.from({ length: int(rand, 4) }, () => randomValue(rand, opts, level + 1));
  if (r < 0.45) return randomString(rand);
  if (r < 0.65) return rand() < 0.7 ? pick(rand, NUMBERS) : (rand() - 0.5) * 10 ** int(rand, 20);
  if (r < 0.75) return rand() < 0.5;
  if (opts.undefinedValues && r < 0.8) return undefined;
  return null;
}

const ENUMS = [0, 1, 2, 3, 5, -1, 2 ** 31 - 1, -(2 ** 31)] as const;

const randomBytes = (rand: Rand): Buffer => Buffer.from(Array.from({ length: rand() < 0.2 ? 0 : int(rand, 24) }, () => int(rand, 256)));

function randomMap<T>(rand: Rand, opts: TreeOptions, max: number, value: () => T): Record<string, T> {
  const m: Record<string, T> = rand() < 0.5 ? {} : Object.create(null);
  const n = int(rand, max + 1);
  for (let i = 0; i < n; i++) put(m, randomKey(rand, opts), value());
  return m;
}

const optional = <T>(rand: Rand, f: () => T): T | undefined => (rand() < 0.7 ? f() : undefined);

type Resource = NonNullable<NonNullable<RunFunctionRequest['desired']>['composite']>;

function randomResource(rand: Rand, opts: TreeOptions): Resource {
  return {
    resource: optional(rand, () => randomObject(rand, opts)),
    connectionDetails: randomMap(rand, opts, 3, () => randomBytes(rand)),
    ready: pick(rand, ENUMS),
  };
}

function randomState(rand: Rand, opts: TreeOptions) {
  return { composite: optional(rand, () => randomResource(rand, opts)), resources: randomMap(rand, opts, 5, () => randomResource(rand, opts)) };
}

/** A random request in the SDK's shape (what its generated decode returns, every field given). */
export function randomRequest(seed: number, opts: TreeOptions): RunFunctionRequest {
  const rand = prng(seed);
  const resources = () => ({ items: Array.from({ length: int(rand, 3) }, () => randomResource(rand, opts)) });
  return {
    meta: optional(rand, () => ({ tag: randomString(rand), capabilities: Array.from({ length: int(rand, 5) }, () => pick(rand, ENUMS)) })),
    observed: optional(rand, () => randomState(rand, opts)),
    desired: optional(rand, () => randomState(rand, opts)),
    input: optional(rand, () => randomObject(rand, opts)),
    context: optional(rand, () => randomObject(rand, opts)),
    extraResources: randomMap(rand, opts, 2, resources),
    credentials: randomMap(rand, opts, 2, () => ({
      credentialData: optional(rand, () => ({ data: randomMap(rand, opts, 3, () => randomBytes(rand)) })),
    })),
    requiredResources: randomMap(rand, opts, 2, resources),
    requiredSchemas: randomMap(rand, opts, 2, () => ({ openapiV3: optional(rand, () => randomObject(rand, opts)) })),
  };
}

/** A random response in the SDK's shape, as a handler could build it. */
export function randomResponse(seed: number, opts: TreeOptions): RunFunctionResponse {
  const rand = prng(seed);
  const str = () => randomString(rand);
  const selector = () => ({
    apiVersion: str(),
    kind: str(),
    matchName: optional(rand, str),
    matchLabels: optional(rand, () => ({ labels: randomMap(rand, opts, 3, str) })),
    namespace: optional(rand, str),
  });
  return {
    meta: optional(rand, () => ({
      tag: str(),
      ttl: optional(rand, () => ({ seconds: pick(rand, [0, 60, -1, 2 ** 40, -(2 ** 53 - 1), 2 ** 53 - 1]), nanos: pick(rand, ENUMS) })),
    })),
    desired: optional(rand, () => randomState(rand, opts)),
    results: Array.from({ length: int(rand, 4) }, () => ({
      severity: pick(rand, ENUMS),
      message: str(),
      reason: optional(rand, str),
      target: optional(rand, () => pick(rand, ENUMS)),
    })),
    context: optional(rand, () => randomObject(rand, opts)),
    requirements: optional(rand, () => ({
      extraResources: randomMap(rand, opts, 2, selector),
      resources: randomMap(rand, opts, 2, selector),
      schemas: randomMap(rand, opts, 2, () => ({ apiVersion: str(), kind: str() })),
    })),
    conditions: Array.from({ length: int(rand, 3) }, () => ({
      type: str(),
      status: pick(rand, ENUMS),
      reason: str(),
      message: optional(rand, str),
      target: optional(rand, () => pick(rand, ENUMS)),
    })),
    output: optional(rand, () => randomObject(rand, opts)),
  };
}

/**
 * Paths of the maps and JSON objects in a decoded request that inherit a
 * name or could come to (see `inheritsNothing`: a null prototype, or only
 * frozen empty objects on the prototype chain); [] when every name is a
 * plain key.
 */
export function prototypedMaps(req: RunFunctionRequest): string[] {
  const bad: string[] = [];
  const check = (path: string, m: object | undefined): void => {
    if (m !== undefined && !inheritsNothing(m)) bad.push(path);
  };
  const json = (path: string, v: unknown): void => {
    if (Array.isArray(v)) v.forEach((e, i) => json(`${path}[${i}]`, e));
    else if (typeof v === 'object' && v !== null) {
      check(path, v);
      for (const [k, e] of Object.entries(v)) json(`${path}.${k}`, e);
    }
  };
  const resource = (path: string, r: Resource): void => {
    json(`${path}.resource`, r.resource);
    check(`${path}.connectionDetails`, r.connectionDetails);
  };
  const state = (path: string, s: RunFunctionRequest['desired']): void => {
    if (s === undefined) return;
    if (s.composite !== undefined) resource(`${path}.composite`, s.composite);
    check(`${path}.resources`, s.resources);
    for (const [k, r] of Object.entries(s.resources)) resource(`${path}.resources.${k}`, r);
  };
  state('observed', req.observed);
  state('desired', req.desired);
  json('input', req.input);
  json('context', req.context);
  for (const name of ['extraResources', 'requiredResources'] as const) {
    check(name, req[name]);
    for (const [k, g] of Object.entries(req[name])) g.items.forEach((r, i) => resource(`${name}.${k}.items[${i}]`, r));
  }
  check('credentials', req.credentials);
  for (const [k, c] of Object.entries(req.credentials)) if (c.credentialData !== undefined) check(`credentials.${k}.data`, c.credentialData.data);
  check('requiredSchemas', req.requiredSchemas);
  for (const [k, s] of Object.entries(req.requiredSchemas)) json(`requiredSchemas.${k}.openapiV3`, s.openapiV3);
  return bad;
}
