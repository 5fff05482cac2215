/**
 * A RunFunction client for the benchmark, built like test/e2e/harness.ts
 * does it: from the project's own proto/fn/v1/run_function.proto through
 * @grpc/proto-loader (not the SDK's generated code), with toStruct() for
 * google.protobuf.Struct fields.
 *
 * Unlike the harness, requests are serialized once up front (encode()) and
 * sent as raw bytes, and responses come back as raw bytes (decode() on
 * demand), so the driver spends almost no CPU per call and does not compete
 * with the server for the machine's cores.
 */
import { fileURLToPath } from 'node:url';
import * as grpc from '@grpc/grpc-js';
import * as protoLoader from '@grpc/proto-loader';

const PROTO_PATH = fileURLToPath(new URL('../proto/fn/v1/run_function.proto', import.meta.url));
const SERVICE = 'apiextensions.fn.proto.v1.FunctionRunnerService';
const MAX_MESSAGE = 64 * 1024 * 1024;

const definition = protoLoader.loadSync(PROTO_PATH, { keepCase: false, longs: String, enums: String, defaults: false, oneofs: true });
const method = definition[SERVICE].RunFunction;

/** Plain JSON object → proto-loader google.protobuf.Struct. */
export function toStruct(obj) {
  const fields = {};
  for (const [key, value] of Object.entries(obj)) fields[key] = toValue(value);
  return { fields };
}

function toValue(value) {
  if (value === null) return { nullValue: 'NULL_VALUE' };
  if (Array.isArray(value)) return { listValue: { values: value.map(toValue) } };
  switch (typeof value) {
    case 'string':
      return { stringValue: value };
    case 'number':
      return { numberValue: value };
    case 'boolean':
      return { boolValue: value };
    default:
      return { structValue: toStruct(value) };
  }
}

/** proto-loader google.protobuf.Struct → plain JSON object. */
export function fromStruct(struct) {
  const obj = {};
  for (const [key, value] of Object.entries(struct?.fields ?? {})) obj[key] = fromValue(value);
  return obj;
}

function fromValue(value) {
  if (value.structValue !== undefined) return fromStruct(value.structValue);
  if (value.listValue !== undefined) return (value.listValue.values ?? []).map(fromValue);
  if (value.stringValue !== undefined) return value.stringValue;
  if (value.numberValue !== undefined) return value.numberValue;
  if (value.boolValue !== undefined) return value.boolValue;
  return null;
}

const mapResource = (r) => (r.resource === undefined ? r : { ...r, resource: toStruct(r.resource) });
const mapState = (s) =>
  s && {
    ...(s.composite !== undefined ? { composite: mapResource(s.composite) } : {}),
    ...(s.resources !== undefined ? { resources: Object.fromEntries(Object.entries(s.resources).map(([n, r]) => [n, mapResource(r)])) } : {}),
  };

/** Serializes a request given with Struct fields as plain JSON (meta, observed, desired, input, context). */
export function encode(jsonRequest) {
  const wire = {
    meta: jsonRequest.meta,
    observed: mapState(jsonRequest.observed),
    desired: mapState(jsonRequest.desired),
    ...(jsonRequest.input !== undefined ? { input: toStruct(jsonRequest.input) } : {}),
    ...(jsonRequest.context !== undefined ? { context: toStruct(jsonRequest.context) } : {}),
  };
  return method.requestSerialize(wire);
}

/** Deserializes a response into proto-loader shapes (Struct fields stay wire Structs; see fromStruct). */
export function decode(bytes) {
  return method.responseDeserialize(bytes);
}

const RawClient = grpc.makeGenericClientConstructor(
  { RunFunction: { ...method, requestSerialize: (bytes) => bytes, responseDeserialize: (bytes) => bytes } },
  'FunctionRunnerService',
);

/** A plaintext client for `address` that sends and receives raw bytes. */
export function rawClient(address) {
  const stub = new RawClient(address, grpc.credentials.createInsecure(), {
    'grpc.max_receive_message_length': MAX_MESSAGE,
    'grpc.max_send_message_length': MAX_MESSAGE,
  });
  return {
    /** Resolves once the channel is connected (or rejects after deadlineMs). */
    ready: (deadlineMs = 10_000) =>
      new Promise((resolve, reject) => stub.waitForReady(Date.now() + deadlineMs, (err) => (err ? reject(err) : resolve()))),
    /** One RunFunction call: request bytes in, response bytes out. */
    run: (bytes, deadlineMs = 60_000) =>
      new Promise((resolve, reject) => {
        stub.RunFunction(bytes, { deadline: Date.now() + deadlineMs }, (err, rsp) => (err ? reject(err) : resolve(rsp)));
      }),
    close: () => stub.close(),
  };
}
