/**
 * Crossplane field paths, as in `metadata.labels[cost-center]` or
 * `spec.items[0].name`: fields separated by dots, with brackets for keys
 * that contain dots or dashes and for array indexes. This is the syntax of
 * crossplane-runtime's `fieldpath` package, which Composition authors know.
 */

export type Segment = string | number;

export type ParsedPath = { ok: true; segments: Segment[] } | { ok: false; error: string };

export function parseFieldPath(path: string): ParsedPath {
  const segments: Segment[] = [];
  let i = 0;
  const fail = (why: string): ParsedPath => ({ ok: false, error: `${why} at position ${i} of "${path}"` });
  if (path.length === 0) return { ok: false, error: 'empty field path' };

  while (i < path.length) {
    if (path[i] === '[') {
      const close = path.indexOf(']', i);
      if (close < 0) return fail('unterminated [');
      const key = path.slice(i + 1, close);
      if (key.length === 0) return fail('empty []');
      segments.push(/^\d+$/.test(key) ? Number(key) : key);
      i = close + 1;
    } else {
      let end = i;
      while (end < path.length && path[end] !== '.' && path[end] !== '[') end++;
      const field = path.slice(i, end);
      if (field.length === 0) return fail('empty field name');
      if (field.includes(']')) return fail('unexpected ]');
      segments.push(field);
      i = end;
    }
    if (i < path.length) {
      if (path[i] === '.') {
        i++;
        if (i === path.length) return fail('trailing .');
      } else if (path[i] !== '[') {
        return fail('expected . or [');
      }
    }
  }
  return { ok: true, segments };
}

/**
 * Renders a path in the same syntax: `tags.values[kubernetes.io/name]`,
 * `spec.forProvider.rule[0]`. Keys that are not plain identifiers go in brackets.
 */
export function formatFieldPath(path: readonly PropertyKey[]): string {
  let out = '';
  // Indexed loops here and below: V8 makes an iterator for for…of over a frozen array, and rules share frozen paths.
  for (let i = 0; i < path.length; i++) out += segmentText(path[i]!, out === '');
  return out;
}

interface PathNode {
  text: string;
  next?: Map<Segment, PathNode>;
}

/**
 * formatFieldPath with memory: the same segments give the same string
 * object. Every resource of a kind gets the same injected paths
 * (`spec.forProvider.storageEncrypted`), so each is built once, and what
 * groups them compares them by identity. It keeps every path it was asked:
 * one serves one request.
 */
export class FieldPaths {
  readonly #root: PathNode = { text: '' };

  /** formatFieldPath of `prefix` followed by `path`, without joining them. */
  format(prefix: readonly Segment[], path: readonly Segment[]): string {
    let node = this.#root;
    for (let i = 0; i < prefix.length; i++) node = step(node, prefix[i]!);
    for (let i = 0; i < path.length; i++) node = step(node, path[i]!);
    return node.text;
  }
}

function step(node: PathNode, seg: Segment): PathNode {
  const next = (node.next ??= new Map());
  let child = next.get(seg);
  if (child === undefined) next.set(seg, (child = { text: node.text + segmentText(seg, node.text === '') }));
  return child;
}

/** One segment as formatFieldPath writes it after `out`. */
function segmentText(seg: PropertyKey, first: boolean): string {
  if (typeof seg === 'number') return `[${seg}]`;
  const key = String(seg);
  return isPlainKey(key) ? (first ? key : `.${key}`) : `[${key}]`;
}

/** `^[A-Za-z_][A-Za-z0-9_-]*$`, without a regular expression: every finding's path is formatted. */
function isPlainKey(key: string): boolean {
  if (key.length === 0) return false;
  for (let i = 0; i < key.length; i++) {
    const c = key.charCodeAt(i);
    const letter = (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95; // A-Z a-z _
    if (!letter && (i === 0 || !((c >= 48 && c <= 57) || c === 45))) return false; // 0-9 -
  }
  return true;
}

/** Reads a value by path; undefined where any step is missing or of the wrong kind. */
export function getPath(obj: unknown, segments: readonly Segment[]): unknown {
  let cur: unknown = obj;
  for (let i = 0; i < segments.length; i++) {
    const seg = segments[i]!;
    if (typeof seg === 'number') {
      if (!Array.isArray(cur)) return undefined;
      cur = cur[seg];
    } else {
      if (!isObject(cur)) return undefined;
      cur = cur[seg];
    }
  }
  return cur;
}

/** A Kubernetes object as JSON: whatever a composed resource carries. */
export type KubeObject = Record<string, unknown>;

export function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
