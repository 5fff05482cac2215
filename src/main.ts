#!/usr/bin/env node
/**
 * Entry point: `node dist/main.js [flags]` (see --help) serves the function;
 * `node dist/main.js check|rules|explain|lint|mcp ...` is the command line
 * (src/cli/main.ts, loaded only then), with its own exit codes.
 *
 * Serves runFunction over gRPC with mutual TLS (client certificates required)
 * unless --insecure. Exit codes: 0 after a signal-triggered shutdown,
 * --help or --version, 1 when the server cannot start or the version cannot
 * be read (one line on stderr, no stack trace), 2 for bad flags.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import * as grpc from '@grpc/grpc-js';
import type { Server as HttpServer } from 'node:http';
import { check } from './check.js';
import { observedRunFunction } from './function/observed.js';
import { MIB, parseFlags, type ServerFlags } from './server/flags.js';
import { Readiness } from './server/health.js';
import { createLogger, type Logger } from './server/log.js';
import { createMetrics, createOpsServer } from './server/metrics.js';
import { createServer, shutdown, start } from './server/server.js';
import { TlsCredentialsError, loadServerCredentials } from './server/tls.js';

/** How long in-flight calls get to finish after SIGTERM/SIGINT. */
const SHUTDOWN_GRACE_MS = 10_000;

/** The package's own package.json, one directory up: beside dist/ in the repository and in the image (/function). */
const PACKAGE_JSON = new URL('../package.json', import.meta.url);
const PACKAGE_NAME = 'function-guardrails';

/** The first arguments that select the command line rather than the server. */
const CLI_COMMANDS: ReadonlySet<string> = new Set(['check', 'rules', 'explain', 'lint', 'mcp']);

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  if (argv[0] !== undefined && CLI_COMMANDS.has(argv[0])) {
    const { runCli } = await import('./cli/main.js');
    process.exitCode = await runCli(argv, {
      stdin: process.stdin,
      stdout: process.stdout,
      stderr: process.stderr,
      env: process.env,
      version: () => {
        const v = readVersion();
        return v instanceof Error ? 'unknown' : v;
      },
      now: Date.now,
    });
    return;
  }
  const parsed = parseFlags(argv, process.env);
  if (parsed.kind === 'help') {
    process.stdout.write(parsed.usage);
    return;
  }
  if (parsed.kind === 'error') return fail(2, `function-guardrails: ${parsed.error} (see --help)`);
  const version = readVersion();
  if (version instanceof Error) return fail(1, `function-guardrails: ${version.message}`);
  if (parsed.kind === 'version') {
    process.stdout.write(`${version}\n`);
    return;
  }
  const { flags } = parsed;

  const credentials = flags.insecure ? grpc.ServerCredentials.createInsecure() : loadServerCredentials(flags.tlsServerCertsDir);
  if (credentials instanceof TlsCredentialsError) return fail(1, credentials.message);

  const logger = createLogger({ debug: flags.debug });
  const readiness = new Readiness();
  const metrics = flags.metrics === undefined ? undefined : createMetrics();
  const { maxJsonDepth, ...limits } = flags.limits;
  const handler = observedRunFunction({ logger, metrics, limits });
  const server = createServer({ handler, maxRecvMessageSize: flags.maxRecvMessageSize, maxJsonDepth, logger, readiness, ...(metrics !== undefined ? { metrics } : {}) });
  let ops: HttpServer | undefined;
  let port: number;
  try {
    port = await start(server, flags.address, credentials);
    if (metrics !== undefined && flags.metrics !== undefined) ops = await listen(createOpsServer(metrics, readiness), flags.metrics);
  } catch (err) {
    server.forceShutdown();
    return fail(1, `cannot listen: ${oneLine(err)}`);
  }
  logger.info('serving', serveFields(flags, port, version, ops));
  handleSignals(server, readiness, logger, ops);
  warmUp(readiness, logger);
}

/**
 * Ready once the catalog has judged a request: the rules' modules are
 * loaded and their tables built. A catalog that cannot judge an empty
 * request keeps the function unready (and says why) rather than serving.
 */
function warmUp(readiness: Readiness, logger: Logger): void {
  const result = check({ input: undefined, composite: {}, observed: {}, desired: {}, now: Date.now() });
  if (result.kind === 'decided') readiness.markReady();
  else logger.error('not ready: the catalog failed on an empty request', { verdict: result.verdict.condition.reason });
}

function listen(server: HttpServer, { host, port }: { host: string; port: number }): Promise<HttpServer> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host === '' ? undefined : host, () => resolve(server));
  });
}

function serveFields(flags: ServerFlags, port: number, version: string, ops: HttpServer | undefined): Record<string, unknown> {
  const metricsPort = ops?.address();
  return {
    version,
    address: flags.address,
    port,
    mode: flags.insecure ? 'insecure' : 'mtls',
    ...(flags.insecure ? {} : { tlsServerCertsDir: flags.tlsServerCertsDir }),
    maxRecvMessageSizeMiB: flags.maxRecvMessageSize / MIB,
    metricsPort: typeof metricsPort === 'object' && metricsPort !== null ? metricsPort.port : 'off',
    limits: flags.limits,
  };
}

/**
 * The version in the package's own package.json, read at run time so that
 * --version and the startup log say what was built, never a copy that drifts.
 * A missing or foreign package.json is an Error: the build is broken.
 */
function readVersion(): string | Error {
  const path = fileURLToPath(PACKAGE_JSON);
  let pkg: unknown;
  try {
    pkg = JSON.parse(readFileSync(path, 'utf8'));
  } catch (err) {
    return new Error(`cannot read the version from ${path}: ${oneLine(err)}`);
  }
  const { name, version } = (typeof pkg === 'object' && pkg !== null ? pkg : {}) as { name?: unknown; version?: unknown };
  if (name !== PACKAGE_NAME) return new Error(`cannot read the version: ${path} is not the package.json of ${PACKAGE_NAME}`);
  if (typeof version !== 'string' || version === '') return new Error(`cannot read the version: ${path} has no version`);
  return version;
}

/** First signal: graceful shutdown bounded by SHUTDOWN_GRACE_MS, then exit 0. A second signal forces it. */
function handleSignals(server: grpc.Server, readiness: Readiness, logger: Logger, ops: HttpServer | undefined): void {
  let stopping = false;
  const onSignal = (signal: NodeJS.Signals): void => {
    if (stopping) {
      logger.info('second signal: forcing shutdown', { signal });
      server.forceShutdown();
      return;
    }
    stopping = true;
    readiness.markDraining();
    logger.info('shutting down', { signal, graceMs: SHUTDOWN_GRACE_MS });
    void shutdown(server, SHUTDOWN_GRACE_MS).then((how) => {
      logger.info('stopped', { how });
      ops?.closeAllConnections();
      process.exit(0);
    });
  };
  process.on('SIGTERM', onSignal);
  process.on('SIGINT', onSignal);
}

/** Prints one line to stderr and sets the exit code; no stack trace. */
function fail(code: number, line: string): void {
  process.stderr.write(`${line}\n`);
  process.exitCode = code;
}

function oneLine(err: unknown): string {
  return (err instanceof Error ? err.message : String(err)).replace(/\s*\n\s*/g, ' ');
}

main().catch((err: unknown) => {
  fail(1, `function-guardrails: ${oneLine(err)}`);
});
