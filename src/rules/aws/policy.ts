/**
 * The AWS policy language, read the way IAM reads it: a pure parser that
 * turns a policy JSON string into normalized statements, or says precisely
 * why it cannot (`Statement[1].Action must be a string or a list of
 * strings, got number 5`), and the few questions the guardrails ask of a
 * statement: which actions, which resources, which principals, narrowed by
 * which conditions. Nothing here throws; every function returns a value.
 *
 * The parser is stricter than a JSON reader, on purpose. What the guardrails
 * cannot read the same way AWS does, they refuse: an element name in the
 * wrong case (`"action"`), a key given twice (JSON.parse keeps the last,
 * AWS might not), an element the document kind forbids (a Principal in an
 * identity policy) are all problems, as they are for IAM.
 */
import { formatFieldPath, isObject, type Segment } from '../../lang/fieldpath.js';
import { describe } from '../params.js';
import { DEFAULT_INTERNET_PREFIX } from '../../input/schema.js';
import { type Cidr, exposure, type InternetPrefix, parseCidr, unionOf } from '../kit/cidr.js';

/**
 * Which policy a document is, for the elements it must and must not have:
 * `identity` (attached to a user, group or role: Resource, no Principal),
 * `trust` (a role's assume-role policy: Principal, no Resource),
 * `resource` (a bucket, key or queue policy: Principal and Resource) or
 * `resource-implied` (an ECR repository or registry policy: Principal, and
 * a Resource it may leave out, since it applies to the resource it is set on).
 */
export type DocumentKind = 'identity' | 'trust' | 'resource' | 'resource-implied';

export type Effect = 'Allow' | 'Deny';

/** Action or NotAction, Resource or NotResource: the patterns, and whether they are the ones excluded. */
export interface Patterns {
  not: boolean;
  patterns: readonly string[];
}

/** One principal: `{ type: '*', id: '*' }` for a bare `"Principal": "*"`, else e.g. `{ type: 'AWS', id: 'arn:aws:iam::123456789012:root' }`. */
export interface PrincipalEntry {
  type: string;
  id: string;
}

export interface Principals {
  not: boolean;
  entries: readonly PrincipalEntry[];
}

/** One condition test: operator, key, values, as written (`ForAnyValue:StringLike`, `aws:PrincipalOrgPaths`, [...]). */
export interface ConditionEntry {
  operator: string;
  key: string;
  values: readonly (string | number | boolean)[];
}

export interface Statement {
  /** Where it is in the document: `Statement` (a single statement object) or `Statement[2]`. */
  at: string;
  sid?: string;
  effect: Effect;
  actions: Patterns;
  /** Absent in a trust policy. */
  resources?: Patterns;
  /** Absent in an identity policy. */
  principals?: Principals;
  conditions: readonly ConditionEntry[];
}

export interface PolicyDocument {
  version?: string;
  id?: string;
  statements: readonly Statement[];
}

export type ParsedPolicy =
  | { ok: true; policy: PolicyDocument }
  /** The string is empty or blank. */
  | { ok: false; error: 'empty' }
  /** Not JSON; `detail` is the JSON reader's message. */
  | { ok: false; error: 'syntax'; detail: string }
  /** JSON, but not a policy document: every problem, with its path in the document. */
  | { ok: false; error: 'invalid'; problems: readonly string[] }
  /** Longer or deeper than the guardrails read: refused before any scan; `detail` names the cap. */
  | { ok: false; error: 'limit'; detail: string };

const VERSIONS = ['2012-10-17', '2008-10-17'];
const DOCUMENT_ELEMENTS = new Set(['Version', 'Id', 'Statement']);
const STATEMENT_ELEMENTS = new Set(['Sid', 'Effect', 'Principal', 'NotPrincipal', 'Action', 'NotAction', 'Resource', 'NotResource', 'Condition']);
const PRINCIPAL_TYPES = ['AWS', 'Service', 'Federated', 'CanonicalUser'];

/**
 * The longest document read, in characters: twice the largest policy AWS
 * accepts (a key policy, 32 KiB), so that the analysis of a document stays
 * cheap whatever a request carries.
 */
export const MAX_DOCUMENT_LENGTH = 65_536;

/**
 * The deepest nesting of lists and objects read. A policy document is at
 * most 6 deep (the document, its Statement list, a statement, its
 * Condition, an operator, a key's list of values); the margin lets a
 * slightly wrong document still get a precise message from the reader.
 */
export const MAX_DEPTH = 16;

/** Most problems `duplicateKeys` spells out; the rest are counted. */
const MAX_PROBLEMS = 20;

/**
 * Work done by the parser's own loops: one step per character scanned, per
 * path segment written into a message, per JSON value read. Tests use it to
 * show the work is linear in the input; `JSON.parse` itself is not counted
 * (V8's reader is linear, and the depth cap runs before it).
 */
export interface Meter {
  steps: number;
}

const NO_METER: Meter = { steps: 0 };

/**
 * Parses a policy document of the given kind; never throws. The length and
 * depth caps are checked first, in one pass over the characters; every
 * later pass is linear too.
 */
export function parsePolicy(text: string, kind: DocumentKind, meter: Meter = NO_METER): ParsedPolicy {
  meter.steps += text.length; // trim
  if (text.trim() === '') return { ok: false, error: 'empty' };
  if (text.length > MAX_DOCUMENT_LENGTH) {
    return {
      ok: false,
      error: 'limit',
      detail: `it is ${text.length.toLocaleString('en-US')} characters long, more than the ${MAX_DOCUMENT_LENGTH.toLocaleString('en-US')} the guardrails read (twice the largest AWS policy, a 32 KiB key policy)`,
    };
  }
  if (tooDeep(text, meter)) {
    return {
      ok: false,
      error: 'limit',
      detail: `it nests lists and objects more than ${MAX_DEPTH} deep, more than the guardrails read (a policy document is at most 6 deep: the document, Statement, a statement, Condition, an operator, a list of values)`,
    };
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    return { ok: false, error: 'syntax', detail: err instanceof Error ? err.message : String(err) };
  }
  const problems = duplicateKeys(text, meter);
  const policy = readDocument(json, kind, problems, meter);
  return problems.length === 0 && policy !== undefined ? { ok: true, policy } : { ok: false, error: 'invalid', problems };
}

/** Does `text` nest lists and objects (outside strings) deeper than {@link MAX_DEPTH}? One pass; it stops at the first level too deep. */
function tooDeep(text: string, meter: Meter): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    meter.steps++;
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c /* backslash */) i++;
      else if (c === 0x22 /* " */) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x5b /* [ */ || c === 0x7b /* { */) {
      if (++depth > MAX_DEPTH) return true;
    } else if (c === 0x5d /* ] */ || c === 0x7d /* } */) depth--;
  }
  return false;
}

/** Most parsed documents kept by {@link readPolicy}. */
const CACHE_SIZE = 64;
const cache = new Map<string, ParsedPolicy>();

/**
 * {@link parsePolicy}, remembered for the last {@link CACHE_SIZE} distinct
 * (text, kind) pairs, so that the rules reading one resource's documents
 * parse each of them once. Parsing is a pure function of the pair, so the
 * answer is the same with or without the cache; what it returns is shared
 * and must not be changed (its types are read-only).
 */
export function readPolicy(text: string, kind: DocumentKind): ParsedPolicy {
  const key = `${kind}\n${text}`;
  const hit = cache.get(key);
  if (hit !== undefined) {
    cache.delete(key); // most recently used last
    cache.set(key, hit);
    return hit;
  }
  const parsed = parsePolicy(text, kind);
  cache.set(key, parsed);
  if (cache.size > CACHE_SIZE) cache.delete(cache.keys().next().value!);
  return parsed;
}

function readDocument(json: unknown, kind: DocumentKind, problems: string[], meter: Meter): PolicyDocument | undefined {
  if (!isObject(json)) {
    problems.push(`the document must be a JSON object, got ${describe(json)}`);
    return undefined;
  }
  for (const key of Object.keys(json)) {
    meter.steps++;
    if (!DOCUMENT_ELEMENTS.has(key)) problems.push(`the document has an unknown element ${quote(key)} (elements are Version, Id and Statement, case-sensitive)`);
  }
  const version = optionalString(json, 'Version', ['Version'], problems);
  if (version !== undefined && !VERSIONS.includes(version)) problems.push(`Version must be "2012-10-17" or "2008-10-17", got ${describe(version, true)}`);
  const id = optionalString(json, 'Id', ['Id'], problems);

  const raw = json.Statement;
  let items: { value: unknown; path: Segment[] }[];
  if (raw === undefined) {
    problems.push('the document has no Statement');
    items = [];
  } else if (Array.isArray(raw)) {
    items = raw.map((value, i) => ({ value, path: ['Statement', i] }));
  } else if (isObject(raw)) {
    items = [{ value: raw, path: ['Statement'] }];
  } else {
    problems.push(`Statement must be an object or a list of objects, got ${describe(raw)}`);
    items = [];
  }
  const statements = items.map(({ value, path }) => readStatement(value, path, kind, problems, meter)).filter((s) => s !== undefined);
  if (problems.length > 0) return undefined;
  return { ...(version !== undefined ? { version } : {}), ...(id !== undefined ? { id } : {}), statements };
}

function readStatement(value: unknown, path: Segment[], kind: DocumentKind, problems: string[], meter: Meter): Statement | undefined {
  const at = formatFieldPath(path);
  if (!isObject(value)) {
    problems.push(`${at} must be an object, got ${describe(value)}`);
    return undefined;
  }
  const before = problems.length;
  for (const key of Object.keys(value)) {
    meter.steps++;
    if (!STATEMENT_ELEMENTS.has(key)) {
      problems.push(`${at} has an unknown element ${quote(key)} (elements are Sid, Effect, Principal, NotPrincipal, Action, NotAction, Resource, NotResource and Condition, case-sensitive)`);
    }
  }
  const sid = optionalString(value, 'Sid', [...path, 'Sid'], problems);

  let effect: Effect | undefined;
  if (value.Effect === undefined) problems.push(`${at} has no Effect`);
  else if (value.Effect === 'Allow' || value.Effect === 'Deny') effect = value.Effect;
  else problems.push(`${at}.Effect must be "Allow" or "Deny", got ${describe(value.Effect, true)}`);

  const actions = pair(value, path, 'Action', 'NotAction', problems, meter);
  if (actions === undefined && value.Action === undefined && value.NotAction === undefined) problems.push(`${at} has neither Action nor NotAction`);

  const resources = pair(value, path, 'Resource', 'NotResource', problems, meter);
  const hasResource = value.Resource !== undefined || value.NotResource !== undefined;
  if (kind === 'trust' && hasResource) problems.push(`${at} has a ${value.Resource !== undefined ? 'Resource' : 'NotResource'}, which a trust policy must not have`);
  if ((kind === 'identity' || kind === 'resource') && !hasResource) problems.push(`${at} has neither Resource nor NotResource`);

  const principals = readPrincipals(value, path, problems, meter);
  const hasPrincipal = value.Principal !== undefined || value.NotPrincipal !== undefined;
  if (kind === 'identity' && hasPrincipal) problems.push(`${at} has a ${value.Principal !== undefined ? 'Principal' : 'NotPrincipal'}, which an identity policy must not have`);
  if (kind !== 'identity' && !hasPrincipal) problems.push(`${at} has neither Principal nor NotPrincipal`);

  const conditions = readConditions(value.Condition, [...path, 'Condition'], problems, meter);

  if (problems.length > before || effect === undefined || actions === undefined) return undefined;
  return {
    at,
    ...(sid !== undefined ? { sid } : {}),
    effect,
    actions,
    ...(resources !== undefined ? { resources } : {}),
    ...(principals !== undefined ? { principals } : {}),
    conditions,
  };
}

function optionalString(obj: Record<string, unknown>, key: string, path: Segment[], problems: string[]): string | undefined {
  const v = obj[key];
  if (v === undefined) return undefined;
  if (typeof v === 'string') return v;
  problems.push(`${formatFieldPath(path)} must be a string, got ${describe(v)}`);
  return undefined;
}

/** Action/NotAction or Resource/NotResource: at most one of the two, each a string or a non-empty list of strings. */
function pair(stmt: Record<string, unknown>, path: Segment[], yes: string, no: string, problems: string[], meter: Meter): Patterns | undefined {
  if (stmt[yes] !== undefined && stmt[no] !== undefined) {
    problems.push(`${formatFieldPath(path)} has both ${yes} and ${no}`);
    return undefined;
  }
  const key = stmt[yes] !== undefined ? yes : no;
  const patterns = stringList(stmt[key], [...path, key], problems, meter);
  return patterns === undefined ? undefined : { not: key === no, patterns };
}

/** A string or a non-empty list of strings; undefined (and a problem) otherwise, or when absent. */
function stringList(value: unknown, path: Segment[], problems: string[], meter: Meter): string[] | undefined {
  if (value === undefined) return undefined;
  meter.steps += Array.isArray(value) ? value.length + 1 : 1;
  const at = formatFieldPath(path);
  if (typeof value === 'string') return [value];
  if (!Array.isArray(value)) {
    problems.push(`${at} must be a string or a list of strings, got ${describe(value)}`);
    return undefined;
  }
  if (value.length === 0) {
    problems.push(`${at} is an empty list`);
    return undefined;
  }
  const bad = value.findIndex((v) => typeof v !== 'string');
  if (bad >= 0) {
    problems.push(`${at} must be a string or a list of strings, but ${formatFieldPath([...path, bad])} is ${describe(value[bad])}`);
    return undefined;
  }
  return value as string[];
}

function readPrincipals(stmt: Record<string, unknown>, path: Segment[], problems: string[], meter: Meter): Principals | undefined {
  if (stmt.Principal !== undefined && stmt.NotPrincipal !== undefined) {
    problems.push(`${formatFieldPath(path)} has both Principal and NotPrincipal`);
    return undefined;
  }
  const key = stmt.Principal !== undefined ? 'Principal' : 'NotPrincipal';
  const value = stmt[key];
  if (value === undefined) return undefined;
  const at = formatFieldPath([...path, key]);
  if (value === '*') return { not: key === 'NotPrincipal', entries: [{ type: '*', id: '*' }] };
  if (!isObject(value)) {
    problems.push(`${at} must be "*" or an object of AWS, Service, Federated or CanonicalUser principals, got ${describe(value)}`);
    return undefined;
  }
  const entries: PrincipalEntry[] = [];
  const before = problems.length;
  if (Object.keys(value).length === 0) problems.push(`${at} names no principal`);
  for (const [type, ids] of Object.entries(value)) {
    if (!PRINCIPAL_TYPES.includes(type)) {
      problems.push(`${at} has an unknown principal type ${quote(type)} (types are AWS, Service, Federated and CanonicalUser, case-sensitive)`);
      continue;
    }
    for (const id of stringList(ids, [...path, key, type], problems, meter) ?? []) entries.push({ type, id });
  }
  return problems.length > before ? undefined : { not: key === 'NotPrincipal', entries };
}

function readConditions(value: unknown, path: Segment[], problems: string[], meter: Meter): ConditionEntry[] {
  if (value === undefined) return [];
  if (!isObject(value)) {
    problems.push(`${formatFieldPath(path)} must be an object of condition operators, got ${describe(value)}`);
    return [];
  }
  const out: ConditionEntry[] = [];
  for (const [operator, block] of Object.entries(value)) {
    if (!isObject(block)) {
      problems.push(`${formatFieldPath([...path, operator])} must be an object of condition keys, got ${describe(block)}`);
      continue;
    }
    for (const [key, raw] of Object.entries(block)) {
      const values = Array.isArray(raw) ? raw : [raw];
      meter.steps += values.length + 1;
      if (values.every((v) => typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean')) {
        out.push({ operator, key, values: values as (string | number | boolean)[] });
      } else {
        problems.push(`${formatFieldPath([...path, operator, key])} must be a string, number or boolean, or a list of them, got ${describe(raw)}`);
      }
    }
  }
  return out;
}

/**
 * Keys that appear twice in one JSON object, anywhere in `text` (valid
 * JSON; on anything else the answer means little, but it never throws).
 * JSON.parse keeps the last; AWS's reader may keep another, so a duplicate
 * could hide an action from the check. One pass over the characters: each
 * open object or list remembers only its parent and its own key or index,
 * and a path is written out only for a duplicate, at most
 * {@link MAX_PROBLEMS} times (the rest are counted).
 */
export function duplicateKeys(text: string, meter: Meter = NO_METER): string[] {
  interface Frame {
    parent: Frame | undefined;
    /** Keys seen so far, for an object; undefined for a list. */
    keys: Set<string> | undefined;
    /** The key being read (object) or the index of the current element (list). */
    at: string | number;
    expectKey: boolean;
  }
  const problems: string[] = [];
  let more = 0;
  let top: Frame | undefined;
  for (let i = 0; i < text.length; i++) {
    meter.steps++;
    const c = text[i]!;
    if (c === '{') top = { parent: top, keys: new Set(), at: '', expectKey: true };
    else if (c === '[') top = { parent: top, keys: undefined, at: 0, expectKey: false };
    else if (c === '}' || c === ']') top = top?.parent;
    else if (c === ',') {
      if (top?.keys !== undefined) top.expectKey = true;
      else if (top !== undefined) top.at = (top.at as number) + 1;
    } else if (c === '"') {
      let j = i + 1;
      while (j < text.length && text[j] !== '"') j += text[j] === '\\' ? 2 : 1;
      meter.steps += j - i;
      if (top?.keys !== undefined && top.expectKey) {
        const key = decodeString(text.slice(i, j + 1));
        if (top.keys.has(key)) {
          if (problems.length < MAX_PROBLEMS) problems.push(`${where(top, meter)} has ${quote(key)} twice`);
          else more++;
        }
        top.keys.add(key);
        top.at = key;
        top.expectKey = false;
      }
      i = j;
    }
  }
  if (more > 0) problems.push(`and ${more} more keys given twice`);
  return problems;
}

/** Where an open object is, for a message: `the document`, or its path with long keys shortened. */
function where(frame: { parent: typeof frame | undefined; at: string | number }, meter: Meter): string {
  const segments: Segment[] = [];
  for (let f = frame.parent; f !== undefined; f = f.parent) {
    meter.steps++;
    segments.push(typeof f.at === 'string' && f.at.length > 40 ? f.at.slice(0, 40) + '…' : f.at);
  }
  return segments.length === 0 ? 'the document' : formatFieldPath(segments.reverse());
}

/** A JSON string literal's value; the literal itself, unquoted, if it is not one. */
function decodeString(literal: string): string {
  try {
    const v: unknown = JSON.parse(literal);
    if (typeof v === 'string') return v;
  } catch {
    // Not a string literal: only possible when the text is not JSON, which parsePolicy rules out.
  }
  return literal.slice(1, -1);
}

// ---------------------------------------------------------------------------
// Questions about a statement.

/**
 * IAM's wildcard match: `*` any run of characters (including none), `?` one
 * character, everything else literally. At most O(pattern x value), with
 * no regex to blow up on patterns like `*a*a*a*b`.
 */
export function wildcardMatch(pattern: string, value: string): boolean {
  let p = 0;
  let v = 0;
  let star = -1;
  let mark = 0;
  while (v < value.length) {
    if (p < pattern.length && pattern[p] === '*') {
      star = p++;
      mark = v;
    } else if (p < pattern.length && (pattern[p] === '?' || pattern[p] === value[v])) {
      p++;
      v++;
    } else if (star >= 0) {
      p = star + 1;
      v = ++mark;
    } else return false;
  }
  while (p < pattern.length && pattern[p] === '*') p++;
  return p === pattern.length;
}

/** Does an Action pattern match an action? Case-insensitive, as IAM compares actions: `iam:Pass*` matches `iam:PassRole`. */
export function actionMatches(pattern: string, action: string): boolean {
  return wildcardMatch(pattern.trim().toLowerCase(), action.toLowerCase());
}

/**
 * Is `s` made only of wildcards, at least one of them `*`? A loop, not the
 * regex `/^[*?]*\*[*?]*$/`, whose backtracking is quadratic on a long run
 * of `*` that ends in another character.
 */
function wildcardsOnly(s: string): boolean {
  let star = false;
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    if (c === '*') star = true;
    else if (c !== '?') return false;
  }
  return star;
}

/**
 * Does an Action pattern match every action? `*`, `*:*` and any other
 * pattern made only of wildcards (around at most one `:`) do.
 */
export function matchesEveryAction(pattern: string): boolean {
  const parts = pattern.trim().split(':');
  return parts.length <= 2 && parts.every(wildcardsOnly);
}

/** Does the statement allow (or, for a Deny, deny) this action, through Action or NotAction? */
export function coversAction(stmt: Statement, action: string): boolean {
  const hit = stmt.actions.patterns.some((p) => actionMatches(p, action));
  return stmt.actions.not ? !hit : hit;
}

/** Does the statement cover every action: an Action that matches everything, or a NotAction that does not exclude everything? */
export function coversEveryAction(stmt: Statement): boolean {
  const every = stmt.actions.patterns.some(matchesEveryAction);
  return stmt.actions.not ? !every : every;
}

/**
 * Does a Resource pattern match every resource? `*`, and an ARN whose every
 * field after the partition is wildcards only (`arn:aws:*:*:*:*`, `arn:*`).
 */
export function matchesEveryResource(pattern: string): boolean {
  if (wildcardsOnly(pattern)) return true;
  const fields = pattern.split(':');
  if (fields[0] !== 'arn' || fields.length < 2) return false;
  const rest = fields.length === 2 ? fields.slice(1) : fields.slice(2);
  return rest.every(wildcardsOnly);
}

/** Does the statement reach every resource: a Resource that matches everything, or a NotResource (everything but what it lists)? Absent counts as every. */
export function coversEveryResource(stmt: Statement): boolean {
  if (stmt.resources === undefined) return true;
  return stmt.resources.not ? !stmt.resources.patterns.some(matchesEveryResource) : stmt.resources.patterns.some(matchesEveryResource);
}

/** What a resource ARN looks like for one resource type: `{ service: 'iam', global: true, prefix: 'role/' }` gives `arn:<partition>:iam::<account>:role/<name>`. */
export interface ResourceType {
  service: string;
  /** A global service (IAM) has no region in its ARNs. */
  global: boolean;
  /** The resource part up to the name: `role/`, `function:`. */
  prefix: string;
}

/** A name nobody gives a resource: a pattern that matches it matches names its author did not choose. */
export const PROBE_NAME = 'zz0-unnamed-probe';

/**
 * Does the statement reach resources of `type` that its author did not
 * name? Judged on a probe: does some Resource pattern match the ARN of a
 * resource of that type named {@link PROBE_NAME}, in any partition, region
 * and account? `*`, `arn:aws:iam::*:role/*`, `arn:aws:iam::123456789012:*`
 * and `arn:*:123456789012:role/*` do; `arn:aws:iam::123456789012:role/app-*`
 * and any exact ARN do not. A NotResource reaches it unless one of its
 * patterns matches every resource, and a missing Resource is taken to
 * reach everything.
 */
export function reachesUnnamed(stmt: Statement, type: ResourceType): boolean {
  if (stmt.resources === undefined) return true;
  const probe = probeArn(type);
  if (!stmt.resources.not) return stmt.resources.patterns.some((p) => intersects(p, probe));
  // NotResource: everything but what it lists. Only a pattern that excludes every resource excludes them all for
  // certain; anything narrower is taken to leave some unnamed resource reachable (fail closed).
  return !stmt.resources.patterns.some(matchesEveryResource);
}

/** One token of a probe ARN: a literal character, or a field (any run of characters but `:`). */
type ProbeToken = string | { field: true };

function probeArn(type: ResourceType): ProbeToken[] {
  const field = { field: true } as const;
  const lit = (s: string): ProbeToken[] => [...s];
  return [...lit('arn:'), field, ...lit(`:${type.service}:`), ...(type.global ? [] : [field]), ':', field, ...lit(`:${type.prefix}${PROBE_NAME}`)];
}

/** Longer than any ARN IAM accepts (2,048): such a pattern is taken to reach everything rather than analysed. */
const MAX_PATTERN_LENGTH = 4_096;

/**
 * Do the strings a wildcard pattern matches and the probe ARNs share one?
 * A depth-first walk of the product of the two automata, O(pattern x
 * probe); `*` in the pattern may span `:` (fail closed: whether IAM lets it
 * is beside the point).
 */
function intersects(pattern: string, probe: readonly ProbeToken[]): boolean {
  if (pattern.length > MAX_PATTERN_LENGTH) return true;
  const width = probe.length + 1;
  const seen = new Uint8Array((pattern.length + 1) * width);
  const stack: number[] = [0];
  const push = (i: number, j: number) => {
    const key = i * width + j;
    if (seen[key] === 0) {
      seen[key] = 1;
      stack.push(key);
    }
  };
  seen[0] = 1;
  while (stack.length > 0) {
    const key = stack.pop()!;
    const i = Math.floor(key / width);
    const j = key % width;
    if (i === pattern.length && j === probe.length) return true;
    const p = pattern[i];
    const t = probe[j];
    // Empty matches: a `*` may match nothing, and so may a probe field.
    if (p === '*') push(i + 1, j);
    if (typeof t === 'object') push(i, j + 1);
    if (p === undefined || t === undefined) continue;
    // Consume one character both accept.
    if (typeof t === 'string') {
      if (p === '*') push(i, j + 1);
      else if (p === '?' || p === t) push(i + 1, j + 1);
    } else if (p !== '*' && p !== ':') push(i + 1, j); // a field takes any character but `:`; `*` against a field goes nowhere new
  }
  return false;
}

/** The principals of the statement that stand for anyone: a bare `*`, or any principal with a `*` in it (`{"AWS": "*"}`, `arn:aws:iam::*:root`). */
export function wildcardPrincipals(stmt: Statement): PrincipalEntry[] {
  return stmt.principals?.entries.filter((e) => e.id.includes('*')) ?? [];
}

/**
 * Does the statement apply to any principal at all? A wildcard principal,
 * or a NotPrincipal (everyone but those it lists), does.
 */
export function anyPrincipal(stmt: Statement): boolean {
  if (stmt.principals === undefined) return false;
  return stmt.principals.not || wildcardPrincipals(stmt).length > 0;
}

/** The statement's principal as written, for a message: `Principal "*"`, `Principal AWS "*"`, `NotPrincipal AWS "arn:..."`. */
export function describePrincipals(stmt: Statement): string {
  const p = stmt.principals;
  if (p === undefined) return 'no Principal';
  const element = p.not ? 'NotPrincipal' : 'Principal';
  const shown = p.not ? p.entries : wildcardPrincipals(stmt);
  return `${element} ${list(shown.map((e) => (e.type === '*' ? '"*"' : `${e.type} ${quote(e.id)}`)))}`;
}

const POSITIVE_OPERATORS = new Set(['stringequals', 'stringequalsignorecase', 'stringlike', 'arnequals', 'arnlike', 'ipaddress']);

/** A condition operator without `ForAnyValue:`, or undefined when it may pass without the key (`...IfExists`, `ForAllValues:`). */
function positiveOperator(operator: string): string | undefined {
  const op = operator.toLowerCase();
  if (op.startsWith('forallvalues:') || op.endsWith('ifexists')) return undefined;
  return op.startsWith('foranyvalue:') ? op.slice('foranyvalue:'.length) : op;
}

/**
 * The condition keys, among `keys` (lowercase), that narrow the statement
 * to fixed values: a positive operator (StringEquals, StringLike,
 * ArnEquals, ArnLike, IpAddress, or one of them under `ForAnyValue:`), not
 * `...IfExists` (which passes when the key is absent) nor `ForAllValues:`
 * (which passes on an empty set), and values with no wildcard and no policy
 * variable. `aws:SourceIp` counts when all its values together narrow
 * (see sourceIpNarrows). Keys in `flags` (lowercase) narrow when tested
 * `Bool` true. Keys are compared case-insensitively, as AWS compares them.
 */
export function narrowingKeys(
  stmt: Statement,
  keys: ReadonlySet<string>,
  opts: { flags?: ReadonlySet<string>; internet?: InternetPrefix } = {},
): string[] {
  const flags = opts.flags ?? new Set<string>();
  const found: string[] = [];
  const ipNarrows = sourceIpNarrows(stmt, opts.internet ?? DEFAULT_INTERNET_PREFIX);
  for (const c of stmt.conditions) {
    const key = c.key.toLowerCase();
    const op = positiveOperator(c.operator);
    if (op === undefined || c.values.length === 0) continue;
    let fixed = false;
    if (flags.has(key)) fixed = op === 'bool' && c.values.every((v) => v === true || String(v).toLowerCase() === 'true');
    else if (keys.has(key) && POSITIVE_OPERATORS.has(op) && (op === 'ipaddress') === (key === 'aws:sourceip')) {
      fixed = c.values.every((v) => typeof v !== 'boolean' && (op === 'ipaddress' ? ipNarrows : fixedValue(String(v))));
    }
    if (fixed && !found.includes(c.key)) found.push(c.key);
  }
  return found;
}

/** A condition value with no wildcard and no policy variable. */
export function fixedValue(v: string): boolean {
  return !/[*?]|\$\{/.test(v);
}

/**
 * The positive condition tests of a statement on one key (compared
 * case-insensitively): operator (without `ForAnyValue:`) and values, for a
 * rule that judges the values itself. `...IfExists` and `ForAllValues:`
 * tests are left out: they pass without the key.
 */
export function positiveTests(stmt: Statement, key: string): { operator: string; values: readonly (string | number | boolean)[] }[] {
  const k = key.toLowerCase();
  return stmt.conditions.flatMap((c) => {
    const operator = c.key.toLowerCase() === k ? positiveOperator(c.operator) : undefined;
    return operator !== undefined && c.values.length > 0 ? [{ operator, values: c.values }] : [];
  });
}

/**
 * Does the statement's `aws:SourceIp` limit callers to named networks? The
 * values it is given under `IpAddress` (or `ForAnyValue:IpAddress`) are
 * judged as one union, however they are split: the union must hold no
 * public range wider than the internet prefix (`network.internetPrefix` of
 * the Input), so the 256 /8s of the IPv4 internet narrow nothing. A value
 * that is not a CIDR or an address narrows nothing either.
 */
export function sourceIpNarrows(stmt: Statement, internet: InternetPrefix): boolean {
  const cidrs: Cidr[] = [];
  for (const c of stmt.conditions) {
    if (c.key.toLowerCase() !== 'aws:sourceip' || c.operator.toLowerCase().replace(/^foranyvalue:/, '') !== 'ipaddress') continue;
    for (const v of c.values) {
      const parsed = typeof v === 'string' ? parseCidr(v) : undefined;
      if (parsed?.ok !== true) return false;
      cidrs.push(parsed.cidr);
    }
  }
  return cidrs.length > 0 && exposure(unionOf(cidrs), internet).length === 0;
}

/** The condition keys a statement tests, as written, without repeats. */
export function conditionKeys(stmt: Statement): string[] {
  return [...new Set(stmt.conditions.map((c) => c.key))];
}

/** `Statement[0]`, or `Statement[0] (Sid "Admin")` when it has a Sid. */
export function statementLabel(stmt: Statement): string {
  return stmt.sid !== undefined && stmt.sid !== '' ? `${stmt.at} (Sid ${quote(stmt.sid)})` : stmt.at;
}

/** The statement's actions as written: `"s3:GetObject", "s3:PutObject"`, or `every action except "iam:*"`. */
export function describeActions(stmt: Statement): string {
  const shown = list(stmt.actions.patterns.map(quote));
  return stmt.actions.not ? `every action except ${shown} (NotAction)` : shown;
}

/** The statement's resources as written: `Resource "*"`, `NotResource "arn:..."`. */
export function describeResources(stmt: Statement): string {
  if (stmt.resources === undefined) return 'no Resource';
  return `${stmt.resources.not ? 'NotResource' : 'Resource'} ${list(stmt.resources.patterns.map(quote))}`;
}

/** A JSON-quoted string, shortened past 80 characters. */
export function quote(s: string): string {
  return JSON.stringify(s.length > 80 ? s.slice(0, 80) + '…' : s);
}

/** Items joined by `sep`, the first `max` of them and a count of the rest. */
export function list(items: readonly string[], max = 5, sep = ', '): string {
  if (items.length <= max) return items.join(sep);
  return `${items.slice(0, max).join(sep)} and ${items.length - max} more`;
}
