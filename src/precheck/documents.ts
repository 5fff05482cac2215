/**
 * Kubernetes objects read from YAML or JSON text, each remembering where it
 * came from (the file, `-` for standard input, or the name of an MCP tool
 * argument) and the YAML node it was read from, so that a finding can name
 * the line of the field it is about.
 *
 * A stream is `---`-separated YAML documents (JSON is YAML), as `kubectl`
 * and `crossplane render` print them; a document that is a `List` (`kind:
 * List` with `items`, what `kubectl get -o yaml` prints) or a JSON array
 * stands for its items. Anything else is an InputError naming the source
 * and line: broken YAML, a duplicate key, a document that is not an object
 * or has no apiVersion or kind, too many aliases. Nothing here throws
 * anything but InputError.
 */
import { LineCounter, isMap, isScalar, isSeq, parseAllDocuments, type Document, type Node } from 'yaml';
import { isObject, parseFieldPath, type Segment } from '../lang/fieldpath.js';
import type { KubeObject } from '../engine/types.js';

/**
 * Most bytes read in one invocation, all sources together: what the
 * function's gRPC server accepts in one request by default (16 MiB,
 * server/flags.ts), so the CLI judges nothing the cluster could not.
 */
export const MAX_INPUT_BYTES = 16 * 1024 * 1024;

/** Most documents in one invocation: a bound on work, far above any Composition's resources. */
export const MAX_DOCUMENTS = 10_000;

/** A problem with what was given: exit 2 on the CLI, a tool error on MCP; its message names the source and line. */
export class InputError extends Error {
  override name = 'InputError';
}

/** One object and where it came from. */
export interface Doc {
  /** The file, `-` for standard input, or the MCP argument it was read from. */
  source: string;
  /** 1-based line where the object starts. */
  line: number;
  object: KubeObject;
  /** Where a field path of the object is, as a 1-based line: the deepest part of it that is written. */
  lineOf(path: string): number;
}

/** `file:line`, the way compilers name a place. */
export function where(source: string, line: number): string {
  return `${source}:${line}`;
}

/** Every object in `text`, in order. `budget` counts documents across the sources of one invocation. */
export function parseStream(text: string, source: string, budget = { documents: 0 }): Doc[] {
  const lines = new LineCounter();
  const docs = parseAllDocuments(text, { lineCounter: lines, uniqueKeys: true });
  const list = Array.isArray(docs) ? docs : [docs];
  const out: Doc[] = [];
  for (const doc of list) {
    const err = doc.errors[0];
    if (err !== undefined) {
      const line = err.linePos?.[0].line ?? lines.linePos(err.pos[0]).line;
      throw new InputError(`${where(source, line)}: invalid YAML: ${firstLine(err.message)}`);
    }
    if (doc.contents === null) continue; // an empty document, as after a trailing ---
    const start = lines.linePos(doc.contents.range[0]).line;
    let value: unknown;
    try {
      value = doc.toJS({ maxAliasCount: 100 });
    } catch (e) {
      throw new InputError(`${where(source, start)}: invalid YAML: ${firstLine(e instanceof Error ? e.message : String(e))}`);
    }
    const items = Array.isArray(value) ? value.map((v, i) => ({ v, node: itemNode(doc.contents, i) })) : [{ v: value, node: doc.contents }];
    for (const { v, node } of items) {
      const line = node === undefined ? start : lines.linePos(node.range?.[0] ?? 0).line;
      if (isObject(v) && v.kind === 'List' && Array.isArray(v.items)) {
        const itemsNode = isMap(node) ? (node.get('items', true) as Node | undefined) : undefined;
        v.items.forEach((item: unknown, i: number) => out.push(docOf(item, source, itemNode(itemsNode ?? null, i) ?? node, lines, line, budget)));
      } else {
        out.push(docOf(v, source, node, lines, line, budget));
      }
    }
  }
  return out;
}

function itemNode(node: Document['contents'] | Node | null, i: number): Node | undefined {
  return isSeq(node) ? ((node.items[i] as Node | undefined) ?? undefined) : undefined;
}

function docOf(value: unknown, source: string, node: Node | undefined | null, lines: LineCounter, line: number, budget: { documents: number }): Doc {
  if (++budget.documents > MAX_DOCUMENTS) throw new InputError(`${where(source, line)}: more than ${MAX_DOCUMENTS} documents; check fewer at a time`);
  const at = node === undefined || node === null ? line : lines.linePos(node.range?.[0] ?? 0).line;
  if (!isObject(value)) throw new InputError(`${where(source, at)}: a document is ${describeType(value)}, not a Kubernetes object`);
  const { apiVersion, kind } = value;
  if (typeof apiVersion !== 'string' || apiVersion === '') throw new InputError(`${where(source, at)}: a document has no apiVersion`);
  if (typeof kind !== 'string' || kind === '') throw new InputError(`${where(source, at)}: a document has no kind`);
  return { source, line: at, object: value, lineOf: (path) => lineOfPath(node ?? undefined, path, lines, at) };
}

/** The line of the deepest written part of `path` (keys by name, items by index): where a reader looks for it. */
function lineOfPath(root: Node | undefined, path: string, lines: LineCounter, fallback: number): number {
  const parsed = path === '' ? { ok: true as const, segments: [] as Segment[] } : parseFieldPath(path);
  if (!parsed.ok) return fallback;
  let node: unknown = root;
  let line = fallback;
  for (const seg of parsed.segments) {
    if (isMap(node) && typeof seg === 'string') {
      const pair = node.items.find((p) => isScalar(p.key) && String(p.key.value) === seg);
      if (pair === undefined) break;
      const key = pair.key as Node;
      if (key.range !== undefined && key.range !== null) line = lines.linePos(key.range[0]).line;
      node = pair.value;
    } else if (isSeq(node) && typeof seg === 'number') {
      const item = node.items[seg] as Node | undefined;
      if (item === undefined) break;
      if (item.range !== undefined && item.range !== null) line = lines.linePos(item.range[0]).line;
      node = item;
    } else {
      break;
    }
  }
  return line;
}

function describeType(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'a list';
  return `a ${typeof v}`;
}

/** The first line of a YAML error, without the position the caller already gives. */
function firstLine(message: string): string {
  return (message.split('\n')[0] ?? '').replace(/ at line \d+, column \d+:?$/, '').trim();
}
