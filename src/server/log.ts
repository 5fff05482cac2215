/**
 * A tiny JSON-lines logger: one JSON object per line on stderr, e.g.
 * {"time":"…","level":"info","msg":"serving","address":"0.0.0.0:9443"}.
 * Debug lines are dropped unless enabled (--debug). No dependency on purpose.
 */

export type LogFields = Record<string, unknown>;

export interface Logger {
  info(msg: string, fields?: LogFields): void;
  debug(msg: string, fields?: LogFields): void;
  error(msg: string, fields?: LogFields): void;
  /** Whether debug lines are written: callers skip building fields nobody will read. */
  readonly debugging: boolean;
}

export interface LoggerOptions {
  /** Emit debug lines. */
  debug: boolean;
  /** Receives each complete line, newline included; defaults to process.stderr. */
  write?: (line: string) => void;
  /** Clock, for tests. */
  now?: () => Date;
}

/** Creates a logger writing JSON lines; error and info always, debug only when enabled. */
export function createLogger(options: LoggerOptions): Logger {
  const write = options.write ?? ((line: string) => void process.stderr.write(line));
  const now = options.now ?? (() => new Date());
  const emit = (level: string, msg: string, fields?: LogFields): void => {
    write(`${formatLine({ time: now().toISOString(), level, msg, ...fields })}\n`);
  };
  return {
    info: (msg, fields) => emit('info', msg, fields),
    debug: (msg, fields) => {
      if (options.debug) emit('debug', msg, fields);
    },
    error: (msg, fields) => emit('error', msg, fields),
    debugging: options.debug,
  };
}

/** A logger that discards everything (tests). */
export const silentLogger: Logger = { info: () => {}, debug: () => {}, error: () => {}, debugging: false };

/** JSON-encodes a record; Errors become their message, unencodable values a placeholder. */
function formatLine(record: LogFields): string {
  const replacer = (_key: string, value: unknown): unknown => {
    if (value instanceof Error) return value.message;
    if (typeof value === 'bigint') return value.toString();
    return value;
  };
  try {
    return JSON.stringify(record, replacer);
  } catch {
    return JSON.stringify({ time: record['time'], level: record['level'], msg: record['msg'], logError: 'unserializable fields' });
  }
}
