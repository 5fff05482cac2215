/**
 * The gRPC-facing handler: RunFunctionRequest in, RunFunctionResponse out.
 * (Placeholder while the adapter is written: passes everything through.)
 */
import { to, type RunFunctionRequest, type RunFunctionResponse } from '@crossplane-org/function-sdk-typescript';

export function runFunction(req: RunFunctionRequest): RunFunctionResponse {
  return to(req);
}
