/**
 * Encodes a RunFunctionResponse, shaped as the SDK's types and the handler
 * build it, to the protobuf wire format: the same bytes as the SDK's
 * generated `RunFunctionResponse.encode(rsp).finish()` (same field order, map
 * entries in Object.entries order, defaults left out, JSON values as
 * ts-proto's Value.wrap encodes them, a JSON object's undefined values left
 * out and a list's written as an empty Value), except that every own
 * enumerable key of a JSON object is written, `__proto__` included: the
 * generated Struct.wrap copied keys into `{}`, where `__proto__` set the
 * prototype instead.
 *
 * JSON nesting deeper than MAX_RESPONSE_JSON_DEPTH (a cycle, say) fails with
 * an Error instead of exhausting the stack.
 */
import type {
  Condition,
  Requirements,
  Resource,
  ResourceSelector,
  Result,
  RunFunctionResponse,
  SchemaSelector,
  State,
} from '@crossplane-org/function-sdk-typescript';
import { MAX_JSON_DEPTH } from './decode.js';
import { BOOL_VALUE, LIST_VALUE, NULL_VALUE, NUMBER_VALUE, STRING_VALUE, STRUCT_VALUE, T1_LEN, T1_VARINT, T2_LEN, T2_VARINT, T3_LEN, T3_VARINT, T4_LEN, T4_VARINT, T5_LEN, T5_VARINT, T6_LEN, T7_LEN } from './tags.js';
import { Writer } from './writer.js';

type ResponseMeta = NonNullable<RunFunctionResponse['meta']>;
type MatchLabels = NonNullable<ResourceSelector['matchLabels']>;

/**
 * Deepest JSON accepted in a response: room above the request's limit for
 * what rules inject, while a runaway or cyclic object still fails cleanly.
 */
export const MAX_RESPONSE_JSON_DEPTH = 2 * MAX_JSON_DEPTH;


export function encodeRunFunctionResponse(rsp: RunFunctionResponse): Buffer {
  const w = new Writer();
  response(w, rsp);
  return w.finish();
}

// Each function below writes a message's fields last to first (see Writer).

function response(w: Writer, m: RunFunctionResponse): void {
  if (m.output !== undefined) struct(w, m.output, T7_LEN);
  for (let i = m.conditions.length - 1; i >= 0; i--) {
    const start = w.written;
    condition(w, m.conditions[i]!);
    w.close(start, T6_LEN);
  }
  if (m.requirements !== undefined) {
    const start = w.written;
    requirements(w, m.requirements);
    w.close(start, T5_LEN);
  }
  if (m.context !== undefined) struct(w, m.context, T4_LEN);
  for (let i = m.results.length - 1; i >= 0; i--) {
    const start = w.written;
    result(w, m.results[i]!);
    w.close(start, T3_LEN);
  }
  if (m.desired !== undefined) {
    const start = w.written;
    state(w, m.desired);
    w.close(start, T2_LEN);
  }
  if (m.meta !== undefined) {
    const start = w.written;
    responseMeta(w, m.meta);
    w.close(start, T1_LEN);
  }
}

function responseMeta(w: Writer, m: ResponseMeta): void {
  if (m.ttl !== undefined) {
    const start = w.written;
    if (m.ttl.nanos !== 0) {
      w.int32(m.ttl.nanos);
      w.byte(T2_VARINT);
    }
    if (m.ttl.seconds !== 0) {
      w.int64(m.ttl.seconds);
      w.byte(T1_VARINT);
    }
    w.close(start, T2_LEN);
  }
  if (m.tag !== '') stringField(w, m.tag, T1_LEN);
}

function state(w: Writer, s: State): void {
  const names = Object.keys(s.resources);
  for (let i = names.length - 1; i >= 0; i--) {
    const name = names[i]!;
    const value = s.resources[name];
    const start = w.written;
    if (value !== undefined) {
      resource(w, value);
      w.close(start, T2_LEN);
    }
    if (name !== '') stringField(w, name, T1_LEN);
    w.close(start, T2_LEN);
  }
  if (s.composite !== undefined) {
    const start = w.written;
    resource(w, s.composite);
    w.close(start, T1_LEN);
  }
}

function resource(w: Writer, r: Resource): void {
  if (r.ready !== 0) {
    w.int32(r.ready);
    w.byte(T3_VARINT);
  }
  const details = r.connectionDetails;
  const keys = Object.keys(details);
  for (let i = keys.length - 1; i >= 0; i--) {
    const key = keys[i]!;
    const value = details[key]!;
    const start = w.written;
    if (value.length !== 0) {
      w.bytes(value);
      w.byte(T2_LEN);
    }
    if (key !== '') stringField(w, key, T1_LEN);
    w.close(start, T2_LEN);
  }
  if (r.resource !== undefined) struct(w, r.resource, T1_LEN);
}

function result(w: Writer, r: Result): void {
  if (r.target !== undefined) {
    w.int32(r.target);
    w.byte(T4_VARINT);
  }
  if (r.reason !== undefined) stringField(w, r.reason, T3_LEN);
  if (r.message !== '') stringField(w, r.message, T2_LEN);
  if (r.severity !== 0) {
    w.int32(r.severity);
    w.byte(T1_VARINT);
  }
}

function condition(w: Writer, c: Condition): void {
  if (c.target !== undefined) {
    w.int32(c.target);
    w.byte(T5_VARINT);
  }
  if (c.message !== undefined) stringField(w, c.message, T4_LEN);
  if (c.reason !== '') stringField(w, c.reason, T3_LEN);
  if (c.status !== 0) {
    w.int32(c.status);
    w.byte(T2_VARINT);
  }
  if (c.type !== '') stringField(w, c.type, T1_LEN);
}

function requirements(w: Writer, r: Requirements): void {
  selectors(w, r.schemas, schemaSelector, T3_LEN);
  selectors(w, r.resources, resourceSelector, T2_LEN);
  selectors(w, r.extraResources, resourceSelector, T1_LEN);
}

/** A map<string, message> field: one entry {key = 1, value = 2} per key, each tagged `tag`. */
function selectors<T>(w: Writer, map: Record<string, T>, write: (w: Writer, v: T) => void, tag: number): void {
  const keys = Object.keys(map);
  for (let i = keys.length - 1; i >= 0; i--) {
    const key = keys[i]!;
    const value = map[key];
    const start = w.written;
    if (value !== undefined) {
      write(w, value);
      w.close(start, T2_LEN);
    }
    if (key !== '') stringField(w, key, T1_LEN);
    w.close(start, tag);
  }
}

function resourceSelector(w: Writer, s: ResourceSelector): void {
  if (s.namespace !== undefined) stringField(w, s.namespace, T5_LEN);
  if (s.matchLabels !== undefined) {
    const start = w.written;
    matchLabels(w, s.matchLabels);
    w.close(start, T4_LEN);
  }
  if (s.matchName !== undefined) stringField(w, s.matchName, T3_LEN);
  if (s.kind !== '') stringField(w, s.kind, T2_LEN);
  if (s.apiVersion !== '') stringField(w, s.apiVersion, T1_LEN);
}

function matchLabels(w: Writer, m: MatchLabels): void {
  const keys = Object.keys(m.labels);
  for (let i = keys.length - 1; i >= 0; i--) {
    const key = keys[i]!;
    const value = m.labels[key]!;
    const start = w.written;
    if (value !== '') stringField(w, value, T2_LEN);
    if (key !== '') stringField(w, key, T1_LEN);
    w.close(start, T1_LEN);
  }
}

function schemaSelector(w: Writer, s: SchemaSelector): void {
  if (s.kind !== '') stringField(w, s.kind, T2_LEN);
  if (s.apiVersion !== '') stringField(w, s.apiVersion, T1_LEN);
}

/** A string field; like the generated code, a value that is not a string is written as String(value). */
function stringField(w: Writer, s: string, tag: number): void {
  w.string(typeof s === 'string' ? s : String(s));
  w.byte(tag);
}

// ---------------------------------------------------------------- JSON

/** A google.protobuf.Struct field holding `obj`, JSON level 1. */
function struct(w: Writer, obj: Record<string, unknown>, tag: number): void {
  const start = w.written;
  fields(w, obj, 1);
  w.close(start, tag);
}

/** The entries of a Struct at JSON level `depth`: every own enumerable key whose value is not undefined. */
function fields(w: Writer, obj: Record<string, unknown>, depth: number): void {
  if (depth > MAX_RESPONSE_JSON_DEPTH) throw tooDeep();
  const keys = Object.keys(obj);
  for (let i = keys.length - 1; i >= 0; i--) {
    const key = keys[i]!;
    const value = obj[key];
    if (value === undefined) continue;
    const start = w.written;
    jsonValue(w, value, depth);
    w.close(start, T2_LEN);
    if (key !== '') stringField(w, key, T1_LEN);
    w.close(start, T1_LEN);
  }
}

/** The body of a google.protobuf.Value, as ts-proto's Value.wrap picks the kind; undefined is a Value with no kind. */
function jsonValue(w: Writer, value: unknown, depth: number): void {
  if (value === null) {
    w.byte(0);
    w.byte(NULL_VALUE);
    return;
  }
  switch (typeof value) {
    case 'boolean':
      w.byte(value ? 1 : 0);
      w.byte(BOOL_VALUE);
      return;
    case 'number':
      w.double(value);
      w.byte(NUMBER_VALUE);
      return;
    case 'string':
      w.string(value);
      w.byte(STRING_VALUE);
      return;
    case 'undefined':
      return;
    case 'object': {
      const start = w.written;
      if (Array.isArray(value)) {
        list(w, value, depth + 1);
        w.close(start, LIST_VALUE);
      } else {
        fields(w, value as Record<string, unknown>, depth + 1);
        w.close(start, STRUCT_VALUE);
      }
      return;
    }
    default:
      throw new Error(`Unsupported any value type: ${typeof value}`);
  }
}

function list(w: Writer, values: readonly unknown[], depth: number): void {
  if (depth > MAX_RESPONSE_JSON_DEPTH) throw tooDeep();
  for (let i = values.length - 1; i >= 0; i--) {
    const start = w.written;
    jsonValue(w, values[i], depth);
    w.close(start, T1_LEN);
  }
}

function tooDeep(): Error {
  return new Error(`cannot encode RunFunctionResponse: JSON nested more than ${MAX_RESPONSE_JSON_DEPTH} levels deep`);
}
