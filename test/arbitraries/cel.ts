/**
 * fast-check arbitraries for the CEL of custom rules: expressions from the
 * grammar of the fast path's subset (src/custom/fast.ts), with some that are
 * just outside it (string extensions, casts, `map`/`filter`, integral
 * doubles, ints past 2^53, `l[true]`, map literals), and the JSON they run
 * on: missing fields, nulls, values of the wrong type, ints and doubles and
 * numbers past 2^53, astral and lone-surrogate strings, empty maps and lists,
 * `__proto__` keys, now and then NaN and infinities (possible on the wire).
 *
 * An expression is a tree rendered to source with every operand in
 * parentheses; variables are indexes into what is in scope where they are
 * rendered (the four variables and the comprehension variables around), so
 * any tree renders to an expression that compiles, and shrinks as a tree.
 */
import fc from 'fast-check';

/** The keys of the JSON and the fields the expressions read: few, so that reads find something. */
export const KEYS = ['a', 'b', 'l', 'm', 's', 'n', 'region', 'labels', '__proto__'] as const;

/** Names a macro may bind, two of them shadowing a variable. */
const ITER_VARS = ['x', 'y', 'object', 'name'] as const;

export type CelNode =
  | { t: 'var'; i: number }
  | { t: 'lit'; src: string }
  | { t: 'select'; of: CelNode; field: string }
  | { t: 'has'; of: CelNode; field: string }
  | { t: 'index'; of: CelNode; key: CelNode }
  | { t: 'list'; items: CelNode[] }
  | { t: 'op'; op: string; l: CelNode; r: CelNode }
  | { t: 'not'; x: CelNode }
  | { t: 'cond'; c: CelNode; a: CelNode; b: CelNode }
  | { t: 'size'; x: CelNode; method: boolean }
  | { t: 'method'; of: CelNode; fn: string; arg: CelNode }
  | { t: 'macro'; fn: string; of: CelNode; v: string; body: CelNode }
  | { t: 'outside'; template: string; x: CelNode };

/** Source text of a tree, with `scope` the comprehension variables around it (innermost last). */
export function render(n: CelNode, scope: readonly string[] = []): string {
  const r = (x: CelNode) => `(${render(x, scope)})`;
  switch (n.t) {
    case 'var': {
      const names = ['object', 'observed', 'composite', 'name', ...scope];
      return names[n.i % names.length]!;
    }
    case 'lit':
      return n.src;
    case 'select':
      return `${r(n.of)}.${n.field}`;
    case 'has':
      return `has(${r(n.of)}.${n.field})`;
    case 'index':
      return `${r(n.of)}[${render(n.key, scope)}]`;
    case 'list':
      return `[${n.items.map((x) => render(x, scope)).join(', ')}]`;
    case 'op':
      return `${r(n.l)} ${n.op} ${r(n.r)}`;
    case 'not':
      return `!${r(n.x)}`;
    case 'cond':
      return `${r(n.c)} ? ${r(n.a)} : ${r(n.b)}`;
    case 'size':
      return n.method ? `${r(n.x)}.size()` : `size(${render(n.x, scope)})`;
    case 'method':
      return `${r(n.of)}.${n.fn}(${render(n.arg, scope)})`;
    case 'macro':
      return `${r(n.of)}.${n.fn}(${n.v}, ${render(n.body, [...scope, n.v])})`;
    case 'outside':
      return n.template.replace('%', r(n.x));
  }
}

const LITERALS = [
  "'a'", "'b'", "''", "'eu-'", "'eu-west-1'", "'😀'", "'a😀b'", "'😀😀'", "'\\u00e9'", "'\\uffff'", "'__proto__'", "'region'",
  '0', '1', '2', '3', '-1', '9007199254740991', '-9007199254740991', '1.5', '-0.5', '0.1', '1e300',
  'true', 'false', 'null',
];
/** Literals the fast path leaves to the interpreter: an integral double, an int past 2^53, a uint, bytes. */
const OUTSIDE_LITERALS = ['1.0', '0.0', '9007199254740993', '1u', "b'a'", '{}', "{'a': 1}"];
const PATTERNS = ["'^a'", "'a+'", "'^[a-z0-9-]+$'", "'.'", "'😀'", "'('", "''"];

/** Expressions the fast path does not run, around any operand. */
const OUTSIDE = [
  '%.lowerAscii()', 'type(%) == int', 'type(%) == double', 'int(%)', 'string(%)', 'double(%)', '% * 2', '-%', '% / 2',
  '%.map(x, x)', '%.filter(x, true)', '%.map(x, x).size()', '%[1.5]', '%[true]', '%[null]', 'dyn(%)', '% + 1.5', '% + [1]',
];

const arbitraries = fc.letrec<{ value: CelNode; bool: CelNode; path: CelNode }>((tie) => {
  const depth = { depthSize: 'small' as const, maxDepth: 5, depthIdentifier: 'cel' };
  const literal = fc.oneof({ weight: 8, arbitrary: fc.constantFrom(...LITERALS) }, { weight: 1, arbitrary: fc.constantFrom(...OUTSIDE_LITERALS) }).map((src): CelNode => ({ t: 'lit', src }));
  const field = fc.constantFrom(...KEYS);
  const text = fc.constantFrom("'😀'", "'\\uffff'", "'\\ue000'", "'a'", "''").map((src): CelNode => ({ t: 'lit', src }));
  const addend = fc.constantFrom('0', '1', '2', '-1', '9007199254740991', '1.0', '0.0', '1.5', "'a'", "''").map((src): CelNode => ({ t: 'lit', src }));
  const op = (ops: string[], l: fc.Arbitrary<CelNode>, r: fc.Arbitrary<CelNode>) => fc.record({ op: fc.constantFrom(...ops), l, r }).map((x): CelNode => ({ t: 'op', ...x }));
  return {
    path: fc.oneof(
      depth,
      // `object` most often: the other variables are often null (observed) or a string (name).
      { weight: 3, arbitrary: fc.oneof({ weight: 2, arbitrary: fc.constant(0) }, { weight: 3, arbitrary: fc.nat(7) }).map((i): CelNode => ({ t: 'var', i })) },
      { weight: 2, arbitrary: fc.record({ of: tie('path'), field }).map((x): CelNode => ({ t: 'select', ...x })) },
      fc.record({ of: tie('path'), key: fc.oneof(literal, tie('value')) }).map((x): CelNode => ({ t: 'index', ...x })),
    ),
    value: fc.oneof(
      depth,
      { weight: 4, arbitrary: tie('path') },
      { weight: 3, arbitrary: literal },
      fc.array(fc.oneof(literal, tie('value')), { maxLength: 3 }).map((items): CelNode => ({ t: 'list', items })),
      fc.record({ x: tie('value'), method: fc.boolean() }).map((x): CelNode => ({ t: 'size', ...x })),
      op(['+', '-'], tie('value'), tie('value')),
      fc.record({ c: tie('bool'), a: tie('value'), b: tie('value') }).map((x): CelNode => ({ t: 'cond', ...x })),
      fc.record({ template: fc.constantFrom(...OUTSIDE), x: tie('value') }).map((x): CelNode => ({ t: 'outside', ...x })),
    ),
    bool: fc.oneof(
      depth,
      { weight: 4, arbitrary: op(['==', '!=', '<', '<=', '>', '>=', 'in'], tie('value'), tie('value')) },
      { weight: 3, arbitrary: fc.record({ of: tie('path'), field }).map((x): CelNode => ({ t: 'has', ...x })) },
      // Sums against literals: `+` of ints, of strings, and of what has no overload (an int and an integral double).
      op(['==', '<'], op(['+', '-'], fc.oneof(addend, tie('value')), fc.oneof(addend, tie('value'))), fc.oneof(addend, literal)),
      // Strings ordered: by UTF-16 units in the interpreter, where astral characters sort before U+E000..U+FFFF.
      op(['<', '>='], fc.oneof(text, tie('path')), fc.oneof(text, tie('path'))),
      // A key of the data in a map of the data, present, absent or holding null.
      fc.record({ key: field, of: tie('path') }).map(({ key, of }): CelNode => ({ t: 'op', op: 'in', l: { t: 'lit', src: `'${key}'` }, r: of })),
      // Sizes against small ints, where counting code points or UTF-16 units, keys or entries, makes the difference.
      fc
        .record({ op: fc.constantFrom('==', '<', '>='), x: fc.oneof(literal, tie('value')), method: fc.boolean(), n: fc.constantFrom('0', '1', '2', '3') })
        .map(({ op, x, method, n }): CelNode => ({ t: 'op', op, l: { t: 'size', x, method }, r: { t: 'lit', src: n } })),
      { weight: 3, arbitrary: op(['&&', '||'], tie('bool'), tie('bool')) },
      tie('bool').map((x): CelNode => ({ t: 'not', x })),
      fc.record({ c: tie('bool'), a: tie('bool'), b: tie('bool') }).map((x): CelNode => ({ t: 'cond', ...x })),
      fc.record({ of: tie('value'), fn: fc.constantFrom('startsWith', 'endsWith', 'contains'), arg: tie('value') }).map((x): CelNode => ({ t: 'method', ...x })),
      fc.record({ of: tie('value'), fn: fc.constant('matches'), arg: fc.constantFrom(...PATTERNS).map((src): CelNode => ({ t: 'lit', src })) }).map((x): CelNode => ({ t: 'method', ...x })),
      {
        weight: 3,
        arbitrary: fc
          .record({ fn: fc.constantFrom('all', 'exists', 'exists_one'), of: fc.oneof(tie('path'), tie('value')), v: fc.constantFrom(...ITER_VARS), body: tie('bool') })
          .map((x): CelNode => ({ t: 'macro', ...x })),
      },
      tie('path'),
      fc.constantFrom('true', 'false').map((src): CelNode => ({ t: 'lit', src })),
      fc.record({ template: fc.constantFrom('%.lowerAscii() == "a"', 'type(%) == int', '%.map(x, x).size() > 1', '%.filter(x, x == 1) == [1]'), x: tie('value') }).map((x): CelNode => ({ t: 'outside', ...x })),
    ),
  };
});

/** A bool expression (as a tree: render it). */
export const celBool: fc.Arbitrary<CelNode> = arbitraries.bool;

const number = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom(0, 1, 2, 3, -1, -0, 1.5, 0.1, 2 ** 53, 2 ** 53 - 1, -(2 ** 53), 2 ** 60, 1e300) },
  { weight: 2, arbitrary: fc.integer() },
  { weight: 1, arbitrary: fc.double() },
);
const string = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom('', 'a', 'b', 'eu-west-1', 'us-east-1', '😀', 'a😀b', 'é', '\uffff', '\ud83d', 'aa', 'region', '__proto__') },
  { weight: 1, arbitrary: fc.string({ unit: 'grapheme', maxLength: 4 }) },
);

/** A JSON map from `KEYS`, built with Object.fromEntries, so that `__proto__` is an own key like any other. */
const map = (value: fc.Arbitrary<unknown>) => fc.array(fc.tuple(fc.constantFrom(...KEYS), value), { maxLength: 8 }).map((entries) => Object.fromEntries(entries) as Record<string, unknown>);

const json = fc.letrec<{ value: unknown; map: Record<string, unknown> }>((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', maxDepth: 4, depthIdentifier: 'json' },
    { weight: 1, arbitrary: fc.constant(null) },
    { weight: 1, arbitrary: fc.boolean() },
    { weight: 3, arbitrary: number },
    { weight: 3, arbitrary: string },
    { weight: 3, arbitrary: tie('map') },
    { weight: 2, arbitrary: fc.array(tie('value'), { maxLength: 6 }) },
  ),
  map: map(tie('value')),
}));

/** The variables of one evaluation, as JSON. */
export const celVariables = fc.record({
  object: json.map,
  observed: fc.oneof(fc.constant(null), json.map),
  composite: json.map,
  name: string,
});
