import { describe, expect, it } from 'vitest';
import { DEFAULT_MAX_RECV_MESSAGE_SIZE, DEFAULT_MAX_RECV_MESSAGE_SIZE_MIB, USAGE, parseFlags, type FlagsResult, type ServerFlags } from './flags.js';

const MiB = 1024 * 1024;

const defaults: ServerFlags = {
  address: '0.0.0.0:9443',
  insecure: false,
  tlsServerCertsDir: '/tls/server',
  debug: false,
  maxRecvMessageSize: 16 * MiB,
  metrics: { host: '', port: 8080 },
  limits: { maxJsonDepth: 1000, maxResources: 25_000, deadlineMs: 30_000, celEvaluation: 50_000, celRequest: 500_000 },
};

const run = (overrides: Partial<ServerFlags> = {}): FlagsResult => ({ kind: 'run', flags: { ...defaults, ...overrides } });
const error = (message: string): FlagsResult => ({ kind: 'error', error: message });
const matching = (pattern: RegExp): FlagsResult => ({ kind: 'error', error: expect.stringMatching(pattern) as unknown as string });
const badSize = (source: string, value: string): FlagsResult =>
  error(`${source} must be a whole number of MiB between 1 and 2047 (the unit is MiB, as in Crossplane's function SDKs: 16 means 16 MiB), got "${value}"`);

interface Case {
  name: string;
  reason: string;
  argv: string[];
  env: Record<string, string | undefined>;
  want: FlagsResult;
}

const defaultsCases: Case[] = [
  { name: 'no flags', reason: 'defaults match what Crossplane expects of a function', argv: [], env: {}, want: run() },
  { name: 'unrelated environment', reason: 'only the SDK variables are read', argv: [], env: { HOME: '/root', PORT: '1234', TLS_CERTS_DIR: '/x' }, want: run() },
];

const flagCases: Case[] = [
  { name: 'insecure', reason: 'npm start -- --insecure serves plaintext for local development', argv: ['--insecure'], env: {}, want: run({ insecure: true }) },
  { name: 'address', reason: 'tests and local runs pick their own port', argv: ['--address', '127.0.0.1:1234'], env: {}, want: run({ address: '127.0.0.1:1234' }) },
  { name: 'address with =', reason: 'both --flag value and --flag=value are accepted', argv: ['--address=[::]:9443'], env: {}, want: run({ address: '[::]:9443' }) },
  { name: 'certs dir', reason: 'mTLS certificates from a chosen directory', argv: ['--tls-server-certs-dir', '/certs'], env: {}, want: run({ tlsServerCertsDir: '/certs' }) },
  { name: 'debug', reason: 'debug logging is opt-in', argv: ['--debug'], env: {}, want: run({ debug: true }) },
  { name: 'debug short', reason: 'the Go SDK template accepts -d', argv: ['-d'], env: {}, want: run({ debug: true }) },
];

const sizeCases: Case[] = [
  { name: 'size 8, SDK style', reason: 'the SDKs take MB: 8 means 8 MiB, not 8 bytes', argv: ['--max-recv-message-size=8'], env: {}, want: run({ maxRecvMessageSize: 8 * MiB }) },
  { name: 'size 4, the SDK default', reason: 'an SDK default copied over keeps its meaning', argv: ['--max-recv-message-size', '4'], env: {}, want: run({ maxRecvMessageSize: 4 * MiB }) },
  { name: 'size 1, the least', reason: 'the smallest whole MiB', argv: ['--max-recv-message-size', '1'], env: {}, want: run({ maxRecvMessageSize: MiB }) },
  { name: 'size 2047, the most', reason: 'the largest whole MiB a 32-bit gRPC option holds', argv: ['--max-recv-message-size', '2047'], env: {}, want: run({ maxRecvMessageSize: 2047 * MiB }) },
  { name: 'size with leading zero', reason: 'still a whole decimal number', argv: ['--max-recv-message-size', '08'], env: {}, want: run({ maxRecvMessageSize: 8 * MiB }) },
];

const envCases: Case[] = [
  { name: 'ADDRESS', reason: 'function-sdk-typescript reads ADDRESS', argv: [], env: { ADDRESS: '127.0.0.1:7000' }, want: run({ address: '127.0.0.1:7000' }) },
  { name: 'TLS_SERVER_CERTS_DIR', reason: 'Crossplane sets TLS_SERVER_CERTS_DIR on the function Deployment', argv: [], env: { TLS_SERVER_CERTS_DIR: '/certs' }, want: run({ tlsServerCertsDir: '/certs' }) },
  { name: 'MAX_RECV_MESSAGE_SIZE', reason: 'function-sdk-typescript reads MAX_RECV_MESSAGE_SIZE, in MB', argv: [], env: { MAX_RECV_MESSAGE_SIZE: '32' }, want: run({ maxRecvMessageSize: 32 * MiB }) },
  { name: 'INSECURE=true', reason: 'the SDK turns a boolean on with "true"', argv: [], env: { INSECURE: 'true' }, want: run({ insecure: true }) },
  { name: 'INSECURE=TRUE', reason: 'the SDK compares case-insensitively', argv: [], env: { INSECURE: 'TRUE' }, want: run({ insecure: true }) },
  { name: 'INSECURE=1', reason: 'the SDK turns a boolean on with "1"', argv: [], env: { INSECURE: '1' }, want: run({ insecure: true }) },
  { name: 'INSECURE=false', reason: 'anything else is off', argv: [], env: { INSECURE: 'false' }, want: run() },
  { name: 'INSECURE=0', reason: 'anything else is off', argv: [], env: { INSECURE: '0' }, want: run() },
  { name: 'INSECURE=yes', reason: 'the SDK does not know "yes": off, which keeps mTLS', argv: [], env: { INSECURE: 'yes' }, want: run() },
  { name: 'INSECURE=" true"', reason: 'no trimming, as in the SDK: off', argv: [], env: { INSECURE: ' true' }, want: run() },
  { name: 'DEBUG=True', reason: 'the SDK compares case-insensitively', argv: [], env: { DEBUG: 'True' }, want: run({ debug: true }) },
  { name: 'DEBUG=1', reason: 'the SDK turns a boolean on with "1"', argv: [], env: { DEBUG: '1' }, want: run({ debug: true }) },
  { name: 'DEBUG=express:*', reason: 'the debug package\'s DEBUG syntax is off here, not an error', argv: [], env: { DEBUG: 'express:*' }, want: run() },
  {
    name: 'all variables at once',
    reason: 'each variable sets its own flag',
    argv: [],
    env: { ADDRESS: '127.0.0.1:7000', INSECURE: '1', TLS_SERVER_CERTS_DIR: '/certs', MAX_RECV_MESSAGE_SIZE: '8', DEBUG: 'true' },
    want: run({ address: '127.0.0.1:7000', insecure: true, tlsServerCertsDir: '/certs', maxRecvMessageSize: 8 * MiB, debug: true }),
  },
];

const emptyEnvCases: Case[] = [
  {
    name: 'every variable empty',
    reason: 'an empty variable counts as unset, as Kubernetes writes `value: ""`',
    argv: [],
    env: { ADDRESS: '', INSECURE: '', TLS_SERVER_CERTS_DIR: '', MAX_RECV_MESSAGE_SIZE: '', DEBUG: '' },
    want: run(),
  },
];

const precedenceCases: Case[] = [
  { name: 'address flag beats ADDRESS', reason: 'an explicit flag wins', argv: ['--address', '127.0.0.1:1'], env: { ADDRESS: '127.0.0.1:2' }, want: run({ address: '127.0.0.1:1' }) },
  { name: 'certs dir flag beats env', reason: 'an explicit flag wins', argv: ['--tls-server-certs-dir', '/flag'], env: { TLS_SERVER_CERTS_DIR: '/env' }, want: run({ tlsServerCertsDir: '/flag' }) },
  { name: 'size flag beats env', reason: 'an explicit flag wins', argv: ['--max-recv-message-size', '8'], env: { MAX_RECV_MESSAGE_SIZE: '64' }, want: run({ maxRecvMessageSize: 8 * MiB }) },
  { name: 'good size flag hides a bad env', reason: 'the variable is not read when the flag is given', argv: ['--max-recv-message-size', '8'], env: { MAX_RECV_MESSAGE_SIZE: 'lots' }, want: run({ maxRecvMessageSize: 8 * MiB }) },
  { name: '--insecure beats INSECURE=false', reason: 'a boolean flag given is on whatever the variable says', argv: ['--insecure'], env: { INSECURE: 'false' }, want: run({ insecure: true }) },
  { name: '--debug beats DEBUG=0', reason: 'a boolean flag given is on whatever the variable says', argv: ['--debug'], env: { DEBUG: '0' }, want: run({ debug: true }) },
];

const helpAndVersionCases: Case[] = [
  { name: 'help', reason: '--help shows usage instead of serving', argv: ['--insecure', '--help'], env: {}, want: { kind: 'help', usage: USAGE } },
  { name: 'help short', reason: '-h is --help', argv: ['-h'], env: {}, want: { kind: 'help', usage: USAGE } },
  { name: 'version', reason: '--version prints the version instead of serving', argv: ['--version'], env: {}, want: { kind: 'version' } },
  { name: 'version with other flags', reason: '--version wins over serving flags', argv: ['--insecure', '--version'], env: {}, want: { kind: 'version' } },
  { name: 'version with a bad size', reason: '--version answers before values are checked', argv: ['--version', '--max-recv-message-size=0'], env: {}, want: { kind: 'version' } },
  { name: 'help beats version', reason: 'asking for help gets help', argv: ['--version', '--help'], env: {}, want: { kind: 'help', usage: USAGE } },
];

const badCases: Case[] = [
  { name: 'unknown flag', reason: 'typos must not be silently ignored', argv: ['--insecur'], env: {}, want: error('unknown flag --insecur') },
  { name: 'unknown short flag', reason: 'typos must not be silently ignored', argv: ['-x'], env: {}, want: error('unknown flag -x') },
  { name: 'no -v for version', reason: 'only --version prints the version', argv: ['-v'], env: {}, want: error('unknown flag -v') },
  { name: 'positional argument', reason: 'the server takes none', argv: ['serve'], env: {}, want: error('unexpected argument "serve"') },
  { name: 'missing value', reason: 'a string flag needs a value', argv: ['--address'], env: {}, want: matching(/--address.*missing/) },
  { name: 'value on a boolean', reason: 'booleans take no value on the command line', argv: ['--insecure=yes'], env: {}, want: matching(/--insecure.*does not take an argument/) },
  { name: 'empty address', reason: 'would bind somewhere surprising', argv: ['--address', ''], env: {}, want: error('--address must not be empty') },
  { name: 'blank ADDRESS', reason: 'the variable is named in the message', argv: [], env: { ADDRESS: '  ' }, want: error('ADDRESS must not be empty') },
  { name: 'empty certs dir flag', reason: 'an explicit empty directory is a mistake', argv: ['--tls-server-certs-dir', ''], env: {}, want: error('--tls-server-certs-dir must not be empty') },
  { name: 'size in bytes', reason: 'the old unit: 64 MiB in bytes would be 64 TiB, refused rather than obeyed', argv: ['--max-recv-message-size', '67108864'], env: {}, want: badSize('--max-recv-message-size', '67108864') },
  { name: 'size with unit', reason: 'only a plain number of MiB', argv: ['--max-recv-message-size', '64Mi'], env: {}, want: badSize('--max-recv-message-size', '64Mi') },
  { name: 'size with MB', reason: 'only a plain number of MiB', argv: ['--max-recv-message-size', '8MB'], env: {}, want: badSize('--max-recv-message-size', '8MB') },
  { name: 'size fractional', reason: 'whole MiB only (the SDK would silently take 8 of 8.5)', argv: ['--max-recv-message-size', '8.5'], env: {}, want: badSize('--max-recv-message-size', '8.5') },
  { name: 'size zero', reason: 'nothing could be received', argv: ['--max-recv-message-size', '0'], env: {}, want: badSize('--max-recv-message-size', '0') },
  { name: 'size negative', reason: 'nonsense', argv: ['--max-recv-message-size=-5'], env: {}, want: badSize('--max-recv-message-size', '-5') },
  { name: 'size with sign', reason: 'a plain number, no sign', argv: ['--max-recv-message-size=+8'], env: {}, want: badSize('--max-recv-message-size', '+8') },
  { name: 'size 2048', reason: '2048 MiB is 2^31 bytes, past gRPC\'s 32-bit options', argv: ['--max-recv-message-size', '2048'], env: {}, want: badSize('--max-recv-message-size', '2048') },
  { name: 'size empty flag', reason: 'an explicit empty value is a mistake', argv: ['--max-recv-message-size='], env: {}, want: badSize('--max-recv-message-size', '') },
  { name: 'size hex', reason: 'decimal only', argv: ['--max-recv-message-size', '0x10'], env: {}, want: badSize('--max-recv-message-size', '0x10') },
  { name: 'bad MAX_RECV_MESSAGE_SIZE', reason: 'a bad variable stops the server, named in the message (the SDK would fall back to 4)', argv: [], env: { MAX_RECV_MESSAGE_SIZE: '4194304' }, want: badSize('MAX_RECV_MESSAGE_SIZE', '4194304') },
  { name: 'MAX_RECV_MESSAGE_SIZE with spaces', reason: 'no trimming', argv: [], env: { MAX_RECV_MESSAGE_SIZE: ' 8' }, want: badSize('MAX_RECV_MESSAGE_SIZE', ' 8') },
];

const metricsCases: Case[] = [
  { name: 'metrics on :8080 by default', reason: 'every interface, the port Prometheus scrapes', argv: [], env: {}, want: run() },
  { name: 'a host and port', reason: 'bind one interface', argv: ['--metrics-address', '127.0.0.1:9090'], env: {}, want: run({ metrics: { host: '127.0.0.1', port: 9090 } }) },
  { name: 'an IPv6 host', reason: 'brackets, as in a URL', argv: ['--metrics-address=[::1]:9090'], env: {}, want: run({ metrics: { host: '::1', port: 9090 } }) },
  { name: 'METRICS_ADDRESS', reason: 'the variable beside the flag', argv: [], env: { METRICS_ADDRESS: ':9100' }, want: run({ metrics: { host: '', port: 9100 } }) },
  { name: 'an empty flag turns metrics off', reason: 'the issue: off with an empty value', argv: ['--metrics-address='], env: {}, want: run({ metrics: undefined }) },
  { name: 'an empty METRICS_ADDRESS turns metrics off', reason: 'the one variable where empty is a value: off', argv: [], env: { METRICS_ADDRESS: '' }, want: run({ metrics: undefined }) },
  { name: 'the flag wins over an empty variable', reason: 'precedence as for every flag', argv: ['--metrics-address', ':9100'], env: { METRICS_ADDRESS: '' }, want: run({ metrics: { host: '', port: 9100 } }) },
  { name: 'no port', reason: 'a host alone is no address', argv: ['--metrics-address', 'localhost'], env: {}, want: error('--metrics-address must be host:port, :port or [ipv6]:port, got "localhost"') },
  { name: 'a port past 65535', reason: 'ports are 16 bits', argv: [], env: { METRICS_ADDRESS: ':70000' }, want: error('METRICS_ADDRESS must be host:port, :port or [ipv6]:port, got ":70000"') },
];

const limitCases: Case[] = [
  { name: 'a lower depth', reason: 'the platform may bound nesting tighter', argv: ['--max-json-depth', '64'], env: {}, want: run({ limits: { ...defaults.limits, maxJsonDepth: 64 } }) },
  { name: 'MAX_RESOURCES', reason: 'each limit has its variable', argv: [], env: { MAX_RESOURCES: '500' }, want: run({ limits: { ...defaults.limits, maxResources: 500 } }) },
  { name: 'a deadline', reason: 'in ms', argv: ['--request-deadline', '2500'], env: {}, want: run({ limits: { ...defaults.limits, deadlineMs: 2500 } }) },
  { name: 'CEL budgets', reason: 'per evaluation and per request', argv: ['--cel-evaluation-budget', '10', '--cel-request-budget', '100'], env: {}, want: run({ limits: { ...defaults.limits, celEvaluation: 10, celRequest: 100 } }) },
  { name: 'a depth past the decoder\'s', reason: 'raising it past 1000 would outgrow the encoder and the engine', argv: ['--max-json-depth', '1001'], env: {}, want: error('--max-json-depth must be a whole number of levels from 1 to 1000, got "1001"') },
  { name: 'no resources', reason: 'zero would refuse every request', argv: [], env: { MAX_RESOURCES: '0' }, want: error('MAX_RESOURCES must be a whole number of resources from 1 to 1000000, got "0"') },
  { name: 'a deadline with a unit', reason: 'ms, a number only', argv: ['--request-deadline', '10s'], env: {}, want: error('--request-deadline must be a whole number of ms from 10 to 600000, got "10s"') },
];

describe('parseFlags', () => {
  describe.each([
    { group: 'defaults', cases: defaultsCases },
    { group: 'flags', cases: flagCases },
    { group: 'message size in MiB', cases: sizeCases },
    { group: 'environment variables', cases: envCases },
    { group: 'empty environment variables', cases: emptyEnvCases },
    { group: 'flag over variable', cases: precedenceCases },
    { group: 'help and version', cases: helpAndVersionCases },
    { group: 'bad values', cases: badCases },
    { group: 'metrics address', cases: metricsCases },
    { group: 'limits', cases: limitCases },
  ])('$group', ({ cases }) => {
    it.each(cases)('$name', ({ argv, env, want }) => {
      expect(parseFlags(argv, env)).toEqual(want);
    });
  });

  it('defaults the message size to 16 MiB', () => {
    expect([DEFAULT_MAX_RECV_MESSAGE_SIZE_MIB, DEFAULT_MAX_RECV_MESSAGE_SIZE]).toEqual([16, 16 * MiB]);
  });
});

describe('USAGE', () => {
  it.each([
    { name: 'ADDRESS', reason: 'each variable is documented beside its flag', line: /--address .*\[ADDRESS\]/ },
    { name: 'INSECURE', reason: 'each variable is documented beside its flag', line: /--insecure .*\[INSECURE\]/ },
    { name: 'TLS_SERVER_CERTS_DIR', reason: 'each variable is documented beside its flag', line: /\[TLS_SERVER_CERTS_DIR\]/ },
    { name: 'MAX_RECV_MESSAGE_SIZE', reason: 'each variable is documented beside its flag', line: /\(default 16\)\. \[MAX_RECV_MESSAGE_SIZE\]/ },
    { name: 'METRICS_ADDRESS', reason: 'each variable is documented beside its flag', line: /\[METRICS_ADDRESS\]/ },
    { name: 'DEBUG', reason: 'each variable is documented beside its flag', line: /--debug .*\[DEBUG\]/ },
    { name: 'unit', reason: 'the unit of the size is stated', line: /--max-recv-message-size <MiB> +Largest message accepted or sent, in MiB/ },
    { name: 'booleans', reason: 'how a boolean variable is read is stated', line: /^INSECURE and DEBUG are on when set to "true" \(in any case\) or "1", off otherwise\.$/m },
    { name: 'precedence', reason: 'which of flag and variable wins is stated', line: /the flag wins, and an empty variable counts as unset/ },
    { name: 'version', reason: '--version is listed', line: /--version +Print the version and exit\./ },
  ])('states $name', ({ line }) => {
    expect(USAGE).toMatch(line);
  });
});
