/**
 * Wire codec for RunFunction: the SDK's generated (ts-proto) codec, with a
 * deeper nesting budget for requests.
 *
 * Why: ts-proto's generated `decode()` functions share a recursion counter,
 * `reader.__tsProtoDecodeDepth`, stored on the BinaryReader they are given.
 * Each nested `decode()` increments it and throws "protobuf decode recursion
 * limit exceeded" once 100 calls are active. A google.protobuf.Struct costs
 * three calls per JSON object level (Struct → Struct_FieldsEntry → Value), so
 * the SDK's plain decoder rejects any resource nested more than ~32 JSON
 * levels deep — and Crossplane sends CRDs (e.g. inside provider-kubernetes
 * Objects) that deep.
 *
 * How: we create the BinaryReader ourselves and start its counter at a
 * negative value, so the same generated code allows MAX_JSON_DEPTH levels.
 * This relies on ts-proto's generated depth counter (an implementation detail
 * of the SDK's generated code, not an API); codec.test.ts fails if the SDK
 * changes that behaviour. The budget stays finite on purpose: absurdly deep
 * input is rejected with an Error well before it could exhaust the JS stack.
 */
import { BinaryReader } from '@bufbuild/protobuf/wire';
import { FunctionRunnerServiceService, RunFunctionRequest } from '@crossplane-org/function-sdk-typescript';

/** ts-proto's generated limit: a decode() throws once this many are active on the reader. */
const TS_PROTO_DEPTH_LIMIT = 100;

/** Nested decode() calls per JSON object level: Struct → Struct_FieldsEntry → Value (lists cost 2). */
const CALLS_PER_JSON_LEVEL = 3;

/**
 * decode() calls above the outermost Struct on the deepest path, e.g.
 * RunFunctionRequest → State → State_ResourcesEntry → Resource, or
 * RunFunctionRequest → RequiredResourcesEntry → Resources → Resource.
 */
const ENVELOPE_CALLS = 4;

/** Deepest JSON nesting (objects within objects) accepted in any Struct of a request. */
export const MAX_JSON_DEPTH = 1000;

/** Initial value of the reader's counter: leaves exactly enough room for MAX_JSON_DEPTH levels (-2904). */
const INITIAL_DECODE_DEPTH = TS_PROTO_DEPTH_LIMIT - (ENVELOPE_CALLS + CALLS_PER_JSON_LEVEL * MAX_JSON_DEPTH);

/** The undeclared field ts-proto's generated code keeps on the reader. */
type DepthCountingReader = BinaryReader & { __tsProtoDecodeDepth?: number };

/**
 * Decodes a serialized RunFunctionRequest, accepting Structs up to
 * MAX_JSON_DEPTH levels deep.
 *
 * Throws an Error (never anything else) on malformed or too-deep input; gRPC
 * turns a deserializer throw into an INTERNAL status, which Crossplane treats
 * as a failed function run (fail closed).
 */
export function decodeRunFunctionRequest(bytes: Uint8Array): RunFunctionRequest {
  const reader: DepthCountingReader = new BinaryReader(bytes);
  reader.__tsProtoDecodeDepth = INITIAL_DECODE_DEPTH;
  try {
    return RunFunctionRequest.decode(reader);
  } catch (err) {
    throw new Error(`cannot decode RunFunctionRequest: ${describeDecodeError(err)}`, { cause: err });
  }
}

function describeDecodeError(err: unknown): string {
  const message = err instanceof Error ? err.message : String(err);
  const tooDeep = err instanceof RangeError || /recursion limit/.test(message);
  return tooDeep ? `${message} (JSON nested more than ${MAX_JSON_DEPTH} levels deep is not supported)` : message;
}

/** The SDK's generated service definition type. */
export type FunctionRunnerServiceDefinition = typeof FunctionRunnerServiceService;

/**
 * The SDK's FunctionRunnerService definition with our request decoder in
 * place of the generated one. `onDecodeError` sees every decode failure
 * (gRPC hides the details from the caller unless told otherwise, so this is
 * where they get logged).
 */
export function functionRunnerService(onDecodeError?: (err: Error) => void): FunctionRunnerServiceDefinition {
  const requestDeserialize = (value: Buffer): RunFunctionRequest => {
    try {
      return decodeRunFunctionRequest(value);
    } catch (err) {
      onDecodeError?.(err as Error);
      throw err;
    }
  };
  return {
    ...FunctionRunnerServiceService,
    runFunction: { ...FunctionRunnerServiceService.runFunction, requestDeserialize },
  };
}
