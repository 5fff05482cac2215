/**
 * CEL for custom rules, on @bufbuild/cel (the CEL implementation for
 * ECMAScript, with a linear-time RE2 for `matches`).
 *
 * `compile` parses an expression once and checks what the evaluator would
 * only find per resource: variables that do not exist, functions that do
 * not exist, a result that cannot be a bool. Errors carry line:column.
 *
 * Cost: CEL has no loops; what can run long is a comprehension (`all`,
 * `exists`, `map`, `filter`, nested). Every comprehension's range is routed
 * through a hook that charges its size to a budget before it iterates; past
 * the budget every further comprehension iterates nothing, and the
 * evaluation reports that it ran out, whatever value it produced.
 * The bound is a count, not a clock, so the same request always gets the
 * same answer.
 *
 * A bool expression of the common subset also gets a fast path (fast.ts),
 * which reads the JSON objects directly and answers only where it gives the
 * interpreter's outcome and charges its steps; elsewhere the interpreter runs.
 */
import { celEnv, celFunc, celList, celMap, CelScalar, isCelError, isCelList, isCelMap, parse, plan, type CelValue } from '@bufbuild/cel';
import { strings } from '@bufbuild/cel/ext';
import { compileMatcher, type Matcher } from './regex.js';
import { mapKeyOf, type Expr } from './ast.js';
import { compileFast, type FastDeps, type FastPath, type JsonVariables } from './fast.js';

/** The variables an expression may use. */
export const VARIABLES = ['object', 'observed', 'composite', 'name'] as const;

const HOOK = 'guardrails.fn.crossplane.io/charge';

/** Charges comprehension steps; `exceeded` sticks once the limit is passed. */
export class Budget {
  used = 0;
  exceeded = false;
  constructor(readonly limit: number) {}

  charge(steps: number): boolean {
    this.used += steps;
    if (this.used > this.limit) this.exceeded = true;
    return !this.exceeded;
  }
}

/** The budget of the evaluation in progress. Evaluation is synchronous, so one slot is enough. */
let current: Budget | undefined;

/**
 * Past the budget a comprehension gets an empty range: it costs nothing, and
 * its value no longer matters, since the evaluation reports the exhaustion.
 * (An error would cost a stack trace per comprehension left to run.)
 */
const charge = celFunc(HOOK, [CelScalar.DYN, CelScalar.INT], CelScalar.DYN, (range, weight) => {
  const steps = isCelList(range) || isCelMap(range) ? range.size * Number(weight) : 0;
  return current === undefined || current.charge(steps) ? range : [];
});

/**
 * What one step of a comprehension costs: one for those that fold to a bool
 * (`all`, `exists`), more for those that build a list (`map`, `filter`),
 * which measured several times slower per step.
 */
const LIST_STEP_WEIGHT = 5n;

/** Most compiled patterns kept; patterns are nearly always literals in the rules, so this is a backstop. */
const MAX_PATTERNS = 512;
const patterns = new Map<string, Matcher>();

/** `matches` compiles its pattern on every call unless told otherwise: compile each pattern once. */
const re2 = {
  compile(pattern: string): Matcher {
    let re = patterns.get(pattern);
    if (re === undefined) {
      if (patterns.size >= MAX_PATTERNS) patterns.clear();
      re = compileMatcher(pattern);
      patterns.set(pattern, re);
    }
    return re;
  },
};

const env = celEnv({
  variables: { object: CelScalar.DYN, observed: CelScalar.DYN, composite: CelScalar.DYN, name: CelScalar.STRING },
  funcs: [...strings, charge],
  re2,
});

/** The first segments of the registry's type names: `google.protobuf.X` may read as a type rather than a field. */
const TYPE_ROOTS = new Set([...env.registry].map((d) => d.typeName.split('.')[0]));

/** What the fast path shares with the interpreter: the same RE2 cache, functions and types. */
const FAST_DEPS: FastDeps = { re2, isFunction: (name) => env.funcs.find(name) !== undefined, isTypeRoot: (name) => TYPE_ROOTS.has(name) };

/**
 * The fast path of a bool expression. Where it cannot be compiled (a tree too
 * deep for it), there is none: the interpreter alone, as before.
 */
function fastPath(root: Expr): FastPath | undefined {
  try {
    return compileFast(root, FAST_DEPS);
  } catch {
    return undefined;
  }
}

/** CEL's type names, which are identifiers too: `type(x) == int`. */
const TYPE_NAMES = ['int', 'uint', 'double', 'bool', 'string', 'bytes', 'list', 'map', 'null_type', 'type', 'dyn'];

/** Operators the evaluator implements itself rather than as functions. */
const BUILTIN_OPERATORS = new Set(['_&&_', '_||_', '_?_:_', '_[_]', '_[?_]', '_?._', '@not_strictly_false', '__not_strictly_false__']);

/** What an expression must return: a rule's verdict (bool) or a message (string). */
export type ResultKind = 'bool' | 'string';
type ResultOf<K extends ResultKind> = K extends 'bool' ? boolean : string;

export type EvalOutcome<T = boolean> =
  | { kind: 'value'; value: T }
  | { kind: 'error'; message: string }
  | { kind: 'exhausted'; message: string };

export interface Program<T = boolean> {
  /** Evaluates against the bindings, charging comprehension steps to `budget`. Never throws. */
  evaluate(bindings: Bindings, budget: Budget): EvalOutcome<T>;
}

/** Values as `toCel` returns them: convert each object once, however many rules read it. */
export interface Bindings {
  object: unknown;
  observed: unknown;
  composite: unknown;
  name: string;
}

export type { JsonVariables };

/**
 * The variables as the engine holds them (plain JSON), which the fast path
 * reads as they are; their CEL values are made by `convert` (which may
 * memoize) only when the interpreter reads them.
 */
export class JsonBindings implements Bindings {
  constructor(
    readonly json: JsonVariables & { name: string },
    private readonly convert: (value: unknown) => unknown = toCel,
  ) {}

  get object(): unknown {
    return this.convert(this.json.object);
  }

  get observed(): unknown {
    return this.convert(this.json.observed);
  }

  get composite(): unknown {
    return this.convert(this.json.composite);
  }

  get name(): string {
    return this.json.name;
  }
}

/** Each program's fast path, where its expression has one. */
const fastPaths = new WeakMap<Program<unknown>, FastPath>();

/** The fast path of a program (for tests: which path answered), or undefined where it has none. */
export function fastPathOf(program: Program<unknown>): FastPath | undefined {
  return fastPaths.get(program);
}

export type Compiled<T = boolean> = { ok: true; program: Program<T> } | { ok: false; error: string };

/** Compiles a rule's expression (a bool: true means compliant), or a message expression with `'string'`. */
export function compile<K extends ResultKind = 'bool'>(source: string, want: K = 'bool' as K): Compiled<ResultOf<K>> {
  let parsed: ReturnType<typeof parse>;
  try {
    parsed = parse(source);
  } catch (err) {
    return { ok: false, error: syntaxError(err) };
  }
  try {
    return analyze(source, parsed, want) as Compiled<ResultOf<K>>;
  } catch (err) {
    // A tree too deep to walk, or one the planner refuses: a problem of the expression, never a crash.
    return { ok: false, error: tooDeep(err) ?? `cannot compile: ${err instanceof Error ? err.message : String(err)}` };
  }
}

function analyze(source: string, parsed: ReturnType<typeof parse>, want: ResultKind): Compiled<boolean | string> {
  const root = parsed.expr as unknown as Expr;
  const at = (e: Expr) => position(source, parsed.sourceInfo?.positions[String(e.id)]);

  const problem = firstProblem(root, new Set([...VARIABLES, ...TYPE_NAMES]), at);
  if (problem !== undefined) return { ok: false, error: problem };
  const wrong = check(possible(root), want);
  if (wrong !== undefined) return { ok: false, error: `the expression returns ${wrong}, not ${want}${want === 'bool' ? ' (true means compliant)' : ''}` };

  // Before the charging hook goes into the tree: the fast path charges the same steps itself.
  const fast = want === 'bool' ? fastPath(root) : undefined;
  let nextId = maxId(root) + 1n;
  chargeComprehensions(root, () => nextId++);
  const run = plan(env, parsed);
  const program: Program<boolean | string> = {
    evaluate(bindings, budget) {
      if (fast !== undefined && bindings instanceof JsonBindings && !budget.exceeded) {
        const answer = fast(bindings.json, budget.limit - budget.used);
        if (answer !== undefined) {
          budget.charge(answer.steps);
          return { kind: 'value', value: answer.value };
        }
      }
      current = budget;
      let value: CelValue | Error;
      try {
        value = run(bindings as unknown as Parameters<typeof run>[0]);
      } finally {
        current = undefined;
      }
      if (budget.exceeded) return { kind: 'exhausted', message: `cost budget of ${budget.limit} comprehension steps exceeded` };
      if (isCelError(value)) return { kind: 'error', message: value.message };
      if (typeof value !== (want === 'bool' ? 'boolean' : 'string')) return { kind: 'error', message: `the expression returned ${describe(value)}, not a ${want}` };
      return { kind: 'value', value: value as boolean | string };
    },
  };
  if (fast !== undefined) fastPaths.set(program, fast);
  return { ok: true, program };
}

function tooDeep(err: unknown): string | undefined {
  return err instanceof RangeError ? 'the expression is nested too deeply; split it or flatten it' : undefined;
}

function syntaxError(err: unknown): string {
  const deep = tooDeep(err);
  if (deep !== undefined) return deep;
  if (err instanceof Error && 'location' in err) {
    const loc = (err as { location?: { start?: { line?: number; column?: number } } }).location?.start;
    const raw = 'rawMessage' in err && typeof err.rawMessage === 'string' ? err.rawMessage : err.message;
    if (loc?.line !== undefined) return `syntax error at ${loc.line}:${loc.column}: ${raw}`;
  }
  return `syntax error: ${err instanceof Error ? err.message : String(err)}`;
}

/** `line:column` (both from 1) of a source offset. */
function position(source: string, offset: number | undefined): string {
  if (offset === undefined) return '?';
  const before = source.slice(0, offset);
  const line = before.split('\n').length;
  return `${line}:${offset - before.lastIndexOf('\n')}`;
}

/** The first reference to an unknown variable or function, in source order of the walk. */
function firstProblem(e: Expr | undefined, scope: ReadonlySet<string>, at: (e: Expr) => string): string | undefined {
  if (e === undefined) return undefined;
  const k = e.exprKind;
  switch (k.case) {
    case 'identExpr':
      return scope.has(k.value.name) ? undefined : `unknown variable "${k.value.name}" at ${at(e)}; the variables are ${VARIABLES.join(', ')}`;
    case 'selectExpr':
      return firstProblem(k.value.operand, scope, at);
    case 'callExpr': {
      const fn = k.value.function;
      if (fn === HOOK || (!BUILTIN_OPERATORS.has(fn) && env.funcs.find(fn) === undefined)) return `unknown function "${fn}" at ${at(e)}`;
      for (const child of [k.value.target, ...k.value.args]) {
        const p = firstProblem(child, scope, at);
        if (p !== undefined) return p;
      }
      return undefined;
    }
    case 'listExpr':
      for (const child of k.value.elements) {
        const p = firstProblem(child, scope, at);
        if (p !== undefined) return p;
      }
      return undefined;
    case 'structExpr':
      if (k.value.messageName !== '') return `message construction "${k.value.messageName}" is not supported at ${at(e)}`;
      for (const entry of k.value.entries) {
        const p = firstProblem(mapKeyOf(entry), scope, at) ?? firstProblem(entry.value, scope, at);
        if (p !== undefined) return p;
      }
      return undefined;
    case 'comprehensionExpr': {
      const c = k.value;
      const outer = firstProblem(c.iterRange, scope, at) ?? firstProblem(c.accuInit, scope, at);
      if (outer !== undefined) return outer;
      const inner = new Set([...scope, c.iterVar, c.accuVar, ...(c.iterVar2 === '' ? [] : [c.iterVar2])]);
      return firstProblem(c.loopCondition, inner, at) ?? firstProblem(c.loopStep, inner, at) ?? firstProblem(c.result, new Set([...scope, c.accuVar]), at);
    }
    default:
      return undefined;
  }
}

const CONSTANT_TYPES: Record<string, string> = {
  boolValue: 'bool',
  int64Value: 'int',
  uint64Value: 'uint',
  doubleValue: 'double',
  stringValue: 'string',
  bytesValue: 'bytes',
  nullValue: 'null',
};

/** The types an expression's value can have, known without the data: `any` for a field of the data. */
interface Possible {
  types: ReadonlySet<string> | 'any';
  /** The operator or function whose overloads give `types`, for messages. */
  from?: string;
}

const ANY: Possible = { types: 'any' };
const one = (type: string): Possible => ({ types: new Set([type]) });

/** Whether the value can be `want`; if not, what it is, for the message. */
function check(p: Possible, want: string): string | undefined {
  if (p.types === 'any' || p.types.has(want)) return undefined;
  return p.types.size === 1 ? [...p.types][0] : `the result of ${p.from ?? 'the expression'}`;
}

function possible(e: Expr | undefined): Possible {
  if (e === undefined) return ANY;
  const k = e.exprKind;
  switch (k.case) {
    case 'constExpr': {
      const type = CONSTANT_TYPES[k.value.constantKind.case ?? ''];
      return type === undefined ? ANY : one(type);
    }
    case 'listExpr':
      return one('list');
    case 'structExpr':
      return one('map');
    case 'identExpr':
      return k.value.name === 'name' ? one('string') : ANY;
    case 'selectExpr': {
      if (k.value.testOnly) return one('bool');
      const known = KNOWN_FIELDS.get(selectPath(e)?.join('.') ?? '');
      return known === undefined ? ANY : one(known);
    }
    case 'comprehensionExpr': {
      // The macros return their accumulator: a bool for all/exists, a list for map/filter.
      const { result, accuVar, accuInit } = k.value;
      const returnsAccumulator = result?.exprKind.case === 'identExpr' && result.exprKind.value.name === accuVar;
      return possible(returnsAccumulator ? accuInit : result);
    }
    case 'callExpr': {
      const fn = k.value.function;
      if (fn === '_&&_' || fn === '_||_' || fn === '@not_strictly_false') return one('bool');
      if (fn === '_?_:_') {
        const [a, b] = [possible(k.value.args[1]), possible(k.value.args[2])];
        return a.types === 'any' || b.types === 'any' ? ANY : { types: new Set([...a.types, ...b.types]), from: 'the conditional' };
      }
      const group = env.funcs.find(fn);
      if (group === undefined) return ANY;
      const results = [...group].map((f) => f.result);
      if (results.includes(CelScalar.DYN)) return ANY;
      return { types: new Set(results.map((r) => (r === CelScalar.BOOL ? 'bool' : r.name))), from: fn.replace(/^_(.*)_$/, '$1') };
    }
    default:
      return ANY;
  }
}

/**
 * Fields every Kubernetes object has, with their types: a rule that returns
 * `object.metadata.name` returns a string whatever the resource.
 */
const KNOWN_FIELDS = new Map(
  ['object', 'observed', 'composite'].flatMap((root) => [
    [`${root}.apiVersion`, 'string'],
    [`${root}.kind`, 'string'],
    [`${root}.metadata.name`, 'string'],
    [`${root}.metadata.namespace`, 'string'],
    [`${root}.metadata.uid`, 'string'],
    [`${root}.metadata.labels`, 'map'],
    [`${root}.metadata.annotations`, 'map'],
  ]),
);

/** `object.metadata.name` as ['object', 'metadata', 'name'], for a plain chain of field selections. */
function selectPath(e: Expr | undefined): string[] | undefined {
  if (e === undefined) return undefined;
  const k = e.exprKind;
  if (k.case === 'identExpr') return [k.value.name];
  if (k.case !== 'selectExpr' || k.value.testOnly) return undefined;
  const head = selectPath(k.value.operand);
  return head === undefined ? undefined : [...head, k.value.field];
}

function maxId(e: Expr | undefined): bigint {
  let max = 0n;
  walk(e, (x) => {
    if (x.id > max) max = x.id;
  });
  return max;
}

/** Routes every comprehension's range through the charging hook, with the weight of its steps. */
function chargeComprehensions(root: Expr, newId: () => bigint): void {
  walk(root, (x) => {
    if (x.exprKind.case !== 'comprehensionExpr' || x.exprKind.value.iterRange === undefined) return;
    const { iterRange: range, accuInit } = x.exprKind.value;
    const builds = accuInit?.exprKind.case === 'listExpr' || accuInit?.exprKind.case === 'structExpr';
    const weight = {
      $typeName: 'cel.expr.Expr',
      id: newId(),
      exprKind: { case: 'constExpr', value: { $typeName: 'cel.expr.Constant', constantKind: { case: 'int64Value', value: builds ? LIST_STEP_WEIGHT : 1n } } },
    };
    x.exprKind.value.iterRange = {
      $typeName: 'cel.expr.Expr',
      id: newId(),
      exprKind: { case: 'callExpr', value: { $typeName: 'cel.expr.Expr.Call', function: HOOK, args: [range, weight] } },
    } as unknown as Expr;
  });
}

function walk(e: Expr | undefined, visit: (e: Expr) => void): void {
  if (e === undefined) return;
  visit(e);
  const k = e.exprKind;
  switch (k.case) {
    case 'selectExpr':
      walk(k.value.operand, visit);
      break;
    case 'callExpr':
      walk(k.value.target, visit);
      for (const a of k.value.args) walk(a, visit);
      break;
    case 'listExpr':
      for (const a of k.value.elements) walk(a, visit);
      break;
    case 'structExpr':
      for (const entry of k.value.entries) {
        walk(mapKeyOf(entry), visit);
        walk(entry.value, visit);
      }
      break;
    case 'comprehensionExpr': {
      const c = k.value;
      for (const child of [c.iterRange, c.accuInit, c.loopCondition, c.loopStep, c.result]) walk(child, visit);
      break;
    }
    default:
      break;
  }
}

/**
 * JSON to CEL values, once per object: maps and lists become CEL's own (else
 * CEL re-wraps a plain object on every field access), and whole numbers
 * become CEL ints, as Kubernetes' CEL does for integer fields, so
 * `size > 100` and `count * 2` work as written.
 */
export function toCel(value: unknown): unknown {
  if (typeof value === 'number') return Number.isSafeInteger(value) ? BigInt(value) : value;
  if (Array.isArray(value)) return celList(value.map(toCel) as Parameters<typeof celList>[0]);
  if (typeof value === 'object' && value !== null) return celMap(new JsonMap(value as Record<string, unknown>) as unknown as Parameters<typeof celMap>[0]);
  return value;
}

/**
 * A JSON object as the map CEL reads, each value converted on first read:
 * an expression reads a few fields of a resource, so converting all of it up
 * front was most of the cost of a custom rule. Keys are the object's own
 * keys only, as `Object.entries` gives them.
 */
class JsonMap implements ReadonlyMap<unknown, unknown> {
  #keys: string[] | undefined;
  readonly #values = new Map<string, unknown>();

  constructor(private readonly object: Record<string, unknown>) {}

  get size(): number {
    return this.ownKeys().length;
  }

  has(key: unknown): boolean {
    return typeof key === 'string' && Object.hasOwn(this.object, key);
  }

  get(key: unknown): unknown {
    if (typeof key !== 'string' || !Object.hasOwn(this.object, key)) return undefined;
    if (this.#values.has(key)) return this.#values.get(key);
    const value = toCel(this.object[key]);
    this.#values.set(key, value);
    return value;
  }

  forEach(callback: (value: unknown, key: unknown, map: ReadonlyMap<unknown, unknown>) => void, thisArg?: unknown): void {
    for (const key of this.ownKeys()) callback.call(thisArg, this.get(key), key, this);
  }

  *entries(): MapIterator<[unknown, unknown]> {
    for (const key of this.ownKeys()) yield [key, this.get(key)];
  }

  keys(): MapIterator<unknown> {
    return this.ownKeys()[Symbol.iterator]();
  }

  *values(): MapIterator<unknown> {
    for (const key of this.ownKeys()) yield this.get(key);
  }

  [Symbol.iterator](): MapIterator<[unknown, unknown]> {
    return this.entries();
  }

  private ownKeys(): string[] {
    return (this.#keys ??= Object.keys(this.object));
  }
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (typeof value === 'bigint') return 'an int';
  if (typeof value === 'string') return 'a string';
  if (typeof value === 'number') return 'a double';
  if (isCelList(value)) return 'a list';
  if (isCelMap(value)) return 'a map';
  return `a ${typeof value}`;
}
