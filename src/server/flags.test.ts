import { describe, expect, it } from 'vitest';
import { DEFAULT_MAX_RECV_MESSAGE_SIZE, USAGE, parseFlags, type FlagsResult, type ServerFlags } from './flags.js';

const defaults: ServerFlags = {
  address: '0.0.0.0:9443',
  insecure: false,
  tlsServerCertsDir: '/tls/server',
  debug: false,
  maxRecvMessageSize: 64 * 1024 * 1024,
};

const run = (overrides: Partial<ServerFlags> = {}): FlagsResult => ({ kind: 'run', flags: { ...defaults, ...overrides } });
const error = (pattern: RegExp): FlagsResult => ({ kind: 'error', error: expect.stringMatching(pattern) as unknown as string });

interface Case {
  name: string;
  reason: string;
  argv: string[];
  env: Record<string, string | undefined>;
  want: FlagsResult;
}

const cases: Case[] = [
  { name: 'no flags', reason: 'defaults match what Crossplane expects of a function', argv: [], env: {}, want: run() },
  { name: 'insecure', reason: 'npm start -- --insecure serves plaintext for local development', argv: ['--insecure'], env: {}, want: run({ insecure: true }) },
  { name: 'address', reason: 'tests and local runs pick their own port', argv: ['--address', '127.0.0.1:1234'], env: {}, want: run({ address: '127.0.0.1:1234' }) },
  { name: 'address with =', reason: 'both --flag value and --flag=value are accepted', argv: ['--address=[::]:9443'], env: {}, want: run({ address: '[::]:9443' }) },
  { name: 'certs dir from env', reason: 'Crossplane sets TLS_SERVER_CERTS_DIR on the function Deployment', argv: [], env: { TLS_SERVER_CERTS_DIR: '/certs' }, want: run({ tlsServerCertsDir: '/certs' }) },
  { name: 'certs dir flag beats env', reason: 'an explicit flag wins', argv: ['--tls-server-certs-dir', '/flag'], env: { TLS_SERVER_CERTS_DIR: '/env' }, want: run({ tlsServerCertsDir: '/flag' }) },
  { name: 'empty env certs dir', reason: 'an empty variable counts as unset', argv: [], env: { TLS_SERVER_CERTS_DIR: '' }, want: run() },
  { name: 'debug', reason: 'debug logging is opt-in', argv: ['--debug'], env: {}, want: run({ debug: true }) },
  { name: 'debug short', reason: 'the Go SDK template accepts -d', argv: ['-d'], env: {}, want: run({ debug: true }) },
  { name: 'max recv size', reason: 'plain integer bytes', argv: ['--max-recv-message-size', '1048576'], env: {}, want: run({ maxRecvMessageSize: 1048576 }) },
  { name: 'help', reason: '--help shows usage instead of serving', argv: ['--insecure', '--help'], env: {}, want: { kind: 'help', usage: USAGE } },
  { name: 'unknown flag', reason: 'typos must not be silently ignored', argv: ['--insecur'], env: {}, want: { kind: 'error', error: 'unknown flag --insecur' } },
  { name: 'unknown short flag', reason: 'typos must not be silently ignored', argv: ['-x'], env: {}, want: { kind: 'error', error: 'unknown flag -x' } },
  { name: 'positional argument', reason: 'the server takes none', argv: ['serve'], env: {}, want: { kind: 'error', error: 'unexpected argument "serve"' } },
  { name: 'missing value', reason: 'a string flag needs a value', argv: ['--address'], env: {}, want: error(/--address.*missing/) },
  { name: 'value on a boolean', reason: 'booleans take no value', argv: ['--insecure=yes'], env: {}, want: error(/--insecure.*does not take an argument/) },
  { name: 'empty address', reason: 'would bind somewhere surprising', argv: ['--address', ''], env: {}, want: { kind: 'error', error: '--address must not be empty' } },
  { name: 'size with unit', reason: 'only plain bytes are accepted', argv: ['--max-recv-message-size', '64Mi'], env: {}, want: error(/--max-recv-message-size must be a whole number of bytes .* got "64Mi"/) },
  { name: 'size zero', reason: 'nothing could be received', argv: ['--max-recv-message-size', '0'], env: {}, want: error(/--max-recv-message-size/) },
  { name: 'size negative', reason: 'nonsense', argv: ['--max-recv-message-size=-5'], env: {}, want: error(/--max-recv-message-size/) },
  { name: 'size over int32', reason: 'gRPC options are 32-bit', argv: ['--max-recv-message-size', '2147483648'], env: {}, want: error(/--max-recv-message-size/) },
];

describe('parseFlags', () => {
  it.each(cases)('$name', ({ argv, env, want }) => {
    expect(parseFlags(argv, env)).toEqual(want);
  });

  it('defaults the message size to 64 MiB', () => {
    expect(DEFAULT_MAX_RECV_MESSAGE_SIZE).toBe(67108864);
  });
});
