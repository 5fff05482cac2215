/**
 * Command-line flags of the function server, following the conventions of
 * Crossplane's function SDKs (--address, --insecure, --tls-server-certs-dir,
 * --debug). Parsing is pure: main.ts decides what to print and how to exit.
 */
import { parseArgs } from 'node:util';

export const DEFAULT_ADDRESS = '0.0.0.0:9443';
/** Where Crossplane's package manager mounts the function's TLS Secret. */
export const DEFAULT_TLS_SERVER_CERTS_DIR = '/tls/server';
/** 64 MiB: composite resources with many large composed resources exceed gRPC's 4 MiB default. */
export const DEFAULT_MAX_RECV_MESSAGE_SIZE = 64 * 1024 * 1024;
/** gRPC message size options are 32-bit signed integers. */
const MAX_MESSAGE_SIZE = 2 ** 31 - 1;

export interface ServerFlags {
  /** host:port to listen on. */
  address: string;
  /** Serve plaintext instead of mTLS (local development only). */
  insecure: boolean;
  /** Directory holding tls.crt, tls.key and ca.crt. */
  tlsServerCertsDir: string;
  /** Emit debug log lines. */
  debug: boolean;
  /** Largest request (and response) accepted, in bytes. */
  maxRecvMessageSize: number;
}

export type FlagsResult =
  | { kind: 'run'; flags: ServerFlags }
  | { kind: 'help'; usage: string }
  | { kind: 'error'; error: string };

export const USAGE = `Usage: function-guardrails [flags]

Serves the function-guardrails Crossplane composition function over gRPC.

Flags:
  --address <host:port>             Address to listen on (default ${DEFAULT_ADDRESS}).
  --insecure                        Serve plaintext, without mutual TLS. Local development only.
  --tls-server-certs-dir <dir>      Directory with tls.crt, tls.key and ca.crt; client certificates
                                    signed by ca.crt are required (default $TLS_SERVER_CERTS_DIR,
                                    else ${DEFAULT_TLS_SERVER_CERTS_DIR}).
  --max-recv-message-size <bytes>   Largest message accepted or sent, in bytes (default ${DEFAULT_MAX_RECV_MESSAGE_SIZE}).
  -d, --debug                       Emit debug log lines.
  -h, --help                        Show this help.
`;

const OPTIONS = {
  address: { type: 'string' },
  insecure: { type: 'boolean' },
  'tls-server-certs-dir': { type: 'string' },
  'max-recv-message-size': { type: 'string' },
  debug: { type: 'boolean', short: 'd' },
  help: { type: 'boolean', short: 'h' },
} as const;

/**
 * Parses argv (without the node and script entries) and the environment
 * (only TLS_SERVER_CERTS_DIR is read; empty counts as unset). Never throws.
 */
export function parseFlags(argv: readonly string[], env: Readonly<Record<string, string | undefined>>): FlagsResult {
  let values;
  try {
    ({ values } = parseArgs({ args: [...argv], options: OPTIONS, strict: true, allowPositionals: false }));
  } catch (err) {
    return { kind: 'error', error: describeParseError(err) };
  }
  if (values.help) return { kind: 'help', usage: USAGE };

  const address = values.address ?? DEFAULT_ADDRESS;
  if (address.trim() === '') return { kind: 'error', error: '--address must not be empty' };

  const size = parseMessageSize(values['max-recv-message-size']);
  if (typeof size === 'string') return { kind: 'error', error: size };

  const dir = values['tls-server-certs-dir'] ?? nonEmpty(env['TLS_SERVER_CERTS_DIR']) ?? DEFAULT_TLS_SERVER_CERTS_DIR;
  if (dir === '') return { kind: 'error', error: '--tls-server-certs-dir must not be empty' };

  return {
    kind: 'run',
    flags: {
      address,
      insecure: values.insecure ?? false,
      tlsServerCertsDir: dir,
      debug: values.debug ?? false,
      maxRecvMessageSize: size,
    },
  };
}

/** Returns the size in bytes, or an error message. */
function parseMessageSize(raw: string | undefined): number | string {
  if (raw === undefined) return DEFAULT_MAX_RECV_MESSAGE_SIZE;
  const size = /^\d+$/.test(raw) ? Number(raw) : NaN;
  if (!Number.isSafeInteger(size) || size < 1 || size > MAX_MESSAGE_SIZE) {
    return `--max-recv-message-size must be a whole number of bytes between 1 and ${MAX_MESSAGE_SIZE}, got "${raw}"`;
  }
  return size;
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value === '' ? undefined : value;
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
