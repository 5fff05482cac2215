import * as grpc from '@grpc/grpc-js';
import {
  FunctionRunnerServiceService,
  RunFunctionRequest,
  Severity,
  fatal,
  to,
  type RunFunctionResponse,
} from '@crossplane-org/function-sdk-typescript';
import { afterEach, describe, expect, it } from 'vitest';
import { silentLogger } from './log.js';
import { INTERNAL_ERROR_PREFIX, createServer, guardHandler, shutdown, start, type RunFunctionHandler } from './server.js';

const request = (): RunFunctionRequest =>
  RunFunctionRequest.fromPartial({
    meta: { tag: 'tag-1' },
    desired: {
      composite: { resource: { apiVersion: 'example.org/v1', kind: 'XThing', status: { ok: true } } },
      resources: { bucket: { resource: { apiVersion: 'example.org/v1', kind: 'Widget', spec: { size: 3 } } } },
    },
    context: { 'example.org/key': { nested: ['a', 1, null] } },
  });

describe('guardHandler', () => {
  const failing: { name: string; handler: RunFunctionHandler; message: string }[] = [
    { name: 'throws', handler: () => { throw new Error('boom'); }, message: 'boom' },
    { name: 'rejects', handler: () => Promise.reject(new TypeError('async boom')), message: 'async boom' },
    { name: 'throws a non-Error', handler: () => { throw 'a string'; }, message: 'a string' },
    { name: 'returns nothing', handler: () => undefined as unknown as RunFunctionResponse, message: 'handler returned no response' },
  ];
  it.each(failing)('turns a handler that $name into one Fatal result, passing state through', async ({ handler, message }) => {
    const req = request();
    const rsp = await guardHandler(handler, silentLogger)(req);
    expect(rsp.results).toEqual([{ severity: Severity.SEVERITY_FATAL, message: `${INTERNAL_ERROR_PREFIX}${message}` }]);
    expect(rsp.meta?.tag).toBe('tag-1');
    expect(rsp.desired).toEqual(request().desired);
    expect(rsp.context).toEqual(request().context);
  });

  it('returns the handler response untouched when it succeeds', async () => {
    const want = fatal(to(request()), 'a deliberate fatal from the handler');
    const rsp = await guardHandler(() => want, silentLogger)(request());
    expect(rsp).toBe(want);
  });
});

type Call = (req: RunFunctionRequest) => Promise<RunFunctionResponse>;
const SdkClient = grpc.makeGenericClientConstructor(FunctionRunnerServiceService, 'FunctionRunnerService');

/** A plaintext client using the SDK's generated codec; close() it when done. */
function connectTo(port: number): { call: Call; close: () => void } {
  const client = new SdkClient(`127.0.0.1:${port}`, grpc.credentials.createInsecure()) as unknown as grpc.Client & {
    runFunction(req: RunFunctionRequest, cb: (err: grpc.ServiceError | null, rsp: RunFunctionResponse) => void): void;
  };
  const call: Call = (req) => new Promise((resolve, reject) => client.runFunction(req, (err, rsp) => (err ? reject(err) : resolve(rsp))));
  return { call, close: () => client.close() };
}

/** A handler that blocks until released; `entered` resolves once a call is inside it. */
function blockingHandler(): { handler: RunFunctionHandler; entered: Promise<void>; release: () => void } {
  let release = (): void => {};
  let enter = (): void => {};
  const released = new Promise<void>((r) => (release = r));
  const entered = new Promise<void>((r) => (enter = r));
  const handler: RunFunctionHandler = async (req) => {
    enter();
    await released;
    return to(req);
  };
  return { handler, entered, release };
}

describe('createServer', () => {
  const cleanups: (() => void)[] = [];
  afterEach(() => cleanups.splice(0).forEach((f) => f()));

  async function serve(handler: RunFunctionHandler, maxRecvMessageSize = 1024 * 1024): Promise<{ server: grpc.Server; call: Call }> {
    const server = createServer({ handler, maxRecvMessageSize, logger: silentLogger });
    const port = await start(server, '127.0.0.1:0', grpc.ServerCredentials.createInsecure());
    const { call, close } = connectTo(port);
    cleanups.push(close, () => server.forceShutdown());
    return { server, call };
  }

  it('serves the handler', async () => {
    const { call } = await serve((req) => to(req));
    const rsp = await call(request());
    expect(rsp.meta?.tag).toBe('tag-1');
    expect(rsp.desired).toEqual(request().desired);
  });

  it('answers a failing handler with status OK and a Fatal result', async () => {
    const { call } = await serve(() => Promise.reject(new Error('engine exploded')));
    const rsp = await call(request());
    expect(rsp.results).toEqual([{ severity: Severity.SEVERITY_FATAL, message: `${INTERNAL_ERROR_PREFIX}engine exploded` }]);
    expect(rsp.meta?.tag).toBe('tag-1');
  });

  it('rejects requests over maxRecvMessageSize with RESOURCE_EXHAUSTED and keeps serving', async () => {
    const { call } = await serve((req) => to(req), 4096);
    const big = request();
    big.context = { padding: 'x'.repeat(8192) };
    await expect(call(big)).rejects.toMatchObject({ code: grpc.status.RESOURCE_EXHAUSTED });
    await expect(call(request())).resolves.toMatchObject({ meta: { tag: 'tag-1' } });
  });

  it('lets an in-flight call finish on shutdown within the grace period', async () => {
    const { handler, entered, release } = blockingHandler();
    const { server, call } = await serve(handler);
    const result = call(request());
    await entered;
    const stopped = shutdown(server, 10_000);
    release();
    await expect(result).resolves.toMatchObject({ meta: { tag: 'tag-1' } });
    await expect(stopped).resolves.toBe('graceful');
  });

  it('forces shutdown when a call outlives the grace period', async () => {
    const { handler, entered } = blockingHandler();
    const { server, call } = await serve(handler);
    const result = call(request()).then(
      () => 'answered',
      (err: grpc.ServiceError) => err.code,
    );
    await entered;
    await expect(shutdown(server, 200)).resolves.toBe('forced');
    await expect(result).resolves.not.toBe('answered');
  });
});
