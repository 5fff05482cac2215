/**
 * Command-line flags and environment variables of the function server, as
 * Crossplane's function SDKs define them: --address, --insecure,
 * --tls-server-certs-dir, --max-recv-message-size (in MiB), --debug, each
 * also read from an environment variable, the flag winning. Sources:
 * function-template-go main.go (MaxRecvMessageSize "in MB", default 4,
 * multiplied by 1024*1024) and function-sdk-typescript src/cli/cli.ts (the
 * variable names, "1"/"true" booleans, flag > variable > default; newer than
 * the SDK 0.7.0 this package depends on, whose serve() reads no variables).
 * Parsing is pure: main.ts decides what to print and how to exit.
 */
import { parseArgs } from 'node:util';

export const DEFAULT_ADDRESS = '0.0.0.0:9443';
/** Prometheus metrics, /healthz and /readyz: every interface, port 8080 (Crossplane's function runtime leaves it free). */
export const DEFAULT_METRICS_ADDRESS = ':8080';
/** Where Crossplane's package manager mounts the function's TLS Secret. */
export const DEFAULT_TLS_SERVER_CERTS_DIR = '/tls/server';

/** The unit of --max-recv-message-size: the SDKs' "MB" is value * 1024 * 1024 bytes. */
export const MIB = 1024 * 1024;
/**
 * 16 MiB, not the SDKs' 4. Crossplane accepts a response of at most 4 MiB
 * from any function (crossplane internal/xfn/function_runner.go dials with
 * no call options, so grpc-go's 4 MiB client receive default holds, and its
 * send is unlimited), so the desired state and context that reach this
 * function, last in the pipeline, fit in 4 MiB; the request adds the
 * observed state (about as large again, with status), the Input and the
 * required resources (the approval store). 16 MiB is room for all of that,
 * and still bounds the memory one request can take.
 */
export const DEFAULT_MAX_RECV_MESSAGE_SIZE_MIB = 16;
/** DEFAULT_MAX_RECV_MESSAGE_SIZE_MIB in bytes, what createServer takes. */
export const DEFAULT_MAX_RECV_MESSAGE_SIZE = DEFAULT_MAX_RECV_MESSAGE_SIZE_MIB * MIB;
/** gRPC message size options are 32-bit signed integers: 2047 MiB is the most that fits. */
const MAX_MESSAGE_SIZE_MIB = Math.floor((2 ** 31 - 1) / MIB);

export interface ServerFlags {
  /** host:port to listen on. */
  address: string;
  /** Serve plaintext instead of mTLS (local development only). */
  insecure: boolean;
  /** Directory holding tls.crt, tls.key and ca.crt. */
  tlsServerCertsDir: string;
  /** Emit debug log lines. */
  debug: boolean;
  /** Largest request accepted (and response sent), in bytes; given in MiB. */
  maxRecvMessageSize: number;
  /** Where to serve /metrics, /healthz and /readyz; undefined: not served. */
  metrics?: { host: string; port: number } | undefined;
  /** Bounds on the work of each request. */
  limits: RequestLimits;
}

/** Bounds on the work of each request, beyond its size in bytes. */
export interface RequestLimits {
  /** Deepest JSON nesting decoded, 1 to 1000. */
  maxJsonDepth: number;
  /** Most composed resources, desired or observed. */
  maxResources: number;
  /** Longest an evaluation may run, in ms. */
  deadlineMs: number;
  /** CEL comprehension steps per custom rule evaluation, and per request. */
  celEvaluation: number;
  celRequest: number;
}

/** The bounds, their flags and variables, defaults and ranges: one table for parsing, --help and the README. */
export const LIMIT_FLAGS = [
  { key: 'maxJsonDepth', flag: '--max-json-depth', env: 'MAX_JSON_DEPTH', default: 1000, min: 1, max: 1000, unit: 'levels', help: 'Deepest JSON nesting (objects and lists) decoded in a request' },
  { key: 'maxResources', flag: '--max-resources', env: 'MAX_RESOURCES', default: 25_000, min: 1, max: 1_000_000, unit: 'resources', help: 'Most composed resources, desired or observed, in a request' },
  { key: 'deadlineMs', flag: '--request-deadline', env: 'REQUEST_DEADLINE', default: 30_000, min: 10, max: 600_000, unit: 'ms', help: 'Longest one evaluation may run; past it the request is refused' },
  { key: 'celEvaluation', flag: '--cel-evaluation-budget', env: 'CEL_EVALUATION_BUDGET', default: 50_000, min: 1, max: 100_000_000, unit: 'steps', help: 'CEL comprehension steps one custom rule evaluation may take' },
  { key: 'celRequest', flag: '--cel-request-budget', env: 'CEL_REQUEST_BUDGET', default: 500_000, min: 1, max: 1_000_000_000, unit: 'steps', help: 'CEL comprehension steps all custom rules may take in one request' },
] as const satisfies readonly { key: keyof RequestLimits; flag: string; env: string; default: number; min: number; max: number; unit: string; help: string }[];

export type FlagsResult =
  | { kind: 'run'; flags: ServerFlags }
  | { kind: 'help'; usage: string }
  | { kind: 'version' }
  | { kind: 'error'; error: string };

/** The environment variable each flag falls back to, as function-sdk-typescript names them. */
export const ENV = {
  address: 'ADDRESS',
  insecure: 'INSECURE',
  tlsServerCertsDir: 'TLS_SERVER_CERTS_DIR',
  maxRecvMessageSize: 'MAX_RECV_MESSAGE_SIZE',
  debug: 'DEBUG',
  metricsAddress: 'METRICS_ADDRESS',
} as const;

export const USAGE = `Usage: function-guardrails [flags]

Serves the function-guardrails Crossplane composition function over gRPC.

Flags (each but --version and --help also read from the environment variable in
brackets; the flag wins, and an empty variable counts as unset):
  --address <host:port>           Address to listen on (default ${DEFAULT_ADDRESS}). [${ENV.address}]
  --insecure                      Serve plaintext, without mutual TLS. Local development only. [${ENV.insecure}]
  --tls-server-certs-dir <dir>    Directory with tls.crt, tls.key and ca.crt; client certificates
                                  signed by ca.crt are required (default ${DEFAULT_TLS_SERVER_CERTS_DIR}).
                                  Crossplane sets ${ENV.tlsServerCertsDir}. [${ENV.tlsServerCertsDir}]
  --max-recv-message-size <MiB>   Largest message accepted or sent, in MiB (1024 * 1024 bytes, what
                                  Crossplane's function SDKs call MB), 1 to ${MAX_MESSAGE_SIZE_MIB}
                                  (default ${DEFAULT_MAX_RECV_MESSAGE_SIZE_MIB}). [${ENV.maxRecvMessageSize}]
                                  ${DEFAULT_MAX_RECV_MESSAGE_SIZE_MIB}, not the SDKs' 4: Crossplane accepts a response of at most
                                  4 MiB from each function, and this one, last in the pipeline,
                                  receives that desired state and context plus the observed state,
                                  the Input and the required resources in one message.
  --metrics-address <host:port>   Serve Prometheus /metrics, /healthz and /readyz over HTTP here
                                  (default ${DEFAULT_METRICS_ADDRESS}: every interface); an empty value, flag
                                  (--metrics-address=) or variable, turns it off. [${ENV.metricsAddress}]
${LIMIT_FLAGS.map((l) => `  ${`${l.flag} <${l.unit}>`.padEnd(32)}${l.help}, ${l.min} to ${l.max} (default ${l.default}). [${l.env}]`).join('\n')}
  -d, --debug                     Emit debug log lines. [${ENV.debug}]
  --version                       Print the version and exit.
  -h, --help                      Show this help and exit.

${ENV.insecure} and ${ENV.debug} are on when set to "true" (in any case) or "1", off otherwise.
`;

const OPTIONS = {
  address: { type: 'string' },
  insecure: { type: 'boolean' },
  'tls-server-certs-dir': { type: 'string' },
  'max-recv-message-size': { type: 'string' },
  'metrics-address': { type: 'string' },
  'max-json-depth': { type: 'string' },
  'max-resources': { type: 'string' },
  'request-deadline': { type: 'string' },
  'cel-evaluation-budget': { type: 'string' },
  'cel-request-budget': { type: 'string' },
  debug: { type: 'boolean', short: 'd' },
  version: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;

type Env = Readonly<Record<string, string | undefined>>;

/**
 * Parses argv (without the node and script entries) and the environment
 * variables in ENV. A flag wins over its variable; an empty variable counts
 * as unset. --help, then --version, win over everything else. Never throws.
 */
export function parseFlags(argv: readonly string[], env: Env): FlagsResult {
  let values;
  try {
    ({ values } = parseArgs({ args: [...argv], options: OPTIONS, strict: true, allowPositionals: false }));
  } catch (err) {
    return { kind: 'error', error: describeParseError(err) };
  }
  if (values.help) return { kind: 'help', usage: USAGE };
  if (values.version) return { kind: 'version' };

  const address = fromFlagOrEnv(values.address, '--address', env, ENV.address) ?? { value: DEFAULT_ADDRESS, source: '--address' };
  if (address.value.trim() === '') return { kind: 'error', error: `${address.source} must not be empty` };

  const size = parseMessageSize(fromFlagOrEnv(values['max-recv-message-size'], '--max-recv-message-size', env, ENV.maxRecvMessageSize));
  if (typeof size === 'string') return { kind: 'error', error: size };

  const dir = fromFlagOrEnv(values['tls-server-certs-dir'], '--tls-server-certs-dir', env, ENV.tlsServerCertsDir);
  if (dir?.value === '') return { kind: 'error', error: `${dir.source} must not be empty` };

  const metrics = parseMetricsAddress(fromFlagOrEnv(values['metrics-address'], '--metrics-address', env, ENV.metricsAddress), values['metrics-address'] === '' || (values['metrics-address'] === undefined && env[ENV.metricsAddress] === ''));
  if (typeof metrics === 'string') return { kind: 'error', error: metrics };

  const limits: Partial<RequestLimits> = {};
  for (const l of LIMIT_FLAGS) {
    const raw = fromFlagOrEnv(values[l.flag.slice(2) as keyof typeof values] as string | undefined, l.flag, env, l.env);
    const n = raw === undefined ? l.default : /^\d+$/.test(raw.value) ? Number(raw.value) : NaN;
    if (!Number.isSafeInteger(n) || n < l.min || n > l.max) return { kind: 'error', error: `${raw?.source ?? l.flag} must be a whole number of ${l.unit} from ${l.min} to ${l.max}, got "${raw?.value}"` };
    limits[l.key] = n;
  }

  return {
    kind: 'run',
    flags: {
      address: address.value,
      insecure: values.insecure ?? envBoolean(env, ENV.insecure),
      tlsServerCertsDir: dir?.value ?? DEFAULT_TLS_SERVER_CERTS_DIR,
      debug: values.debug ?? envBoolean(env, ENV.debug),
      maxRecvMessageSize: size,
      metrics,
      limits: limits as RequestLimits,
    },
  };
}

/** A value and where it came from (the flag or the variable), for error messages. */
interface Sourced {
  value: string;
  source: string;
}

function fromFlagOrEnv(flag: string | undefined, flagName: string, env: Env, variable: string): Sourced | undefined {
  if (flag !== undefined) return { value: flag, source: flagName };
  const value = env[variable];
  return value === undefined || value === '' ? undefined : { value, source: variable };
}

/** As function-sdk-typescript reads a boolean variable: "1" or "true" in any case is on, anything else off. */
function envBoolean(env: Env, variable: string): boolean {
  const value = env[variable];
  return value === '1' || value?.toLowerCase() === 'true';
}

/** Returns the size in bytes, or an error message naming where the bad value came from. */
function parseMessageSize(raw: Sourced | undefined): number | string {
  if (raw === undefined) return DEFAULT_MAX_RECV_MESSAGE_SIZE;
  const mib = /^\d+$/.test(raw.value) ? Number(raw.value) : NaN;
  if (!Number.isSafeInteger(mib) || mib < 1 || mib > MAX_MESSAGE_SIZE_MIB) {
    return `${raw.source} must be a whole number of MiB between 1 and ${MAX_MESSAGE_SIZE_MIB} (the unit is MiB, as in Crossplane's function SDKs: 16 means 16 MiB), got "${raw.value}"`;
  }
  return mib * MIB;
}

/** `host:port`, `:port` or `[v6]:port`; off (undefined) when the flag was given empty. */
function parseMetricsAddress(raw: Sourced | undefined, off: boolean): { host: string; port: number } | undefined | string {
  if (off) return undefined;
  const value = raw?.value ?? DEFAULT_METRICS_ADDRESS;
  const m = /^(?:\[([0-9a-fA-F:.]+)\]|([^:[\]]*)):(\d{1,5})$/.exec(value);
  const port = m === null ? NaN : Number(m[3]);
  if (m === null || port > 65535) return `${raw?.source ?? '--metrics-address'} must be host:port, :port or [ipv6]:port, got "${value}"`;
  return { host: m[1] ?? m[2] ?? '', port };
}

/** Shortens node:util parseArgs errors to one line. */
function describeParseError(err: unknown): string {
  const code = (err as { code?: unknown }).code;
  const message = err instanceof Error ? err.message : String(err);
  const quoted = /'([^']+)'/.exec(message)?.[1];
  if (code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION' && quoted !== undefined) return `unknown flag ${quoted}`;
  if (code === 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL' && quoted !== undefined) return `unexpected argument "${quoted}"`;
  return message.split('\n')[0] ?? message;
}
