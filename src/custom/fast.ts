/**
 * The fast path of custom rules: the common subset of CEL compiled once into
 * JS closures that read the objects as the engine holds them (plain JSON),
 * with no conversion to CEL values and no interpreter.
 *
 * Exact by construction: it answers only with a bool the interpreter would
 * return, having taken the comprehension steps the interpreter would take;
 * wherever the result is an error, or anything it cannot vouch for, it
 * answers nothing and the caller runs the interpreter, which gives the
 * outcome and its message as before. So an error is a value here (`ERR`,
 * absorbed by `&&`, `||` and the macros as the interpreter absorbs it), and
 * "not sure" is thrown (`UNSURE`): it aborts the attempt, since nothing it
 * would have absorbed can be trusted.
 *
 * What it mirrors is @bufbuild/cel 0.6's interpreter (planner.js, access.js,
 * std/logic.js), not the CEL spec where the two differ: strings order by
 * UTF-16 code units (JS `<`); `has(m.k)` and `'k' in m` are false when the
 * key holds null (the map's `has` is `get(k) != undefined`); `has()` on a
 * value that is not a map is false, not an error; `l[true]` reads `l[1]`
 * (not mirrored: unsure). A number's CEL type is known from its value alone:
 * the objects' numbers are ints when they are safe integers (as `toCel`
 * makes them) and doubles otherwise, and literals that would break that
 * (an integral double like `1.0`, an int past 2^53) are left to the
 * interpreter. Lists and maps compare by content; a NaN inside them is
 * unsure (the interpreter answers true for one converted instance without
 * looking inside).
 *
 * The subset: the variables and comprehension variables; field selection;
 * `has()`; `a[k]` with a string or int key; string, bool, null, int and
 * double literals and lists of them; `== != < <= > >=`; `&& || !`; `?:`;
 * `in` on lists and maps; `size()` (function and method); `startsWith`,
 * `endsWith`, `contains`, `matches` (the same cached RE2 as the
 * interpreter's, never a JS RegExp); `+` of two ints or two strings and `-`
 * of two ints; the macros `all`, `exists`, `exists_one`. Anything else
 * compiles to a node that throws UNSURE when reached, so an expression whose
 * other parts are common still gets an answer when evaluation never reaches
 * it (`!has(x) || x.lowerAscii() == 'a'` on a resource without `x`); a node
 * that always evaluates such a node is unsure too, and an expression unsure
 * at its root has no fast path.
 */
import type { Expr } from './ast.js';

/** The variables, as plain JSON: the objects as custom rules see them (`asApplied`), `name` a string. */
export interface JsonVariables {
  object: unknown;
  observed: unknown;
  composite: unknown;
  name: unknown;
}

/** The bool and the comprehension steps it took, or nothing: the interpreter decides. Never throws. */
export type FastPath = (vars: JsonVariables, room: number) => { value: boolean; steps: number } | undefined;

export interface FastDeps {
  /** The cached RE2 compile that the interpreter's `matches` uses. */
  re2: { compile(pattern: string): { test(input: string): boolean } };
  /** Whether a function of this name exists: the interpreter tries `a.b.f` as a function before `f` on `a.b`. */
  isFunction(name: string): boolean;
  /** Whether an identifier starts a type name of the registry: the interpreter may read `google.protobuf.X` as a type. */
  isTypeRoot(name: string): boolean;
}

/** A CEL error, as a value. */
const ERR: unique symbol = Symbol('error');
/** Thrown where the fast path cannot vouch for what the interpreter does. */
const UNSURE = Object.freeze({ unsure: true });

/** A value of the fast path: a JSON value (arrays are lists, other objects maps) or an error. */
type Value = string | boolean | number | null | readonly unknown[] | JsonMap | typeof ERR;
type JsonMap = Readonly<Record<string, unknown>>;

interface State {
  /** The four variables, then one slot per comprehension variable. */
  readonly vars: Value[];
  steps: number;
  /** Most steps the budget has left: past it the interpreter reports the exhaustion. */
  readonly room: number;
}

type Node = (s: State) => Value;

const unsure: Node = () => {
  throw UNSURE;
};

const VARIABLES = ['object', 'observed', 'composite', 'name'] as const;

/** A comprehension's step weight is 1 for the macros the fast path runs (they fold to a bool or an int). */
const MACRO_STEP_WEIGHT = 1;

/** The fast path of a bool expression, or undefined when its root is outside the subset. */
export function compileFast(root: Expr, deps: FastDeps): FastPath | undefined {
  let slots = VARIABLES.length;
  const newSlot = () => slots++;
  const top = compileNode(root, new Map(VARIABLES.map((v, i) => [v, i])), deps, newSlot);
  if (top === unsure) return undefined;
  return (json, room) => {
    const vars: Value[] = new Array<Value>(slots);
    const s: State = { vars, steps: 0, room };
    try {
      vars[0] = read(json.object);
      vars[1] = read(json.observed);
      vars[2] = read(json.composite);
      vars[3] = read(json.name);
      const value = top(s);
      return typeof value === 'boolean' ? { value, steps: s.steps } : undefined;
    } catch {
      // UNSURE, the budget's end, or a failure of the fast path itself: the interpreter decides, as before.
      return undefined;
    }
  };
}

function compileNode(e: Expr | undefined, scope: ReadonlyMap<string, number>, deps: FastDeps, newSlot: () => number): Node {
  if (e === undefined) return unsure;
  const sub = (x: Expr | undefined, inner: ReadonlyMap<string, number> = scope) => compileNode(x, inner, deps, newSlot);
  const k = e.exprKind;
  switch (k.case) {
    case 'constExpr': {
      const v = literal(k.value.constantKind);
      return v === undefined ? unsure : () => v;
    }
    case 'identExpr': {
      const slot = scope.get(k.value.name);
      if (slot === undefined || deps.isTypeRoot(k.value.name)) return unsure;
      return (s) => s.vars[slot]!;
    }
    case 'selectExpr': {
      const { field, testOnly } = k.value;
      const operand = sub(k.value.operand);
      if (operand === unsure) return unsure;
      if (testOnly) return (s) => has(operand(s), field);
      return (s) => select(operand(s), field);
    }
    case 'listExpr': {
      if ((k.value.optionalIndices?.length ?? 0) > 0) return unsure;
      const elements = k.value.elements.map((x) => sub(x));
      if (elements.includes(unsure)) return unsure;
      // A list of literals (`x in ['a', 'b']`) is built once: nothing in the fast path changes a value.
      const literals = k.value.elements.map((x) => (x.exprKind.case === 'constExpr' ? literal(x.exprKind.value.constantKind) : undefined));
      if (!literals.includes(undefined)) {
        const list = Object.freeze(literals as Value[]);
        return () => list;
      }
      return (s) => {
        const out: Value[] = [];
        for (const el of elements) {
          const v = el(s);
          if (v === ERR) return ERR;
          out.push(v);
        }
        return out;
      };
    }
    case 'callExpr':
      return call(k.value, sub, deps);
    case 'comprehensionExpr':
      return macro(k.value, scope, sub, newSlot);
    default:
      return unsure;
  }
}

/** A literal's value, where its CEL type follows from its JS value; undefined for the others. */
function literal(c: { case: string | undefined; value?: unknown }): Value | undefined {
  switch (c.case) {
    case 'stringValue':
    case 'boolValue':
      return c.value as string | boolean;
    case 'nullValue':
      return null;
    case 'int64Value': {
      const n = Number(c.value as bigint);
      return Number.isSafeInteger(n) ? n : undefined;
    }
    case 'doubleValue':
      // An integral double would read as an int.
      return typeof c.value === 'number' && !Number.isSafeInteger(c.value) ? c.value : undefined;
    default:
      return undefined;
  }
}

type Sub = (x: Expr | undefined) => Node;

/** Operators and functions, each evaluating its operands in the interpreter's order and stopping at the first error. */
function call(c: { target?: Expr; function: string; args: Expr[] }, sub: Sub, deps: FastDeps): Node {
  const { target, function: fn, args } = c;
  if (target !== undefined) {
    const qualified = qualifiedName(target);
    if (qualified !== undefined && deps.isFunction(`${qualified}.${fn}`)) return unsure;
    const of = sub(target);
    if (of === unsure) return unsure;
    if (fn === 'size' && args.length === 0) return (s) => sizeOf(of(s));
    const apply = fn === 'matches' ? (t: string, a: string) => matches(deps, t, a) : STRING_TESTS.get(fn);
    if (apply !== undefined && args.length === 1) {
      const arg = sub(args[0]);
      if (arg === unsure) return unsure;
      return (s) => {
        const t = of(s);
        if (t === ERR) return ERR;
        const a = arg(s);
        if (a === ERR) return ERR;
        return typeof t === 'string' && typeof a === 'string' ? apply(t, a) : ERR;
      };
    }
    return unsure;
  }
  if (args.length === 1) {
    const x = sub(args[0]);
    if (x === unsure) return unsure;
    if (fn === '!_') return (s) => not(x(s));
    if (fn === 'size') return (s) => sizeOf(x(s));
    return unsure;
  }
  if (args.length === 3 && fn === '_?_:_') {
    const [cond, t, f] = args.map((x) => sub(x)) as [Node, Node, Node];
    if (cond === unsure) return unsure;
    return (s) => {
      const v = cond(s);
      return v === true ? t(s) : v === false ? f(s) : ERR;
    };
  }
  if (args.length !== 2) return unsure;
  const [l, r] = args.map((x) => sub(x)) as [Node, Node];
  // What always runs decides: an unsure left side (or either side of an operator) makes the node unsure. A right
  // side of && or ||, a branch of ?: or a macro's step may never run, and keep the node's chance to answer.
  if (l === unsure || (r === unsure && fn !== '_&&_' && fn !== '_||_')) return unsure;
  switch (fn) {
    case '_&&_':
      // Both sides run unless the left is false; a false on either side absorbs an error on the other.
      return (s) => {
        const a = l(s);
        if (a === false) return false;
        const b = r(s);
        if (b === false) return false;
        return a === true && b === true ? true : ERR;
      };
    case '_||_':
      return (s) => {
        const a = l(s);
        if (a === true) return true;
        const b = r(s);
        if (b === true) return true;
        return a === false && b === false ? false : ERR;
      };
    case '_[_]':
      return binary(l, r, index);
    case '_==_':
      return binary(l, r, equals);
    case '_!=_':
      return binary(l, r, (a, b) => !equals(a, b));
    case '_<_':
      return binary(l, r, (a, b) => compare(a, b, (x, y) => x < y));
    case '_<=_':
      return binary(l, r, (a, b) => compare(a, b, (x, y) => x <= y));
    case '_>_':
      return binary(l, r, (a, b) => compare(a, b, (x, y) => x > y));
    case '_>=_':
      return binary(l, r, (a, b) => compare(a, b, (x, y) => x >= y));
    case '@in':
      return binary(l, r, contains);
    case '_+_':
      return binary(l, r, add);
    case '_-_':
      return binary(l, r, subtract);
    default:
      return unsure;
  }
}

/** `a.b.c` as 'a.b.c', for a target the interpreter may read as a qualified function name. */
function qualifiedName(e: Expr): string | undefined {
  const k = e.exprKind;
  if (k.case === 'identExpr') return k.value.name;
  if (k.case !== 'selectExpr' || k.value.testOnly || k.value.operand === undefined) return undefined;
  const head = qualifiedName(k.value.operand);
  return head === undefined ? undefined : `${head}.${k.value.field}`;
}

/** Evaluates `l` then, unless it is an error, `r`, and applies `op` to two values. */
function binary(l: Node, r: Node, op: (a: Exclude<Value, typeof ERR>, b: Exclude<Value, typeof ERR>) => Value): Node {
  return (s) => {
    const a = l(s);
    if (a === ERR) return ERR;
    const b = r(s);
    if (b === ERR) return ERR;
    return op(a, b);
  };
}

/** The string methods with one string argument (`matches` apart: it needs the cached RE2). */
const STRING_TESTS = new Map<string, (t: string, a: string) => boolean>([
  ['startsWith', (t, a) => t.startsWith(a)],
  ['endsWith', (t, a) => t.endsWith(a)],
  ['contains', (t, a) => t.includes(a)],
]);

function matches(deps: FastDeps, input: string, pattern: string): Value {
  try {
    return deps.re2.compile(pattern).test(input);
  } catch {
    // The interpreter turns what the function throws (a bad pattern) into an error value.
    return ERR;
  }
}

/**
 * The macros `all`, `exists` and `exists_one`, recognized by the exact shape
 * the parser expands them to. The range is charged its size before the first
 * step, as the interpreter's charging hook does; past the budget's room the
 * attempt stops (the interpreter will report the exhaustion).
 */
function macro(
  c: { iterVar: string; iterVar2: string; accuVar: string; iterRange?: Expr; accuInit?: Expr; loopCondition?: Expr; loopStep?: Expr; result?: Expr },
  scope: ReadonlyMap<string, number>,
  sub: (x: Expr | undefined, inner?: ReadonlyMap<string, number>) => Node,
  newSlot: () => number,
): Node {
  const kind = macroKind(c);
  if (kind === undefined || c.iterVar2 !== '') return unsure;
  const range = sub(c.iterRange);
  if (range === unsure) return unsure;
  const slot = newSlot();
  const test = sub(kind.test, new Map(scope).set(c.iterVar, slot));
  return (s) => {
    const r = range(s);
    if (r === ERR) return ERR;
    let keys: string[] | undefined;
    let n: number;
    if (Array.isArray(r)) n = r.length;
    else if (isMap(r)) n = (keys = Object.keys(r)).length;
    else return ERR;
    s.steps += n * MACRO_STEP_WEIGHT;
    if (s.steps > s.room) throw UNSURE;
    const list = r as readonly unknown[];
    let count = 0;
    let errored = false;
    for (let i = 0; i < n; i++) {
      s.vars[slot] = keys === undefined ? read(list[i]) : keys[i]!;
      const v = test(s);
      if (kind.name === 'exists_one') {
        if (v === true) count++;
        else if (v !== false) errored = true;
        continue;
      }
      // all stops at the first false, exists at the first true; an error or a non-bool is absorbed only by that.
      if (v === kind.stop) return kind.stop;
      if (v !== !kind.stop) errored = true;
    }
    if (errored) return ERR;
    return kind.name === 'exists_one' ? count === 1 : !kind.stop;
  };
}

type MacroKind = { name: 'all' | 'exists'; stop: boolean; test: Expr } | { name: 'exists_one'; stop?: undefined; test: Expr };

function macroKind(c: { accuVar: string; accuInit?: Expr; loopCondition?: Expr; loopStep?: Expr; result?: Expr }): MacroKind | undefined {
  const accu = (e: Expr | undefined) => e?.exprKind.case === 'identExpr' && e.exprKind.value.name === c.accuVar;
  const constant = (e: Expr | undefined, kind: string, value: unknown) =>
    e?.exprKind.case === 'constExpr' && e.exprKind.value.constantKind.case === kind && e.exprKind.value.constantKind.value === value;
  const args = (e: Expr | undefined, fn: string) => (e?.exprKind.case === 'callExpr' && e.exprKind.value.function === fn && e.exprKind.value.target === undefined ? e.exprKind.value.args : undefined);

  // all:    true,  @not_strictly_false(@result),     @result && test, @result
  // exists: false, @not_strictly_false(!@result),    @result || test, @result
  const notFalse = args(c.loopCondition, '@not_strictly_false');
  if (notFalse?.length === 1 && accu(c.result)) {
    const all = constant(c.accuInit, 'boolValue', true) && accu(notFalse[0]);
    const negated = args(notFalse[0], '!_');
    const exists = constant(c.accuInit, 'boolValue', false) && negated?.length === 1 && accu(negated[0]);
    const step = args(c.loopStep, all ? '_&&_' : '_||_');
    if ((all || exists) && step?.length === 2 && accu(step[0])) return { name: all ? 'all' : 'exists', stop: !all, test: step[1]! };
    return undefined;
  }
  // exists_one: 0, true, test ? @result + 1 : @result, @result == 1
  const branch = args(c.loopStep, '_?_:_');
  const plus = args(branch?.[1], '_+_');
  const result = args(c.result, '_==_');
  if (
    constant(c.accuInit, 'int64Value', 0n) &&
    constant(c.loopCondition, 'boolValue', true) &&
    branch?.length === 3 &&
    plus?.length === 2 &&
    accu(plus[0]) &&
    constant(plus[1], 'int64Value', 1n) &&
    accu(branch[2]) &&
    result?.length === 2 &&
    accu(result[0]) &&
    constant(result[1], 'int64Value', 1n)
  ) {
    return { name: 'exists_one', test: branch[0]! };
  }
  return undefined;
}

/** A value read from the JSON: what `toCel` converts (anything else, such as undefined in a hole, is the interpreter's to judge). */
function read(v: unknown): Value {
  switch (typeof v) {
    case 'string':
    case 'boolean':
    case 'number':
    case 'object':
      return v as Value;
    default:
      throw UNSURE;
  }
}

function isMap(v: unknown): v is JsonMap {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

const isInt = (v: unknown): v is number => Number.isSafeInteger(v);

/** `m.f`: the field of a map, else an error (missing key, a list, a scalar, null). */
function select(v: Value, field: string): Value {
  return isMap(v) && Object.hasOwn(v, field) ? read(v[field]) : ERR;
}

/** `has(m.f)`: whether the key is there and not null; false on anything that is not a map. */
function has(v: Value, field: string): Value {
  if (v === ERR) return ERR;
  return isMap(v) && Object.hasOwn(v, field) && v[field] != null;
}

/** `a[k]`: a map by a string key, a list by an int; the other keys (bools, doubles, null) are the interpreter's. */
function index(v: Exclude<Value, typeof ERR>, key: Exclude<Value, typeof ERR>): Value {
  if (typeof key === 'string') return isMap(v) && Object.hasOwn(v, key) ? read(v[key]) : ERR;
  if (!isInt(key)) throw UNSURE;
  if (Array.isArray(v)) return key >= 0 && key < v.length ? read((v as readonly unknown[])[key]) : ERR;
  return ERR;
}

function not(v: Value): Value {
  return v === true ? false : v === false ? true : ERR;
}

/** CEL equality as the interpreter has it: numbers by value across int and double, other scalars by type and value, lists and maps by content. */
function equals(a: Exclude<Value, typeof ERR>, b: Exclude<Value, typeof ERR>): boolean {
  if (typeof a !== 'object' || a === null || typeof b !== 'object' || b === null) return a === b;
  if (Array.isArray(a) || Array.isArray(b)) {
    if (!Array.isArray(a) || !Array.isArray(b) || a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (!equalsInside(read(a[i]), read(b[i]))) return false;
    return true;
  }
  const keys = Object.keys(a);
  if (keys.length !== Object.keys(b).length) return false;
  for (const key of keys) {
    if (!Object.hasOwn(b, key)) return false;
    if (!equalsInside(read((a as JsonMap)[key]), read((b as JsonMap)[key]))) return false;
  }
  return true;
}

function equalsInside(a: Value, b: Value): boolean {
  if (Number.isNaN(a) || Number.isNaN(b)) throw UNSURE;
  return equals(a as Exclude<Value, typeof ERR>, b as Exclude<Value, typeof ERR>);
}

/** `<` and the like: between two numbers (int and double mixed), two strings (UTF-16 units, as JS) or two bools; else an error. */
function compare(a: Value, b: Value, op: (x: number | string | boolean, y: number | string | boolean) => boolean): Value {
  const t = typeof a;
  return t === typeof b && (t === 'number' || t === 'string' || t === 'boolean') ? op(a as number, b as number) : ERR;
}

/** `x in c`: a list by equality; a map by key (string keys only exist, and a key holding null counts as absent). */
function contains(x: Exclude<Value, typeof ERR>, c: Exclude<Value, typeof ERR>): Value {
  if (Array.isArray(c)) {
    for (const el of c as readonly unknown[]) if (equals(read(el) as Exclude<Value, typeof ERR>, x)) return true;
    return false;
  }
  if (!isMap(c)) return ERR;
  if (typeof x === 'string') return Object.hasOwn(c, x) && c[x] != null;
  return typeof x === 'number' || typeof x === 'boolean' ? false : ERR;
}

/** `size`: code points of a string, elements of a list, keys of a map. */
function sizeOf(v: Value): Value {
  if (typeof v === 'string') {
    let n = 0;
    for (const _ of v) n++;
    return n;
  }
  if (Array.isArray(v)) return v.length;
  if (isMap(v)) return Object.keys(v).length;
  return ERR;
}

/** Two ints (past 2^53 the interpreter's 64-bit result is unsure here) or two strings; the rest is the interpreter's. */
function add(a: Value, b: Value): Value {
  if (typeof a === 'string' && typeof b === 'string') return a + b;
  if (isInt(a) && isInt(b) && isInt(a + b)) return a + b;
  throw UNSURE;
}

function subtract(a: Value, b: Value): Value {
  if (isInt(a) && isInt(b) && isInt(a - b)) return a - b;
  throw UNSURE;
}
