/**
 * The command line: `function-guardrails check|rules|explain|lint|mcp`.
 * The same engine as the function, with no server in between.
 *
 * Exit codes: 0 compliant (after what would be injected); 1 refused or
 * approval required (lint: problems found); 2 usage or input error, with one
 * message that names the file and, for YAML, the line — never a stack trace.
 */
import { readFileSync, statSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { InputError, MAX_INPUT_BYTES, parseStream, type Doc } from '../precheck/documents.js';
import { lintComposition } from './lint.js';
import { checkDocuments } from '../precheck/report.js';
import type { Sources } from '../precheck/request.js';
import { explainRule, listRules, renderRule, renderRules, similarRules } from '../precheck/rules.js';
import { renderSarif } from './sarif.js';
import { renderText } from './text.js';

export interface Io {
  stdin: AsyncIterable<Buffer | string>;
  stdout: { write(s: string): unknown; isTTY?: boolean };
  stderr: { write(s: string): unknown };
  env: NodeJS.ProcessEnv;
  /** The package version, for SARIF's tool and the MCP server. */
  version: () => string;
  /** The clock, in ms since the epoch (exception expiry). */
  now: () => number;
}

export const USAGE = `Usage:
  function-guardrails check [--input F] [--xr F] [--observed F] [--approvals F] [--output text|json|sarif] FILE...|-
      Check Kubernetes objects (YAML or JSON streams, crossplane render output as is; - reads standard input)
      as the function would: exit 0 compliant (after what it would inject), 1 refused or approval required,
      2 usage or input error.
      --input F      a Guardrails input, or a Composition (its guardrails step's input); default: the baseline
      --xr F         the XR; default: the first document that is not a composed resource, or a placeholder
      --observed F   the observed composed resources, named as the resources are
      --approvals F  approval ConfigMaps; without them, what needs approval is held
  function-guardrails rules [--output text|json]     list the built-in rules
  function-guardrails explain RULE [--output text|json]   one rule: parameters, defaults, references, an example
  function-guardrails lint COMPOSITION               check that guardrails runs last and its input validates
  function-guardrails mcp                            serve the Model Context Protocol on standard input/output
  function-guardrails [server flags]                 serve the function over gRPC (see --help)
`;

class UsageError extends Error {}

export async function runCli(argv: readonly string[], io: Io): Promise<number> {
  try {
    const [command, ...args] = argv;
    switch (command) {
      case 'check':
        return await checkCommand(args, io);
      case 'rules':
        return rulesCommand(args, io);
      case 'explain':
        return explainCommand(args, io);
      case 'lint':
        return await lintCommand(args, io);
      case 'mcp': {
        if (args.length > 0) throw new UsageError(`mcp takes no arguments`);
        const { serveMcp } = await import('../mcp/server.js');
        await serveMcp(io.version());
        return 0;
      }
      default:
        throw new UsageError(`unknown command ${JSON.stringify(command)}`);
    }
  } catch (err) {
    if (err instanceof UsageError) {
      io.stderr.write(`function-guardrails: ${err.message}\n\n${USAGE}`);
      return 2;
    }
    if (err instanceof InputError) {
      io.stderr.write(`function-guardrails: ${err.message}\n`);
      return 2;
    }
    // Fail closed, in one line: whatever went wrong, nothing was judged compliant.
    io.stderr.write(`function-guardrails: ${err instanceof Error ? err.message : String(err)}\n`);
    return 2;
  }
}

function parse(args: readonly string[], options: Record<string, { type: 'string' }>) {
  try {
    return parseArgs({ args: [...args], options, allowPositionals: true, strict: true });
  } catch (err) {
    throw new UsageError(err instanceof Error ? err.message : String(err));
  }
}

function output<T extends string>(value: string | undefined, allowed: readonly T[]): T {
  const v = (value ?? allowed[0]) as T;
  if (!allowed.includes(v)) throw new UsageError(`--output must be one of ${allowed.join(', ')}, not ${JSON.stringify(value)}`);
  return v;
}

async function checkCommand(args: readonly string[], io: Io): Promise<number> {
  const { values, positionals } = parse(args, {
    input: { type: 'string' },
    xr: { type: 'string' },
    observed: { type: 'string' },
    approvals: { type: 'string' },
    output: { type: 'string' },
  });
  const format = output(values.output, ['text', 'json', 'sarif'] as const);
  if (positionals.length === 0) throw new UsageError('check needs at least one FILE, or - for standard input');
  const reader = new Reader(io);
  const sources: Sources = {
    resources: (await Promise.all(positionals.map((p) => reader.read(p)))).flat(),
    from: positionals,
    ...(values.xr !== undefined ? { xr: await reader.read(values.xr) } : {}),
    ...(values.observed !== undefined ? { observed: await reader.read(values.observed) } : {}),
    ...(values.input !== undefined ? { input: await reader.read(values.input) } : {}),
    ...(values.approvals !== undefined ? { approvals: await reader.read(values.approvals) } : {}),
  };
  const { report } = checkDocuments(sources, io.now());
  if (format === 'json') io.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
  else if (format === 'sarif') io.stdout.write(`${JSON.stringify(renderSarif(report, io.version()), null, 2)}\n`);
  else io.stdout.write(renderText(report, { color: io.stdout.isTTY === true && io.env.NO_COLOR === undefined }));
  return report.verdict.exitCode;
}

function rulesCommand(args: readonly string[], io: Io): number {
  const { values, positionals } = parse(args, { output: { type: 'string' } });
  if (positionals.length > 0) throw new UsageError('rules takes no arguments');
  const rules = listRules();
  io.stdout.write(output(values.output, ['text', 'json'] as const) === 'json' ? `${JSON.stringify(rules, null, 2)}\n` : renderRules(rules));
  return 0;
}

function explainCommand(args: readonly string[], io: Io): number {
  const { values, positionals } = parse(args, { output: { type: 'string' } });
  const format = output(values.output, ['text', 'json'] as const);
  if (positionals.length !== 1) throw new UsageError('explain takes one rule ID');
  const id = positionals[0]!;
  const detail = explainRule(id);
  if (detail === undefined) {
    const similar = similarRules(id);
    throw new InputError(`unknown rule ${JSON.stringify(id)}${similar.length > 0 ? `; similar: ${similar.join(', ')}` : ''} (function-guardrails rules lists them all)`);
  }
  io.stdout.write(format === 'json' ? `${JSON.stringify(detail, null, 2)}\n` : renderRule(detail));
  return 0;
}

async function lintCommand(args: readonly string[], io: Io): Promise<number> {
  const { positionals } = parse(args, {});
  if (positionals.length !== 1) throw new UsageError('lint takes one Composition file (or - for standard input)');
  const problems = lintComposition(await new Reader(io).read(positionals[0]!));
  for (const p of problems) io.stdout.write(`${p.at}: ${p.message}\n`);
  if (problems.length === 0) io.stdout.write('ok: the guardrails step runs last and its input validates\n');
  return problems.length === 0 ? 0 : 1;
}

/** Reads files and standard input (once) within MAX_INPUT_BYTES together. */
class Reader {
  private bytes = 0;
  private stdinRead = false;
  private readonly budget = { documents: 0 };

  constructor(private readonly io: Io) {}

  async read(path: string): Promise<Doc[]> {
    return parseStream(path === '-' ? await this.stdin() : this.file(path), path, this.budget);
  }

  private count(n: number, what: string): void {
    this.bytes += n;
    if (this.bytes > MAX_INPUT_BYTES) throw new InputError(`${what}: the input is larger than ${MAX_INPUT_BYTES / (1024 * 1024)} MiB (what the function accepts in one request); check fewer resources at a time`);
  }

  private file(path: string): string {
    try {
      const stat = statSync(path);
      if (stat.isDirectory()) throw new InputError(`${path}: is a directory; name the files`);
      this.count(stat.size, path);
      const text = readFileSync(path, 'utf8');
      return text;
    } catch (err) {
      if (err instanceof InputError) throw err;
      const code = (err as NodeJS.ErrnoException).code;
      const why = code === 'ENOENT' ? 'no such file' : code === 'EACCES' ? 'permission denied' : err instanceof Error ? err.message : String(err);
      throw new InputError(`${path}: cannot read: ${why}`);
    }
  }

  private async stdin(): Promise<string> {
    if (this.stdinRead) throw new UsageError('- (standard input) can be given once');
    this.stdinRead = true;
    const chunks: Buffer[] = [];
    for await (const chunk of this.io.stdin) {
      const buf = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
      this.count(buf.length, '-');
      chunks.push(buf);
    }
    return Buffer.concat(chunks).toString('utf8');
  }
}
