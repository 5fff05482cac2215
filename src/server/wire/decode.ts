/**
 * Decodes a RunFunctionRequest from the protobuf wire format
 * (proto/fn/v1/run_function.proto, google/protobuf/struct.proto) straight
 * into the shape the SDK's generated `RunFunctionRequest.decode` returns, so
 * the handler reads the same objects, with these differences:
 *
 * - Every protobuf map and every JSON object (google.protobuf.Struct) is a
 *   `record()` (its prototype a frozen empty object with a null prototype:
 *   fast mode in V8): it inherits no name and holds exactly the wire's
 *   entries. The generated code assigns
 *   into `{}`, so a composed resource or a JSON key named `__proto__`
 *   vanished: the resource was never judged nor emitted, and Crossplane
 *   deleted it. (On a `{}`, `constructor` or `toString` also read as present
 *   when absent.) Test for this with `inheritsNothing`, not with
 *   `Object.getPrototypeOf(o) === null`.
 * - JSON nests at most MAX_JSON_DEPTH levels (objects and lists alike), with
 *   no dependence on the generated code's recursion counter.
 * - Malformed input is refused rather than read leniently: invalid UTF-8, a
 *   known field with the wrong wire type, a message running past its parent,
 *   a google.protobuf.Value with no kind, or a JSON field with no value.
 *   Crossplane (Go) never sends these; Go's protojson would itself refuse the
 *   last two when Crossplane turns the state back into JSON.
 * - A map entry without a value holds the value type's default (protobuf's
 *   rule), where the generated code dropped the entry: a name is never lost.
 *
 * A field that appears twice keeps its last value (as the generated code
 * does, and as protobuf does for a oneof such as a Value's kind); repeated
 * fields append; a map key seen twice keeps its last value. Unknown fields
 * are skipped by wire type.
 */
import type {
  CredentialData,
  Credentials,
  Resource,
  Resources,
  RunFunctionRequest,
  Schema,
  State,
} from '@crossplane-org/function-sdk-typescript';
import { record } from '../../lang/record.js';
import { Reader } from './reader.js';
import { BOOL_VALUE, LIST_VALUE, NULL_VALUE, NUMBER_VALUE, STRING_VALUE, STRUCT_VALUE, T1_LEN, T2_LEN, T2_VARINT, T3_LEN, T3_VARINT, T4_LEN, T5_LEN, T6_LEN, T7_LEN, T8_LEN, T9_LEN } from './tags.js';

/** Deepest JSON nesting (objects and lists) accepted in any Struct of a request; the top object is level 1. */
export const MAX_JSON_DEPTH = 1000;

/** The depth limit of the decode running now (decoding is synchronous: one at a time). */
let depthLimit = MAX_JSON_DEPTH;

type JsonObject = Record<string, unknown>;
type RequestMeta = NonNullable<RunFunctionRequest['meta']>;

/** Field-number bit sets of each message's known fields, for Reader.skip. */
const fields = (...numbers: number[]): number => numbers.reduce((mask, n) => mask | (1 << n), 0);
const REQUEST_FIELDS = fields(1, 2, 3, 4, 5, 6, 7, 8, 9);
const META_FIELDS = fields(1, 2);
const STATE_FIELDS = fields(1, 2);
const RESOURCE_FIELDS = fields(1, 2, 3);
const ONE_FIELD = fields(1);
const ENTRY_FIELDS = fields(1, 2);
const VALUE_FIELDS = fields(1, 2, 3, 4, 5, 6);


/**
 * Decodes a serialized RunFunctionRequest. Throws an Error (never anything
 * else) on malformed or too-deep input; gRPC turns a deserializer throw into
 * an INTERNAL status, which Crossplane treats as a failed function run (fail
 * closed).
 */
export function decodeRunFunctionRequest(bytes: Uint8Array, maxDepth: number = MAX_JSON_DEPTH): RunFunctionRequest {
  // A limit that is not a positive whole number keeps the default: NaN would compare false and lift it.
  depthLimit = Number.isInteger(maxDepth) && maxDepth > 0 ? Math.min(maxDepth, MAX_JSON_DEPTH) : MAX_JSON_DEPTH;
  try {
    return request(new Reader(bytes));
  } catch (err) {
    throw new Error(`cannot decode RunFunctionRequest: ${err instanceof Error ? err.message : String(err)}`, { cause: err });
  } finally {
    depthLimit = MAX_JSON_DEPTH;
  }
}

function request(r: Reader): RunFunctionRequest {
  const req: RunFunctionRequest = {
    meta: undefined,
    observed: undefined,
    desired: undefined,
    input: undefined,
    context: undefined,
    extraResources: record(),
    credentials: record(),
    requiredResources: record(),
    requiredSchemas: record(),
  };
  while (r.more()) {
    const tag = r.tag();
    switch (tag) {
      case T1_LEN:
        req.meta = message(r, requestMeta);
        continue;
      case T2_LEN:
        req.observed = message(r, state);
        continue;
      case T3_LEN:
        req.desired = message(r, state);
        continue;
      case T4_LEN:
        req.input = topStruct(r);
        continue;
      case T5_LEN:
        req.context = topStruct(r);
        continue;
      case T6_LEN:
        entry(r, req.extraResources, resources, emptyResources, 'ExtraResourcesEntry');
        continue;
      case T7_LEN:
        entry(r, req.credentials, credentials, () => ({ credentialData: undefined }), 'CredentialsEntry');
        continue;
      case T8_LEN:
        entry(r, req.requiredResources, resources, emptyResources, 'RequiredResourcesEntry');
        continue;
      case T9_LEN:
        entry(r, req.requiredSchemas, schema, () => ({ openapiV3: undefined }), 'RequiredSchemasEntry');
        continue;
    }
    r.skip(tag, REQUEST_FIELDS, 'RunFunctionRequest');
  }
  return req;
}

/** Reads a length-delimited field as the message `read` decodes. */
function message<T>(r: Reader, read: (r: Reader) => T): T {
  const outer = r.enter();
  const m = read(r);
  r.leave(outer);
  return m;
}

/** Reads one map entry (key = 1, value = 2, a message or bytes) into `map`; a missing value is `empty()`. */
function entry<T>(r: Reader, map: Record<string, T>, value: (r: Reader) => T, empty: () => T, name: string): void {
  const outer = r.enter();
  let key = '';
  let v: T | undefined;
  while (r.more()) {
    const tag = r.tag();
    if (tag === T1_LEN) key = r.string();
    else if (tag === T2_LEN) v = value(r);
    else r.skip(tag, ENTRY_FIELDS, name);
  }
  r.leave(outer);
  map[key] = v === undefined ? empty() : v;
}

function requestMeta(r: Reader): RequestMeta {
  const meta: RequestMeta = { tag: '', capabilities: [] };
  while (r.more()) {
    const tag = r.tag();
    if (tag === T1_LEN) {
      meta.tag = r.string();
    } else if (tag === T2_VARINT) {
      meta.capabilities.push(r.int32());
    } else if (tag === T2_LEN) {
      // packed, proto3's default for a repeated enum
      const outer = r.enter();
      while (r.more()) meta.capabilities.push(r.int32());
      r.leave(outer);
    } else {
      r.skip(tag, META_FIELDS, 'RequestMeta');
    }
  }
  return meta;
}

function state(r: Reader): State {
  const s: State = { composite: undefined, resources: record() };
  while (r.more()) {
    const tag = r.tag();
    if (tag === T1_LEN) s.composite = message(r, resource);
    else if (tag === T2_LEN) entry(r, s.resources, (r) => message(r, resource), emptyResource, 'ResourcesEntry');
    else r.skip(tag, STATE_FIELDS, 'State');
  }
  return s;
}

const emptyResource = (): Resource => ({ resource: undefined, connectionDetails: record(), ready: 0 });

function resource(r: Reader): Resource {
  const res = emptyResource();
  while (r.more()) {
    const tag = r.tag();
    if (tag === T1_LEN) res.resource = topStruct(r);
    else if (tag === T2_LEN) entry(r, res.connectionDetails, bytes, emptyBytes, 'ConnectionDetailsEntry');
    else if (tag === T3_VARINT) res.ready = r.int32();
    else r.skip(tag, RESOURCE_FIELDS, 'Resource');
  }
  return res;
}

const bytes = (r: Reader): Buffer => r.bytes();
const emptyBytes = (): Buffer => Buffer.alloc(0);
const emptyResources = (): Resources => ({ items: [] });

function resources(r: Reader): Resources {
  return message(r, (r) => {
    const res = emptyResources();
    while (r.more()) {
      const tag = r.tag();
      if (tag === T1_LEN) res.items.push(message(r, resource));
      else r.skip(tag, ONE_FIELD, 'Resources');
    }
    return res;
  });
}

function credentials(r: Reader): Credentials {
  return message(r, (r) => {
    const c: Credentials = { credentialData: undefined };
    while (r.more()) {
      const tag = r.tag();
      if (tag === T1_LEN) c.credentialData = message(r, credentialData);
      else r.skip(tag, ONE_FIELD, 'Credentials');
    }
    return c;
  });
}

function credentialData(r: Reader): CredentialData {
  const data: CredentialData = { data: record() };
  while (r.more()) {
    const tag = r.tag();
    if (tag === T1_LEN) entry(r, data.data, bytes, emptyBytes, 'DataEntry');
    else r.skip(tag, ONE_FIELD, 'CredentialData');
  }
  return data;
}

function schema(r: Reader): Schema {
  return message(r, (r) => {
    const s: Schema = { openapiV3: undefined };
    while (r.more()) {
      const tag = r.tag();
      if (tag === T1_LEN) s.openapiV3 = topStruct(r);
      else r.skip(tag, ONE_FIELD, 'Schema');
    }
    return s;
  });
}

// ---------------------------------------------------------------- JSON

/** A length-delimited google.protobuf.Struct field of an envelope message: JSON level 1. */
function topStruct(r: Reader): JsonObject {
  const outer = r.enter();
  const obj = struct(r, 1);
  r.leave(outer);
  return obj;
}

/** The body of a google.protobuf.Struct at JSON level `depth`, as an object that inherits nothing (record). */
function struct(r: Reader, depth: number): JsonObject {
  if (depth > depthLimit) throw tooDeep();
  const obj: JsonObject = record();
  while (r.more()) {
    const tag = r.tag();
    if (tag !== T1_LEN) {
      r.skip(tag, ONE_FIELD, 'google.protobuf.Struct');
      continue;
    }
    // FieldsEntry {string key = 1; Value value = 2}
    const outer = r.enter();
    let key = '';
    let value: unknown = NO_VALUE;
    while (r.more()) {
      const t = r.tag();
      if (t === T1_LEN) {
        key = r.string();
      } else if (t === T2_LEN) {
        const o = r.enter();
        value = jsonValue(r, depth);
        r.leave(o);
      } else {
        r.skip(t, ENTRY_FIELDS, 'google.protobuf.Struct.FieldsEntry');
      }
    }
    r.leave(outer);
    if (value === NO_VALUE) throw new Error(`google.protobuf.Struct field ${JSON.stringify(key)} has no value`);
    obj[key] = value;
  }
  return obj;
}

/** The body of a google.protobuf.ListValue at JSON level `depth`. */
function list(r: Reader, depth: number): unknown[] {
  if (depth > depthLimit) throw tooDeep();
  const arr: unknown[] = [];
  while (r.more()) {
    const tag = r.tag();
    if (tag !== T1_LEN) {
      r.skip(tag, ONE_FIELD, 'google.protobuf.ListValue');
      continue;
    }
    const outer = r.enter();
    arr.push(jsonValue(r, depth));
    r.leave(outer);
  }
  return arr;
}

const NO_VALUE: unique symbol = Symbol('no value');

/** The body of a google.protobuf.Value inside a container at level `depth`: its kind set last. */
function jsonValue(r: Reader, depth: number): unknown {
  let value: unknown = NO_VALUE;
  while (r.more()) {
    const tag = r.tag();
    switch (tag) {
      case NULL_VALUE:
        r.varint(); // NullValue has one value; any number means null
        value = null;
        continue;
      case NUMBER_VALUE:
        value = r.double();
        continue;
      case STRING_VALUE:
        value = r.string();
        continue;
      case BOOL_VALUE:
        value = r.bool();
        continue;
      case STRUCT_VALUE: {
        const outer = r.enter();
        value = struct(r, depth + 1);
        r.leave(outer);
        continue;
      }
      case LIST_VALUE: {
        const outer = r.enter();
        value = list(r, depth + 1);
        r.leave(outer);
        continue;
      }
    }
    r.skip(tag, VALUE_FIELDS, 'google.protobuf.Value');
  }
  if (value === NO_VALUE) throw new Error('google.protobuf.Value has no kind set');
  return value;
}

function tooDeep(): Error {
  return new Error(`JSON nested more than ${depthLimit} levels deep is not supported`);
}
