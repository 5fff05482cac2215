/**
 * The gRPC service definition the server registers: the SDK's
 * FunctionRunnerService with our own wire codec (wire/decode.ts,
 * wire/encode.ts) in place of the SDK's generated one for the request and
 * the response.
 *
 * Why: the generated (ts-proto) code builds protobuf maps and JSON objects as
 * `{}` and assigns into them, so a composed resource or a JSON key named
 * `__proto__` was lost on decode (never judged, never emitted: Crossplane
 * then deleted the resource) and a JSON key `__proto__` was lost on encode;
 * its decoder also refused JSON nested more than about 32 levels. Our codec
 * keeps every name, reads the same shapes otherwise, accepts JSON up to
 * MAX_JSON_DEPTH levels, and writes the same bytes as the generated encoder
 * for any response without a `__proto__` key.
 */
import { FunctionRunnerServiceService, type RunFunctionRequest, type RunFunctionResponse } from '@crossplane-org/function-sdk-typescript';
import { decodeRunFunctionRequest, MAX_JSON_DEPTH } from './wire/decode.js';
import { encodeRunFunctionResponse } from './wire/encode.js';

export { MAX_JSON_DEPTH, decodeRunFunctionRequest } from './wire/decode.js';
export { encodeRunFunctionResponse } from './wire/encode.js';

/** The SDK's generated service definition type. */
export type FunctionRunnerServiceDefinition = typeof FunctionRunnerServiceService;

/**
 * The SDK's FunctionRunnerService definition with our request decoder and
 * response encoder. `onDecodeError` sees every decode failure (gRPC hides
 * the details from the caller unless told otherwise, so this is where they
 * get logged); `onRequestBytes` the size of every request received.
 */
export function functionRunnerService(
  onDecodeError?: (err: Error) => void,
  onRequestBytes?: (bytes: number) => void,
  maxJsonDepth: number = MAX_JSON_DEPTH,
): FunctionRunnerServiceDefinition {
  const requestDeserialize = (value: Buffer): RunFunctionRequest => {
    onRequestBytes?.(value.length);
    try {
      return decodeRunFunctionRequest(value, maxJsonDepth);
    } catch (err) {
      onDecodeError?.(err as Error);
      throw err;
    }
  };
  const responseSerialize = (value: RunFunctionResponse): Buffer => encodeRunFunctionResponse(value);
  return {
    ...FunctionRunnerServiceService,
    runFunction: { ...FunctionRunnerServiceService.runFunction, requestDeserialize, responseSerialize },
  };
}
