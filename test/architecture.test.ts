/**
 * The import graph of src/, kept one-way. Each top-level folder (or file) of
 * src/ has a layer and imports only from layers below its own:
 *
 *   lang      globs, field paths, canonical JSON, expiry, label selectors
 *   input     the Input's schema
 *   approval  digests and the approval store
 *   engine    targets, rules' contract, evaluation
 *   rules, custom, verdict   the catalog, CEL rules, a decision in words
 *   load      the Input validated against the catalog, compiled, cached; its CRD
 *   check     the one entry point: plain objects in, a decision and verdict out
 *   precheck  documents in, a report out: what the CLI and the MCP server share
 *   function, mcp            adapters: gRPC, MCP
 *   cli       the command line (it starts the MCP server too)
 *   main      the executable
 *
 * A folder that is not listed fails the test until it is given a layer.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const SRC = resolve(dirname(fileURLToPath(import.meta.url)), '../src');

const LAYER: Record<string, number> = {
  lang: 0,
  input: 1,
  server: 1,
  approval: 2,
  engine: 3,
  rules: 4,
  custom: 4,
  verdict: 4,
  load: 5,
  check: 6,
  precheck: 7,
  function: 8,
  mcp: 8,
  cli: 9,
  main: 10,
};

interface Import {
  file: string;
  from: string;
  to: string;
  target: string;
}

/** Every relative import of every non-test source file, by top-level unit of src/. */
function imports(): Import[] {
  const out: Import[] = [];
  for (const entry of readdirSync(SRC, { recursive: true, encoding: 'utf8' })) {
    if (!entry.endsWith('.ts') || entry.endsWith('.test.ts')) continue;
    const file = join(SRC, entry);
    // Static imports and re-exports, and dynamic import('./x.js') too: a lazy import is still an arrow.
    for (const m of readFileSync(file, 'utf8').matchAll(/^(?:import|export)[^;]*? from '(\.[^']+)'|\bimport\('(\.[^']+)'\)/gms)) {
      const target = resolve(dirname(file), (m[1] ?? m[2])!);
      const to = relative(SRC, target);
      if (to.startsWith('..')) continue;
      out.push({ file: relative(SRC, file), from: unitOf(relative(SRC, file)), to: unitOf(to), target: to });
    }
  }
  return out;
}

/** `engine/engine.ts` -> `engine`; `check.ts` -> `check`. */
function unitOf(path: string): string {
  const [head, ...rest] = path.split(sep);
  return rest.length > 0 ? head! : head!.replace(/\.[jt]s$/, '');
}

describe('the import graph of src/', () => {
  const all = imports();

  it('finds the imports it checks', () => {
    // A parser that silently found nothing would pass everything below.
    expect(all.filter((i) => i.from === 'check').map((i) => i.to)).toEqual(expect.arrayContaining(['engine', 'load', 'verdict']));
    expect(all.some((i) => i.from === 'main' && i.to === 'cli')).toBe(true); // main.ts loads the CLI lazily: import('./cli/main.js')
  });

  it('gives every unit of src/ a layer', () => {
    const units = new Set(all.flatMap((i) => [i.from, i.to]));
    expect([...units].filter((u) => LAYER[u] === undefined)).toEqual([]);
  });

  it('imports only from layers below (no circle between the engine, the Input and the approval code)', () => {
    const upward = all
      .filter((i) => i.from !== i.to && !(LAYER[i.to]! < LAYER[i.from]!))
      .map((i) => `${i.file} imports ${i.target} (${i.from} is layer ${LAYER[i.from]}, ${i.to} is ${LAYER[i.to]})`);
    expect(upward).toEqual([]);
  });

  it('keeps the gRPC handler a thin adapter: it converts wire types and calls check()', () => {
    const evaluates = all
      .filter((i) => i.from === 'function' && ['approval', 'custom', 'input', 'load', 'rules'].includes(i.to))
      .concat(all.filter((i) => i.from === 'function' && i.target === join('engine', 'engine.js')))
      .map((i) => `${i.file} imports ${i.target}`);
    expect(evaluates).toEqual([]);
    expect(all.some((i) => i.file === join('function', 'handler.ts') && i.to === 'check')).toBe(true);
  });
});
