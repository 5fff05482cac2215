/**
 * fast-check arbitraries for the wire codec (src/server/wire/): JSON trees
 * of every kind of value google.protobuf.Value carries, RunFunctionRequests
 * and RunFunctionResponses in the SDK's shape built from them, and raw
 * protobuf that is almost right (random tags and wire types, lengths off by
 * a little or by a lot, varints too long) for the decoder to refuse.
 */
import type { RunFunctionRequest, RunFunctionResponse } from '@crossplane-org/function-sdk-typescript';
import fc from 'fast-check';
import { cat, raw, varint } from '../wire.js';

/** An unsigned varint of any whole number up to 2^53 (past the int32 that test/wire.ts `varint` spells). */
export function uvarint(n: number): Uint8Array {
  const out: number[] = [];
  while (n >= 0x80) {
    out.push((n % 0x80) | 0x80);
    n = Math.floor(n / 0x80);
  }
  out.push(n);
  return Uint8Array.from(out);
}

export interface JsonOptions {
  /** Whether `__proto__` may be a key (the SDK's generated code loses it). */
  proto: boolean;
  /** Whether undefined may be a value in objects and lists (written as nothing, or as an empty Value). */
  undefinedValues?: boolean;
  /** Deepest JSON level (the top object is level 1). */
  depth?: number;
}

/** Numbers whose encoding is easy to get wrong: signed zero, NaN, the infinities, the extremes, integers past 2^53. */
const NUMBERS = [
  0, -0, 1, -1, 0.1, 1.5, NaN, Infinity, -Infinity, Number.MAX_VALUE, -Number.MAX_VALUE, Number.MIN_VALUE, 2.2250738585072014e-308,
  Number.MAX_SAFE_INTEGER, 2 ** 53 + 2, -(2 ** 63), 2 ** 64, 1e21, 1e-300, 2 ** 31, -(2 ** 31) - 1,
];

/** Strings at the codec's thresholds (string cache 32 bytes, hand-written ASCII 64 and 256) and lone surrogates (written as U+FFFD). */
const STRINGS = [
  '', ' ', 'a', '\u0000', '\ufeff', 'é', '日本語', '😀', 'e\u0301', 'line\nbreak', '"q"',
  '\ud800', 'a\udc00b', 'x\ud83d', '\ud83d\ude00\ud83d',
  ...[31, 32, 33, 63, 64, 65, 127, 128, 255, 256, 257].flatMap((n) => ['x'.repeat(n), 'é'.repeat(n)]),
  '😀'.repeat(40), 'x'.repeat(100) + '\ud800',
];

/** One UTF-16 code unit anywhere in the range, lone surrogates included. */
const codeUnit = fc.integer({ min: 0, max: 0xffff }).map((c) => String.fromCharCode(c));

export const string: fc.Arbitrary<string> = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(...STRINGS) },
  { weight: 3, arbitrary: fc.string({ unit: 'binary', maxLength: 24 }) }, // any code point, astral ones too
  { weight: 2, arbitrary: fc.string({ unit: 'grapheme-ascii', maxLength: 40 }) },
  { weight: 1, arbitrary: fc.string({ unit: codeUnit, maxLength: 40 }) },
);

/** Names that are JavaScript prototype names, empty, integer-like (JavaScript orders them first) or Kubernetes-like. */
const NAMES = ['', 'constructor', 'toString', 'hasOwnProperty', 'valueOf', 'prototype', '__defineGetter__', '0', '1', '42', '-1', '01', 'apiVersion', 'kind', 'metadata', 'spec', 'forProvider'];

export const PROTO = '__proto__';

/** A key; without `opts.proto` never `__proto__` (which fast-check's strings produce on their own, among other dangerous names). */
export function key(opts: JsonOptions): fc.Arbitrary<string> {
  const names = fc.oneof({ weight: 4, arbitrary: fc.constantFrom(...NAMES) }, { weight: 3, arbitrary: string });
  return opts.proto ? fc.oneof({ weight: 1, arbitrary: fc.constant(PROTO) }, { weight: 7, arbitrary: names }) : names.filter((k) => k !== PROTO);
}

/** An object from entries, each an own property (`__proto__` included); with or without Object.prototype. */
export function own<T>(entries: readonly (readonly [string, T])[], nullPrototype: boolean): Record<string, T> {
  const o = (nullPrototype ? Object.create(null) : {}) as Record<string, T>;
  for (const [k, v] of entries) Object.defineProperty(o, k, { value: v, enumerable: true, writable: true, configurable: true });
  return o;
}

/** A map of up to `maxKeys` distinct keys, as the SDK types a protobuf map. */
export function map<T>(keys: fc.Arbitrary<string>, value: fc.Arbitrary<T>, maxKeys: number): fc.Arbitrary<Record<string, T>> {
  return fc.tuple(fc.uniqueArray(fc.tuple(keys, value), { selector: ([k]) => k, maxLength: maxKeys }), fc.boolean()).map(([entries, bare]) => own(entries, bare));
}

const number = fc.oneof(fc.constantFrom(...NUMBERS), fc.double(), fc.integer({ min: -(2 ** 31), max: 2 ** 31 }), fc.maxSafeInteger());

/** A JSON object (google.protobuf.Struct), nested at most `opts.depth` levels (default 6). */
export function jsonObject(opts: JsonOptions): fc.Arbitrary<Record<string, unknown>> {
  const leaf = fc.oneof(
    { weight: 1, arbitrary: fc.constant(null) },
    { weight: 1, arbitrary: fc.boolean() },
    { weight: 3, arbitrary: number },
    { weight: 4, arbitrary: string },
    { weight: opts.undefinedValues === true ? 1 : 0, arbitrary: fc.constant(undefined) },
  );
  const tree = fc.letrec<{ value: unknown; object: Record<string, unknown>; list: unknown[] }>((tie) => ({
    value: fc.oneof({ maxDepth: (opts.depth ?? 6) - 1, depthIdentifier: 'json' }, leaf, tie('object'), tie('list')),
    object: map(key(opts), tie('value'), 5),
    list: fc.array(tie('value'), { maxLength: 4 }),
  }));
  return tree.object;
}

/** How many JSON levels `v` spans (a container is one level more than its deepest container member; a scalar none). */
export function jsonDepth(v: unknown): number {
  if (typeof v !== 'object' || v === null) return 0;
  const members = Array.isArray(v) ? (v as unknown[]) : Object.values(v);
  return 1 + members.reduce<number>((max, m) => Math.max(max, jsonDepth(m)), 0);
}

/** Enum values: the known ones, unknown ones, negative ones (10 bytes on the wire), the int32 extremes. */
const ENUM = fc.constantFrom(0, 1, 2, 3, 5, 99, -1, 2 ** 31 - 1, -(2 ** 31));

const bytes = fc.uint8Array({ maxLength: 24 }).map((b) => Buffer.from(b));

type Resource = NonNullable<NonNullable<RunFunctionRequest['desired']>['composite']>;

function resource(opts: JsonOptions): fc.Arbitrary<Resource> {
  return fc.record({
    resource: fc.option(jsonObject(opts), { nil: undefined, freq: 4 }),
    connectionDetails: map(key(opts), bytes, 3),
    ready: ENUM,
  }) as fc.Arbitrary<Resource>;
}

function state(opts: JsonOptions) {
  return fc.record({ composite: fc.option(resource(opts), { nil: undefined, freq: 4 }), resources: map(key(opts), resource(opts), 5) });
}

const optional = <T>(a: fc.Arbitrary<T>): fc.Arbitrary<T | undefined> => fc.option(a, { nil: undefined, freq: 3 });

/** A RunFunctionRequest in the SDK's shape (what its generated decoder returns), every field given. */
export function request(opts: JsonOptions): fc.Arbitrary<RunFunctionRequest> {
  const items = fc.record({ items: fc.array(resource(opts), { maxLength: 2 }) });
  return fc.record({
    meta: optional(fc.record({ tag: string, capabilities: fc.array(ENUM, { maxLength: 4 }) })),
    observed: optional(state(opts)),
    desired: optional(state(opts)),
    input: optional(jsonObject(opts)),
    context: optional(jsonObject(opts)),
    extraResources: map(key(opts), items, 2),
    credentials: map(key(opts), fc.record({ credentialData: optional(fc.record({ data: map(key(opts), bytes, 3) })) }), 2),
    requiredResources: map(key(opts), items, 2),
    requiredSchemas: map(key(opts), fc.record({ openapiV3: optional(jsonObject(opts)) }), 2),
  }) as fc.Arbitrary<RunFunctionRequest>;
}

/** A RunFunctionResponse in the SDK's shape, as a handler could build it: every field the codec writes. */
export function response(opts: JsonOptions): fc.Arbitrary<RunFunctionResponse> {
  const selector = fc.record({
    apiVersion: string,
    kind: string,
    matchName: optional(string),
    matchLabels: optional(fc.record({ labels: map(key(opts), string, 3) })),
    namespace: optional(string),
  });
  return fc.record({
    meta: optional(
      fc.record({
        tag: string,
        ttl: optional(fc.record({ seconds: fc.oneof(fc.constantFrom(0, 60, -1, 2 ** 40), fc.maxSafeInteger()), nanos: ENUM })),
      }),
    ),
    desired: optional(state(opts)),
    results: fc.array(fc.record({ severity: ENUM, message: string, reason: optional(string), target: optional(ENUM) }), { maxLength: 3 }),
    context: optional(jsonObject(opts)),
    requirements: optional(
      fc.record({
        extraResources: map(key(opts), selector, 2),
        resources: map(key(opts), selector, 2),
        schemas: map(key(opts), fc.record({ apiVersion: string, kind: string }), 2),
      }),
    ),
    conditions: fc.array(fc.record({ type: string, status: ENUM, reason: string, message: optional(string), target: optional(ENUM) }), { maxLength: 3 }),
    output: optional(jsonObject(opts)),
  }) as fc.Arbitrary<RunFunctionResponse>;
}

// ---------------------------------------------------------------- almost-protobuf

/** A varint's bytes as a sender could spell them: minimal, padded with redundant bytes, longer than 10 bytes, or cut off. */
const sloppyVarint = (n: number): fc.Arbitrary<Uint8Array> =>
  fc.oneof(
    { weight: 8, arbitrary: fc.constant(varint(n)) },
    { weight: 1, arbitrary: fc.integer({ min: 1, max: 12 }).map((pad) => cat(raw(...Array<number>(pad).fill(0x80)), raw(0))) },
    { weight: 1, arbitrary: fc.integer({ min: 1, max: 11 }).map((k) => raw(...Array<number>(k).fill(0xff))) },
  );

const fieldNumber = fc.oneof({ weight: 6, arbitrary: fc.integer({ min: 1, max: 9 }) }, { weight: 1, arbitrary: fc.constantFrom(0, 15, 2 ** 29 - 1, 2 ** 29) });
const wireType = fc.oneof({ weight: 6, arbitrary: fc.constantFrom(0, 1, 2, 5) }, { weight: 1, arbitrary: fc.constantFrom(3, 4, 6, 7) });

/**
 * A message of random fields whose numbers are mostly those the decoder
 * knows (1 to 9), so that it descends into State, Resource, Struct and
 * Value; a length-delimited field holds such a message again or random
 * bytes, and its length is right, off by a little, or huge.
 */
export const almostProtobuf: fc.Arbitrary<Uint8Array> = fc.letrec<{ message: Uint8Array; field: Uint8Array }>((tie) => ({
  message: fc.array(tie('field'), { maxLength: 5 }).map((fields) => cat(...fields)),
  field: fc.tuple(fieldNumber, wireType).chain(([field, type]) => {
    const tag = uvarint(field * 8 + type);
    switch (type) {
      case 0:
        return fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 }).chain(sloppyVarint).map((v) => cat(tag, v));
      case 1:
        return fc.uint8Array({ minLength: 6, maxLength: 8 }).map((b) => cat(tag, b));
      case 5:
        return fc.uint8Array({ minLength: 3, maxLength: 4 }).map((b) => cat(tag, b));
      case 2: {
        const body = fc.oneof({ maxDepth: 8, depthIdentifier: 'almost' }, fc.uint8Array({ maxLength: 12 }), tie('message'));
        const delta = fc.oneof({ weight: 8, arbitrary: fc.constant(0) }, { weight: 2, arbitrary: fc.integer({ min: -3, max: 3 }) }, { weight: 1, arbitrary: fc.constantFrom(2 ** 31, 2 ** 32 - 1) });
        return fc.tuple(body, delta).map(([b, d]) => cat(tag, uvarint(Math.max(0, b.length + d)), b));
      }
      default:
        return fc.constant(tag);
    }
  }),
})).message;
