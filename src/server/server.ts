/**
 * The gRPC server for FunctionRunnerService: registration, binding and
 * graceful shutdown. Deliberately not the SDK's serve()/startServer, which
 * make client certificates optional; credentials are passed in by the caller
 * (see tls.ts for the mTLS ones).
 */
import * as grpc from '@grpc/grpc-js';
import {
  Severity,
  to,
  type RunFunctionRequest,
  type RunFunctionResponse,
} from '@crossplane-org/function-sdk-typescript';
import { functionRunnerService } from './codec.js';
import { addHealthService, type Readiness } from './health.js';
import type { Logger } from './log.js';
import type { Metrics } from './metrics.js';

/** The function's logic: what main.ts wires to runFunction from function.ts. */
export type RunFunctionHandler = (req: RunFunctionRequest) => RunFunctionResponse | Promise<RunFunctionResponse>;

export interface CreateServerOptions {
  handler: RunFunctionHandler;
  /** Largest request accepted and response sent, in bytes. */
  maxRecvMessageSize: number;
  logger: Logger;
  /** Answers grpc.health.v1.Health on the same port. */
  readiness?: Readiness;
  /** Counts the size of each request received. */
  metrics?: Metrics;
  /** Deepest JSON nesting decoded (MAX_JSON_DEPTH by default). */
  maxJsonDepth?: number;
}

/** Prefix of the Fatal result returned when the handler fails. */
export const INTERNAL_ERROR_PREFIX = 'function-guardrails: internal error: ';

/** Creates a server with FunctionRunnerService registered; it serves once started with start(). */
export function createServer({ handler, maxRecvMessageSize, logger, readiness, metrics, maxJsonDepth }: CreateServerOptions): grpc.Server {
  const server = new grpc.Server({
    'grpc.max_receive_message_length': maxRecvMessageSize,
    'grpc.max_send_message_length': maxRecvMessageSize,
  });
  const service = functionRunnerService(
    (err) => logger.error('rejected undecodable request', { error: err.message }),
    metrics === undefined ? undefined : (bytes) => metrics.requestBytes(bytes),
    maxJsonDepth,
  );
  const run = guardHandler(handler, logger);
  const runFunction: grpc.handleUnaryCall<RunFunctionRequest, RunFunctionResponse> = (call, callback) => {
    void run(call.request).then((rsp) => callback(null, rsp));
  };
  server.addService(service, { runFunction });
  if (readiness !== undefined) addHealthService(server, readiness);
  return server;
}

/**
 * Wraps the handler so that it never fails at the gRPC level: any throw,
 * rejection or missing response becomes a response with a single Fatal
 * result (see internalErrorResponse). The returned promise never rejects.
 */
export function guardHandler(handler: RunFunctionHandler, logger: Logger): (req: RunFunctionRequest) => Promise<RunFunctionResponse> {
  return async (req) => {
    const tag = req.meta?.tag ?? '';
    try {
      const rsp = await handler(req);
      if (typeof rsp !== 'object' || rsp === null) throw new Error('handler returned no response');
      return rsp;
    } catch (err) {
      logger.error('RunFunction failed', { tag, error: err instanceof Error ? err.message : String(err) });
      return internalErrorResponse(req, err);
    }
  };
}

/**
 * The response sent when the handler fails: meta.tag echoed, request desired
 * state and context passed through (as the SDK's to(req) does; Crossplane
 * discards desired state when a result is Fatal, so a handler that failed
 * half-way through editing it does no harm), and one Fatal result
 * "function-guardrails: internal error: <message>".
 */
export function internalErrorResponse(req: RunFunctionRequest, err: unknown): RunFunctionResponse {
  const message = `${INTERNAL_ERROR_PREFIX}${err instanceof Error ? err.message : String(err)}`;
  let rsp: RunFunctionResponse;
  try {
    rsp = to(req);
  } catch {
    rsp = { meta: { tag: req.meta?.tag ?? '', ttl: undefined }, desired: undefined, results: [], requirements: undefined, conditions: [] };
  }
  rsp.results = [{ severity: Severity.SEVERITY_FATAL, message }];
  return rsp;
}

/** Binds `address` and starts serving; resolves with the bound port (useful with port 0). */
export function start(server: grpc.Server, address: string, credentials: grpc.ServerCredentials): Promise<number> {
  return new Promise((resolve, reject) => {
    server.bindAsync(address, credentials, (err, port) => (err ? reject(err) : resolve(port)));
  });
}

/**
 * Stops accepting new calls and lets in-flight calls finish; after `graceMs`
 * any still running are cancelled. Resolves with how the server stopped.
 */
export function shutdown(server: grpc.Server, graceMs: number): Promise<'graceful' | 'forced'> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      server.forceShutdown();
      resolve('forced');
    }, graceMs);
    server.tryShutdown(() => {
      clearTimeout(timer);
      resolve('graceful');
    });
  });
}
