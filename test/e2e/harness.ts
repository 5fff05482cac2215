/**
 * End-to-end harness: plays Crossplane's part against the real, built server.
 *
 * - startFunction() spawns `node dist/main.js` on a free local port.
 * - client() talks to it with a gRPC client built from OUR
 *   proto/fn/v1/run_function.proto via @grpc/proto-loader (not the SDK's
 *   generated code), so the tests check the wire contract.
 * - toStruct()/fromStruct() convert between plain JSON and the proto-loader
 *   shape of google.protobuf.Struct; runJson() does it for a whole call.
 * - rawClient() sends and receives raw bytes.
 * - makeCerts() creates a CA, server and client certificates (and a rogue
 *   client) with the openssl CLI.
 */
import { afterAll, beforeAll } from 'vitest';
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { createServer, connect } from 'node:net';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as grpc from '@grpc/grpc-js';
import * as protoLoader from '@grpc/proto-loader';
import type * as Protobuf from 'protobufjs';

const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const MAIN_JS = join(REPO_ROOT, 'dist/main.js');
const PROTO_PATH = join(REPO_ROOT, 'proto/fn/v1/run_function.proto');

/**
 * Nesting limit for the client's protobufjs: Go's protobuf (what Crossplane
 * uses) allows 10,000 nested messages; protobufjs defaults to 100, which
 * would make this client, not the server, reject deep resources.
 */
const CLIENT_RECURSION_LIMIT = 10_000;
/** Big enough for the largest test messages (the server's default limit is 16 MiB). */
const CLIENT_MAX_MESSAGE = 64 * 1024 * 1024;
const START_DEADLINE_MS = 10_000;
/** The server's shutdown bound (10 s) plus time to exit. */
const STOP_DEADLINE_MS = 12_000;

// ---------------------------------------------------------------- processes

export interface StartOptions {
  /** Serve mTLS with certificates from this directory (--tls-server-certs-dir). */
  tlsDir?: string;
  /** Extra flags, appended last. */
  extraArgs?: string[];
  /** Serve metrics and probes on a free port of their own (--metrics-address), given as `metricsPort`. */
  metrics?: boolean;
  /** Extra environment; TLS_SERVER_CERTS_DIR is otherwise removed from the child's environment. */
  env?: Record<string, string>;
}

export interface RunningFunction {
  port: number;
  /** The metrics and probes port, where `metrics` was asked for. */
  metricsPort?: number;
  /** "127.0.0.1:<port>". */
  address: string;
  /** Sends SIGTERM and resolves with the exit code (null if killed by a signal). */
  stop(): Promise<number | null>;
  /** Everything the process wrote to stderr so far. */
  stderr(): string;
}

/**
 * Starts the real server on 127.0.0.1:<free port> and waits until it says
 * it is serving. Without `tlsDir` and without TLS_SERVER_CERTS_DIR in
 * `env`, it passes --insecure.
 */
export async function startFunction(opts: StartOptions = {}): Promise<RunningFunction> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await startOnce(opts);
    } catch (err) {
      if (!(err instanceof PortTaken) || attempt >= START_ATTEMPTS) throw err;
    }
  }
}

/**
 * Attempts at starting: a port free a moment ago may be taken by another
 * test file's process before the server binds it (files run in parallel),
 * and then the server exits with EADDRINUSE; it is started again on others.
 */
const START_ATTEMPTS = 5;

class PortTaken extends Error {}

async function startOnce(opts: StartOptions): Promise<RunningFunction> {
  const port = await freePort();
  const metricsPort = opts.metrics === true ? await freePort() : undefined;
  const address = `127.0.0.1:${port}`;
  const tls = opts.tlsDir !== undefined || opts.env?.['TLS_SERVER_CERTS_DIR'] !== undefined;
  const args = ['--address', address];
  if (opts.tlsDir !== undefined) args.push('--tls-server-certs-dir', opts.tlsDir);
  if (!tls) args.push('--insecure');
  if (metricsPort !== undefined) args.push('--metrics-address', `127.0.0.1:${metricsPort}`);
  args.push(...(opts.extraArgs ?? []));

  const { child, stderr, exited } = spawnMain(args, opts.env);
  try {
    await waitForServing(port, exited, stderr);
  } catch (err) {
    child.kill('SIGKILL');
    throw stderr().includes('EADDRINUSE') ? new PortTaken(err instanceof Error ? err.message : String(err)) : err;
  }
  return {
    port,
    ...(metricsPort !== undefined ? { metricsPort } : {}),
    address,
    stderr,
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      return withDeadline(exited, STOP_DEADLINE_MS, () => {
        child.kill('SIGKILL');
        return new Error(`function did not exit within ${STOP_DEADLINE_MS} ms of SIGTERM`);
      });
    },
  };
}

/**
 * Starts the server for the enclosing suite (beforeAll) and stops it after
 * (afterAll); `fn` and `rpc` are usable inside the suite's tests.
 */
export function serveDuringSuite(opts?: StartOptions): { readonly fn: RunningFunction; readonly rpc: FunctionClient } {
  const state: { fn?: RunningFunction; rpc?: FunctionClient } = {};
  beforeAll(async () => {
    state.fn = await startFunction(opts);
    state.rpc = client(state.fn.address);
  });
  afterAll(async () => {
    state.rpc?.close();
    await state.fn?.stop(); // a no-op when a test already stopped it
  });
  return {
    get fn() {
      return state.fn!;
    },
    get rpc() {
      return state.rpc!;
    },
  };
}

export interface ExitedFunction {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs the real server with exactly `args` and waits for it to exit (for startup failures). */
export async function runToExit(args: string[], env?: Record<string, string>): Promise<ExitedFunction> {
  const { child, stderr, stdout, exited } = spawnMain(args, env);
  const code = await withDeadline(exited, START_DEADLINE_MS, () => {
    child.kill('SIGKILL');
    return new Error(`function did not exit within ${START_DEADLINE_MS} ms; stderr:\n${stderr()}`);
  });
  return { code, stdout: stdout(), stderr: stderr() };
}

function spawnMain(args: string[], env?: Record<string, string>) {
  if (!existsSync(MAIN_JS)) throw new Error(`${MAIN_JS} not found: run \`npm run build\` before the end-to-end tests`);
  const childEnv: NodeJS.ProcessEnv = { ...process.env };
  delete childEnv['TLS_SERVER_CERTS_DIR'];
  const child: ChildProcess = spawn(process.execPath, [MAIN_JS, ...args], {
    // Metrics off unless a test asks: parallel servers would all want :8080.
    env: { ...childEnv, METRICS_ADDRESS: '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stdout?.setEncoding('utf8').on('data', (chunk: string) => (out += chunk));
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => (err += chunk));
  const exited = new Promise<number | null>((resolveExit) => child.once('close', (code) => resolveExit(code)));
  return { child, exited, stdout: () => out, stderr: () => err };
}

/** A port that was free a moment ago: bind port 0, read the port, close. */
export function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const addr = server.address();
      const port = typeof addr === 'object' && addr !== null ? addr.port : 0;
      server.close(() => resolvePort(port));
    });
  });
}

/** Resolves true if something accepts TCP connections on 127.0.0.1:port. */
export function portAccepts(port: number): Promise<boolean> {
  return new Promise((resolveAccepts) => {
    const socket = connect({ host: '127.0.0.1', port });
    socket.once('connect', () => {
      socket.destroy();
      resolveAccepts(true);
    });
    socket.once('error', () => resolveAccepts(false));
  });
}

/**
 * Waits for the server's own `serving` log line, which it writes once every
 * port it was given is bound. Probing the port instead could be answered by
 * whatever else took it first.
 */
async function waitForServing(port: number, exited: Promise<number | null>, stderr: () => string): Promise<void> {
  let exitCode: number | null | undefined;
  void exited.then((code) => (exitCode = code));
  const deadline = Date.now() + START_DEADLINE_MS;
  while (Date.now() < deadline) {
    if (stderr().includes('"msg":"serving"')) return;
    if (exitCode !== undefined) throw new Error(`function exited with code ${exitCode} before serving; stderr:\n${stderr()}`);
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error(`function did not start serving on port ${port} within ${START_DEADLINE_MS} ms; stderr:\n${stderr()}`);
}

function withDeadline<T>(promise: Promise<T>, ms: number, onTimeout: () => Error): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(onTimeout()), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

// ---------------------------------------------------------- wire shapes

export type Json = null | boolean | number | string | Json[] | JsonObject;
export interface JsonObject {
  [key: string]: Json;
}

/** google.protobuf.Value as proto-loader represents it (oneofs: true adds `kind`). */
export interface WireValue {
  nullValue?: 'NULL_VALUE';
  numberValue?: number;
  stringValue?: string;
  boolValue?: boolean;
  structValue?: WireStruct;
  listValue?: { values?: WireValue[] };
  kind?: string;
}
export interface WireStruct {
  fields?: Record<string, WireValue>;
}

/** A message in which Struct-typed fields are `S` (WireStruct on the wire, JsonObject for runJson). */
export interface ResourceOf<S> {
  resource?: S;
  connectionDetails?: Record<string, Buffer>;
  ready?: string;
}
export interface StateOf<S> {
  composite?: ResourceOf<S>;
  resources?: Record<string, ResourceOf<S>>;
}
export interface RequestOf<S> {
  meta?: { tag?: string; capabilities?: string[] };
  observed?: StateOf<S>;
  desired?: StateOf<S>;
  input?: S;
  context?: S;
  extraResources?: Record<string, { items?: ResourceOf<S>[] }>;
  credentials?: Record<string, { credentialData?: { data?: Record<string, Buffer> } }>;
  requiredResources?: Record<string, { items?: ResourceOf<S>[] }>;
  requiredSchemas?: Record<string, { openapiV3?: S }>;
}
export interface Result {
  severity?: string;
  message?: string;
  reason?: string;
  target?: string;
}
export interface Condition {
  type?: string;
  status?: string;
  reason?: string;
  message?: string;
  target?: string;
}
export interface ResourceSelector {
  apiVersion?: string;
  kind?: string;
  matchName?: string;
  matchLabels?: { labels?: Record<string, string> };
  namespace?: string;
}
export interface Requirements {
  extraResources?: Record<string, ResourceSelector>;
  resources?: Record<string, ResourceSelector>;
  schemas?: Record<string, { apiVersion?: string; kind?: string }>;
}
export interface ResponseOf<S> {
  meta?: { tag?: string; ttl?: { seconds?: string; nanos?: number } };
  desired?: StateOf<S>;
  results?: Result[];
  context?: S;
  requirements?: Requirements;
  conditions?: Condition[];
  output?: S;
}
export type WireRequest = RequestOf<WireStruct>;
export type WireResponse = ResponseOf<WireStruct>;
export type JsonRequest = RequestOf<JsonObject>;
export type JsonResponse = ResponseOf<JsonObject>;

/** Plain JSON object → proto-loader Struct; every own key, `__proto__` included (Object.fromEntries defines, never sets). */
export function toStruct(obj: JsonObject): WireStruct {
  return { fields: Object.fromEntries(Object.entries(obj).map(([key, value]) => [key, toValue(value)])) };
}

function toValue(value: Json): WireValue {
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

/** proto-loader Struct → plain JSON object, `__proto__` keys as own keys. */
export function fromStruct(struct: WireStruct): JsonObject {
  return Object.fromEntries(Object.entries(struct.fields ?? {}).map(([key, value]) => [key, fromValue(value)]));
}

function fromValue(value: WireValue): Json {
  if (value.structValue !== undefined) return fromStruct(value.structValue);
  if (value.listValue !== undefined) return (value.listValue.values ?? []).map(fromValue);
  if (value.stringValue !== undefined) return value.stringValue;
  if (value.numberValue !== undefined) return value.numberValue;
  if (value.boolValue !== undefined) return value.boolValue;
  return null;
}

/** Applies `f` to every Struct-typed field a request or response can carry. */
function mapResource<A, B>(r: ResourceOf<A>, f: (s: A) => B): ResourceOf<B> {
  const { resource, ...rest } = r;
  return resource === undefined ? rest : { ...rest, resource: f(resource) };
}

function mapState<A, B>(s: StateOf<A> | undefined, f: (s: A) => B): StateOf<B> | undefined {
  if (s === undefined) return undefined;
  const out: StateOf<B> = {};
  if (s.composite !== undefined) out.composite = mapResource(s.composite, f);
  if (s.resources !== undefined) out.resources = mapRecord(s.resources, (r) => mapResource(r, f));
  return out;
}

function mapRecord<A, B>(rec: Record<string, A>, f: (a: A) => B): Record<string, B> {
  return Object.fromEntries(Object.entries(rec).map(([k, v]) => [k, f(v)]));
}

function mapRequest<A, B>(req: RequestOf<A>, f: (s: A) => B): RequestOf<B> {
  const items = (g: { items?: ResourceOf<A>[] }) => ({ items: (g.items ?? []).map((r) => mapResource(r, f)) });
  return dropUndefined({
    meta: req.meta,
    observed: mapState(req.observed, f),
    desired: mapState(req.desired, f),
    input: req.input === undefined ? undefined : f(req.input),
    context: req.context === undefined ? undefined : f(req.context),
    extraResources: req.extraResources && mapRecord(req.extraResources, items),
    credentials: req.credentials,
    requiredResources: req.requiredResources && mapRecord(req.requiredResources, items),
    requiredSchemas:
      req.requiredSchemas && mapRecord(req.requiredSchemas, (s) => (s.openapiV3 === undefined ? {} : { openapiV3: f(s.openapiV3) })),
  });
}

function mapResponse<A, B>(rsp: ResponseOf<A>, f: (s: A) => B): ResponseOf<B> {
  return dropUndefined({
    meta: rsp.meta && withoutSyntheticOneofs(rsp.meta),
    desired: mapState(rsp.desired, f),
    results: rsp.results?.map(withoutSyntheticOneofs),
    context: rsp.context === undefined ? undefined : f(rsp.context),
    requirements: rsp.requirements,
    conditions: rsp.conditions?.map(withoutSyntheticOneofs),
    output: rsp.output === undefined ? undefined : f(rsp.output),
  });
}

/**
 * proto-loader with `oneofs: true` reports a proto3 `optional` field's
 * synthetic oneof as an extra key (`_reason: 'reason'`); drop those.
 */
function withoutSyntheticOneofs<T extends object>(obj: T): T {
  return Object.fromEntries(Object.entries(obj).filter(([k, v]) => !(k.startsWith('_') && v === k.slice(1)))) as T;
}

function dropUndefined<T extends object>(obj: T): T {
  return Object.fromEntries(Object.entries(obj).filter(([, v]) => v !== undefined)) as T;
}

// ---------------------------------------------------------------- client

export interface FunctionClient {
  /** One RunFunction call in proto-loader shapes; rejects with the grpc.ServiceError on failure. */
  run(req: WireRequest, deadlineMs?: number): Promise<WireResponse>;
  /** run() with Struct fields as plain JSON on both sides. */
  runJson(req: JsonRequest, deadlineMs?: number): Promise<JsonResponse>;
  close(): void;
}

type RunFunctionClient = grpc.Client & {
  runFunction(
    req: WireRequest,
    options: grpc.CallOptions,
    callback: (err: grpc.ServiceError | null, rsp?: WireResponse) => void,
  ): grpc.ClientUnaryCall;
};

let serviceConstructor: grpc.ServiceClientConstructor | undefined;

/** The FunctionRunnerService client constructor, from proto/fn/v1/run_function.proto. */
function functionRunnerServiceClient(): grpc.ServiceClientConstructor {
  if (serviceConstructor) return serviceConstructor;
  raiseProtobufjsRecursionLimit();
  const definition = protoLoader.loadSync(PROTO_PATH, { keepCase: false, longs: String, enums: String, defaults: false, oneofs: true });
  const loaded = grpc.loadPackageDefinition(definition) as unknown as {
    apiextensions: { fn: { proto: { v1: { FunctionRunnerService: grpc.ServiceClientConstructor } } } };
  };
  serviceConstructor = loaded.apiextensions.fn.proto.v1.FunctionRunnerService;
  return serviceConstructor;
}

/** Raises the limits of the protobufjs instance @grpc/proto-loader uses (process-wide). */
function raiseProtobufjsRecursionLimit(): void {
  const requireHere = createRequire(import.meta.url);
  const protobuf = createRequire(requireHere.resolve('@grpc/proto-loader'))('protobufjs') as typeof Protobuf;
  protobuf.util.recursionLimit = CLIENT_RECURSION_LIMIT;
  protobuf.Reader.recursionLimit = CLIENT_RECURSION_LIMIT;
}

/** A client for `address`; plaintext unless `creds` are given. Default deadline per call: 10 s. */
export function client(address: string, creds: grpc.ChannelCredentials = grpc.credentials.createInsecure()): FunctionClient {
  const Ctor = functionRunnerServiceClient();
  const stub = new Ctor(address, creds, {
    'grpc.max_receive_message_length': CLIENT_MAX_MESSAGE,
    'grpc.max_send_message_length': CLIENT_MAX_MESSAGE,
    // Use the certificate's DNS name for SNI and verification: TLS forbids an IP address as SNI server name.
    'grpc.ssl_target_name_override': 'localhost',
  }) as unknown as RunFunctionClient;
  const run = (req: WireRequest, deadlineMs = 10_000): Promise<WireResponse> =>
    new Promise((resolveRun, reject) => {
      stub.runFunction(req, { deadline: Date.now() + deadlineMs }, (err, rsp) => (err ? reject(err) : resolveRun(rsp ?? {})));
    });
  return {
    run,
    runJson: async (req, deadlineMs) => mapResponse(await run(mapRequest(req, toStruct), deadlineMs), fromStruct),
    close: () => stub.close(),
  };
}

export interface RawClient {
  /** One RunFunction call: request bytes in, response bytes out; rejects with the grpc.ServiceError on failure. */
  run(bytes: Uint8Array, deadlineMs?: number): Promise<Buffer>;
  close(): void;
}

type RawStub = grpc.Client & {
  RunFunction(req: Buffer, options: grpc.CallOptions, callback: (err: grpc.ServiceError | null, rsp?: Buffer) => void): grpc.ClientUnaryCall;
};

const identity = (b: Buffer): Buffer => b;

/** A plaintext client that sends and receives raw bytes, for requests spelled byte by byte. */
export function rawClient(address: string): RawClient {
  const Ctor = grpc.makeGenericClientConstructor(
    {
      RunFunction: {
        path: '/apiextensions.fn.proto.v1.FunctionRunnerService/RunFunction',
        requestStream: false,
        responseStream: false,
        requestSerialize: identity,
        requestDeserialize: identity,
        responseSerialize: identity,
        responseDeserialize: identity,
      },
    },
    'FunctionRunnerService',
  );
  const stub = new Ctor(address, grpc.credentials.createInsecure()) as unknown as RawStub;
  return {
    run: (bytes, deadlineMs = 10_000) =>
      new Promise((resolveRun, reject) => {
        stub.RunFunction(Buffer.from(bytes), { deadline: Date.now() + deadlineMs }, (err, rsp) => (err ? reject(err) : resolveRun(rsp ?? Buffer.alloc(0))));
      }),
    close: () => stub.close(),
  };
}

// ---------------------------------------------------------------- certificates

export interface TestCerts {
  dir: string;
  /** The CA that signs the server and client certificates (the server's ca.crt). */
  ca: Buffer;
  client: { key: Buffer; cert: Buffer };
  /** A client certificate from a different CA, which the server must refuse. */
  rogue: { key: Buffer; cert: Buffer };
}

const OPENSSL_CONFIG = `[req]
distinguished_name = dn
prompt = no
[dn]
CN = unused
[ca]
basicConstraints = critical,CA:TRUE
keyUsage = critical,keyCertSign,cRLSign
subjectKeyIdentifier = hash
[server]
basicConstraints = CA:FALSE
keyUsage = critical,digitalSignature
extendedKeyUsage = serverAuth
subjectAltName = IP:127.0.0.1,DNS:localhost
[client]
basicConstraints = CA:FALSE
keyUsage = critical,digitalSignature
extendedKeyUsage = clientAuth
`;

/**
 * Writes, into `dir`: ca.crt (+ ca.key), tls.crt and tls.key (server, for
 * 127.0.0.1 and localhost), client.crt and client.key (signed by the CA), and
 * rogue.crt and rogue.key (signed by rogue-ca.crt, a different CA). EC P-256
 * keys, valid for one day.
 */
export function makeCerts(dir: string): TestCerts {
  const config = join(dir, 'openssl.cnf');
  writeFileSync(config, OPENSSL_CONFIG);
  const openssl = (...args: string[]): void => {
    execFileSync('openssl', args, { cwd: dir, stdio: ['ignore', 'ignore', 'pipe'] });
  };
  const key = (name: string) => openssl('genpkey', '-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-256', '-out', name);
  const selfSignedCa = (name: string, cn: string) => {
    key(`${name}.key`);
    openssl('req', '-config', config, '-new', '-x509', '-key', `${name}.key`, '-subj', `/CN=${cn}`, '-days', '1', '-extensions', 'ca', '-out', `${name}.crt`);
  };
  const leaf = (name: string, cn: string, ca: string, extensions: string, serial: string) => {
    key(`${name}.key`);
    openssl('req', '-config', config, '-new', '-key', `${name}.key`, '-subj', `/CN=${cn}`, '-out', `${name}.csr`);
    openssl('x509', '-req', '-in', `${name}.csr`, '-CA', `${ca}.crt`, '-CAkey', `${ca}.key`, '-set_serial', serial, '-days', '1',
      '-extfile', config, '-extensions', extensions, '-out', `${name}.crt`);
  };

  selfSignedCa('ca', 'function-guardrails test CA');
  leaf('tls', 'localhost', 'ca', 'server', '2');
  leaf('client', 'crossplane', 'ca', 'client', '3');
  selfSignedCa('rogue-ca', 'rogue CA');
  leaf('rogue', 'crossplane', 'rogue-ca', 'client', '4');

  const read = (name: string) => readFileSync(join(dir, name));
  return {
    dir,
    ca: read('ca.crt'),
    client: { key: read('client.key'), cert: read('client.crt') },
    rogue: { key: read('rogue.key'), cert: read('rogue.crt') },
  };
}

/** Client-side TLS credentials trusting the test CA and presenting the given identity (or none). */
export function tlsClientCredentials(certs: TestCerts, identity: 'client' | 'rogue' | 'none'): grpc.ChannelCredentials {
  if (identity === 'none') return grpc.credentials.createSsl(certs.ca);
  const { key, cert } = certs[identity];
  return grpc.credentials.createSsl(certs.ca, key, cert);
}

// ---------------------------------------------------------------- health

const HEALTH_PROTO_PATH = join(REPO_ROOT, 'proto/grpc/health/v1/health.proto');

export type ServingStatusName = 'UNKNOWN' | 'SERVING' | 'NOT_SERVING' | 'SERVICE_UNKNOWN';

export interface HealthClient {
  /** grpc.health.v1.Health/Check; rejects with the grpc.ServiceError on failure. */
  check(service: string): Promise<ServingStatusName>;
  /** grpc.health.v1.Health/Watch: the statuses streamed until `count` arrived. */
  watch(service: string, count: number): Promise<ServingStatusName[]>;
  close(): void;
}

type HealthStub = grpc.Client & {
  check(req: { service: string }, options: grpc.CallOptions, callback: (err: grpc.ServiceError | null, rsp?: { status: ServingStatusName }) => void): grpc.ClientUnaryCall;
  watch(req: { service: string }): grpc.ClientReadableStream<{ status: ServingStatusName }>;
};

/** A plaintext client of the standard health service, built from proto/grpc/health/v1/health.proto. */
export function healthClient(address: string): HealthClient {
  const definition = protoLoader.loadSync(HEALTH_PROTO_PATH, { keepCase: true, enums: String, defaults: true });
  const loaded = grpc.loadPackageDefinition(definition) as unknown as { grpc: { health: { v1: { Health: grpc.ServiceClientConstructor } } } };
  const stub = new loaded.grpc.health.v1.Health(address, grpc.credentials.createInsecure()) as unknown as HealthStub;
  return {
    check: (service) =>
      new Promise((resolveCheck, reject) => {
        stub.check({ service }, { deadline: Date.now() + 5_000 }, (err, rsp) => (err ? reject(err) : resolveCheck(rsp!.status)));
      }),
    watch: (service, count) =>
      new Promise((resolveWatch, reject) => {
        const seen: ServingStatusName[] = [];
        const call = stub.watch({ service });
        call.on('data', (rsp: { status: ServingStatusName }) => {
          seen.push(rsp.status);
          if (seen.length === count) {
            call.cancel();
            resolveWatch(seen);
          }
        });
        call.on('error', (err: grpc.ServiceError) => (err.code === grpc.status.CANCELLED ? resolveWatch(seen) : reject(err)));
      }),
    close: () => stub.close(),
  };
}
