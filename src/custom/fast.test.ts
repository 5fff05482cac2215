import { describe, expect, it } from 'vitest';
import { Budget, compile, fastPathOf, JsonBindings, toCel, type EvalOutcome, type JsonVariables } from './cel.js';

const vars = (v: Partial<JsonVariables & { name: string }> = {}): JsonVariables & { name: string } => ({ object: {}, observed: null, composite: {}, name: 'db', ...v });

interface Run {
  outcome: EvalOutcome;
  /** Whether the fast path answered (else the interpreter did). */
  fast: boolean;
  used: number;
}

/** The expression evaluated as custom rules evaluate it, and by the interpreter alone, which must agree. */
function run(expression: string, json: JsonVariables & { name: string }, limit = 50_000): Run {
  const compiled = compile(expression);
  if (!compiled.ok) throw new Error(compiled.error);
  const { program } = compiled;
  const budget = new Budget(limit);
  const fast = fastPathOf(program)?.(json, limit) !== undefined;
  const outcome = program.evaluate(new JsonBindings(json), budget);
  const alone = new Budget(limit);
  const interpreted = program.evaluate({ object: toCel(json.object), observed: toCel(json.observed), composite: toCel(json.composite), name: json.name }, alone);
  expect({ outcome, used: budget.used }).toEqual({ outcome: interpreted, used: alone.used });
  return { outcome, fast, used: budget.used };
}

const value = (v: boolean) => ({ kind: 'value', value: v }) as const;
const error = (message: string) => ({ kind: 'error', message }) as const;
const list = (n: number) => Array.from({ length: n }, (_, i) => i);

describe('the fast path', () => {
  const guarded = "!has(object.spec.region) || object.spec.region.startsWith('eu-')";
  const cases: { name: string; reason: string; expression: string; vars: JsonVariables & { name: string }; limit?: number; want: Run }[] = [
    {
      name: 'has() on a missing intermediate is an error',
      reason: 'has() tests the last field only: selecting spec.missing fails first, and the interpreter words the error',
      expression: 'has(object.spec.missing.x)',
      vars: vars({ object: { spec: {} } }),
      want: { outcome: error('field not found: missing'), fast: false, used: 0 },
    },
    {
      name: 'a guard: the field is missing',
      reason: '!has() is true, so the right side never runs',
      expression: guarded,
      vars: vars({ object: { spec: {} } }),
      want: { outcome: value(true), fast: true, used: 0 },
    },
    {
      name: 'a guard: the field holds null',
      reason: "has() is the map's get(k) != undefined in the interpreter: a key holding null is absent",
      expression: guarded,
      vars: vars({ object: { spec: { region: null } } }),
      want: { outcome: value(true), fast: true, used: 0 },
    },
    {
      name: 'a guard: a string that does not start with eu-',
      reason: 'both sides run and are bools',
      expression: guarded,
      vars: vars({ object: { spec: { region: 'us-east-1' } } }),
      want: { outcome: value(false), fast: true, used: 0 },
    },
    {
      name: 'a guard: the field is not a string',
      reason: 'startsWith on an int has no overload: an error the || cannot absorb (its other side is false), so the interpreter words it',
      expression: guarded,
      vars: vars({ object: { spec: { region: 5 } } }),
      want: { outcome: error("found no matching overload for 'startsWith' applied to 'int.(string)'"), fast: false, used: 0 },
    },
    {
      name: 'has() on a value that is not a map is false',
      reason: 'the interpreter answers false, not an error, for a string, a list or null',
      expression: 'has(name.x) || has(object.l.x) || has(observed.x)',
      vars: vars({ object: { l: [1] } }),
      want: { outcome: value(false), fast: true, used: 0 },
    },
    {
      name: 'in: an int among mixed types',
      reason: "list membership is CEL equality: 1 is not '1' nor 1.5, and is 1",
      expression: "1 in ['1', 1.5, object.n]",
      vars: vars({ object: { n: 1 } }),
      want: { outcome: value(true), fast: true, used: 0 },
    },
    {
      name: 'in: a string is not an int',
      reason: 'equality across types is false, not an error',
      expression: "'1' in [1, object.n]",
      vars: vars({ object: { n: 1 } }),
      want: { outcome: value(false), fast: true, used: 0 },
    },
    {
      name: 'in: a list in a list of lists',
      reason: 'lists are equal by content',
      expression: '[1, "a"] in object.l',
      vars: vars({ object: { l: [[1], [1, 'a']] } }),
      want: { outcome: value(true), fast: true, used: 0 },
    },
    {
      name: 'in: an int key in a map of strings',
      reason: 'a JSON map has string keys only: false, not an error',
      expression: '1 in object.labels',
      vars: vars({ object: { labels: { '1': 'x' } } }),
      want: { outcome: value(false), fast: true, used: 0 },
    },
    {
      name: 'in: a key holding null',
      reason: "the map's has() is get(k) != undefined in the interpreter",
      expression: "'team' in object.labels",
      vars: vars({ object: { labels: { team: null } } }),
      want: { outcome: value(false), fast: true, used: 0 },
    },
    {
      name: 'in: null in a map',
      reason: 'no overload: an error, worded by the interpreter',
      expression: 'null in object.labels',
      vars: vars({ object: { labels: {} } }),
      want: { outcome: error("found no matching overload for '@in' applied to '(null_type, map)'"), fast: false, used: 0 },
    },
    {
      name: 'an int against a double',
      reason: 'ints and doubles compare by value',
      expression: 'object.size < 1.5 && object.big > 9007199254740991 && 2.5 > object.size',
      vars: vars({ object: { size: 1, big: 2 ** 60 } }),
      want: { outcome: value(true), fast: true, used: 0 },
    },
    {
      name: 'an integral double literal is left to the interpreter',
      reason: 'its CEL type (double) would not follow from its JS value (1): 1.0 + 1 has no overload',
      expression: '1.0 == object.n',
      vars: vars({ object: { n: 1 } }),
      want: { outcome: value(true), fast: false, used: 0 },
    },
    {
      name: 'an int past 2^53 is left to the interpreter',
      reason: 'a JS number cannot hold it exactly',
      expression: 'object.big == 1152921504606846976',
      vars: vars({ object: { big: 2 ** 60 } }),
      want: { outcome: value(true), fast: false, used: 0 },
    },
    {
      name: 'size of an astral string counts code points',
      reason: 'the interpreter counts [...s], not UTF-16 units',
      expression: "name.size() == 1 && size(name + 'é') == 2",
      vars: vars({ name: '😀' }),
      want: { outcome: value(true), fast: true, used: 0 },
    },
    {
      name: 'strings order by UTF-16 units',
      reason: "the interpreter compares with JS <, so an astral char sorts before U+FFFF (by code points it would sort after)",
      expression: "name < '\\uffff'",
      vars: vars({ name: '😀' }),
      want: { outcome: value(true), fast: true, used: 0 },
    },
    {
      name: 'exists over a map iterates its keys',
      reason: 'a map comprehension binds keys, and is charged one step per key',
      expression: "object.labels.exists(k, k.startsWith('team'))",
      vars: vars({ object: { labels: { env: 'prod', 'team-name': 'x', owner: 'y' } } }),
      want: { outcome: value(true), fast: true, used: 3 },
    },
    {
      name: 'all absorbs an error with a false',
      reason: 'the first element has no field a (an error), the second is false: false, as the interpreter folds it',
      expression: 'object.l.all(x, x.a)',
      vars: vars({ object: { l: [{}, { a: false }, { a: true }] } }),
      want: { outcome: value(false), fast: true, used: 3 },
    },
    {
      name: 'exists_one with an error',
      reason: 'every step runs; an error stays an error',
      expression: 'object.l.exists_one(x, x.a)',
      vars: vars({ object: { l: [{ a: true }, {}] } }),
      want: { outcome: error('field not found: a'), fast: false, used: 2 },
    },
    {
      name: 'an error absorbed by || on its right',
      reason: 'err || true is true',
      expression: 'object.missing == 1 || object.n == 1',
      vars: vars({ object: { n: 1 } }),
      want: { outcome: value(true), fast: true, used: 0 },
    },
    {
      name: 'an error absorbed by && on its left',
      reason: 'false && err is false, and the right side never runs',
      expression: 'false && object.l.all(x, x.missing)',
      vars: vars({ object: { l: list(10) } }),
      want: { outcome: value(false), fast: true, used: 0 },
    },
    {
      name: 'after an error, || runs its right side, comprehensions and all',
      reason: 'the interpreter evaluates the right side when the left is an error: its steps are charged',
      expression: 'object.missing == 1 || object.l.all(x, x >= 0)',
      vars: vars({ object: { l: list(10) } }),
      want: { outcome: value(true), fast: true, used: 10 },
    },
    {
      name: 'a bad pattern is an error that || absorbs',
      reason: 'RE2 throws on the pattern; the interpreter turns it into an error value',
      expression: "name.matches('(') || true",
      vars: vars(),
      want: { outcome: value(true), fast: true, used: 0 },
    },
    {
      name: 'a list read by a fraction fails the whole evaluation',
      reason: 'the interpreter throws past ||, so nothing absorbs it: left to the interpreter',
      expression: 'object.l[1.5] == 1 || true',
      vars: vars({ object: { l: [1, 2] } }),
      want: { outcome: error('unsupported input undefined'), fast: false, used: 0 },
    },
    {
      name: 'a key named __proto__ is a key',
      reason: 'JSON.parse makes it an own key',
      expression: "object['__proto__'] == 'x' && has(object.__proto__)",
      vars: vars({ object: JSON.parse('{"__proto__": "x"}') as Record<string, unknown> }),
      want: { outcome: value(true), fast: true, used: 0 },
    },
    {
      name: 'outside the subset, where evaluation does not reach it',
      reason: 'the guard holds, so lowerAscii() never runs',
      expression: "!has(object.q) || object.q.lowerAscii() == 'a'",
      vars: vars(),
      want: { outcome: value(true), fast: true, used: 0 },
    },
    {
      name: 'outside the subset, where evaluation reaches it',
      reason: 'the interpreter answers',
      expression: "!has(object.q) || object.q.lowerAscii() == 'a'",
      vars: vars({ object: { q: 'A' } }),
      want: { outcome: value(true), fast: false, used: 0 },
    },
    {
      name: 'a comprehension variable named like a type package',
      reason: 'the interpreter reads google.protobuf.NullValue.NULL_VALUE as an enum value, not a field of google',
      expression: 'object.l.all(google, google.protobuf.NullValue.NULL_VALUE == 0)',
      vars: vars({ object: { l: [{}] } }),
      want: { outcome: value(true), fast: false, used: 1 },
    },
  ];
  it.each(cases)('$name', ({ expression, vars: json, limit, want }) => {
    expect(run(expression, json, limit)).toEqual(want);
  });
});

describe('the fast path and the budget', () => {
  const nested = 'object.l.all(a, object.l.all(b, a + b >= 0))';
  const cases: { name: string; reason: string; limit: number; want: Run }[] = [
    {
      name: 'within the budget',
      reason: '100 steps for the outer range, 100 for each of the 100 inner ones',
      limit: 10_100,
      want: { outcome: value(true), fast: true, used: 10_100 },
    },
    {
      name: 'one step short: the fast path stops, the interpreter reports the exhaustion',
      reason: 'the fast path gives up as soon as its steps pass the room left',
      limit: 10_099,
      want: { outcome: { kind: 'exhausted', message: 'cost budget of 10099 comprehension steps exceeded' }, fast: false, used: 10_100 },
    },
  ];
  it.each(cases)('$name', ({ limit, want }) => {
    expect(run(nested, vars({ object: { l: list(100) } }), limit)).toEqual(want);
  });

  it('a budget spent before the start is left to the interpreter', () => {
    const compiled = compile('true');
    if (!compiled.ok) throw new Error(compiled.error);
    const budget = new Budget(5);
    budget.charge(6);
    expect(compiled.program.evaluate(new JsonBindings(vars()), budget)).toEqual({ kind: 'exhausted', message: 'cost budget of 5 comprehension steps exceeded' });
  });

  it('charges what it used to the budget, on top of what was spent', () => {
    const compiled = compile('object.l.exists(x, x == 3)');
    if (!compiled.ok) throw new Error(compiled.error);
    const budget = new Budget(100);
    budget.charge(7);
    expect(compiled.program.evaluate(new JsonBindings(vars({ object: { l: list(5) } })), budget)).toEqual(value(true));
    expect(budget.used).toBe(12);
  });
});

describe('which expressions have a fast path', () => {
  const cases = [
    // The ten shapes of bench/custom-rules-input.mjs (TEMPLATES, with i = 0): real rules, all in the subset.
    ...[
      "!has(object.spec.forProvider.region) || object.spec.forProvider.region.startsWith('eu-') || object.spec.forProvider.region == 'r0'",
      "object.spec.forProvider.instanceClass in ['db.t3.medium', 'db.t4g.large', 'db.x0']",
      '!has(object.spec.forProvider.tags) || object.spec.forProvider.tags.all(k, k.size() < 128 + 0)',
      "composite.metadata.labels.team == 'payments' || name == 'n0'",
      '!has(object.spec.forProvider.allocatedStorage) || object.spec.forProvider.allocatedStorage <= 1000',
      "name.matches('^[a-z0-9-]+$') && name.size() < 63",
      "!has(object.spec.forProvider.cidrIpv4) || object.spec.forProvider.cidrIpv4 != '0.0.0.0/0'",
      "observed == null || has(observed.metadata) || name == 'x0'",
      "has(composite.metadata.labels) && composite.metadata.labels.exists(k, k == 'cost-center' || k == 'c0')",
      "!has(object.spec.forProvider.forceDestroy) || object.spec.forProvider.forceDestroy == false || name == 'b0'",
    ].map((expression) => ({ name: `bench: ${expression}`, expression, want: true })),
    { name: 'a root outside the subset', expression: "object.s.lowerAscii() == 'a'", want: false },
    { name: 'a type test', expression: 'type(object.n) == int', want: false },
    { name: 'a list-building macro', expression: 'object.l.map(x, x * 2).size() > 1', want: false },
    { name: 'an operand outside, on a side that always runs', expression: "object.s.lowerAscii() == 'a' || true", want: false },
    { name: 'an operand outside, on a side that may not run', expression: "true || object.s.lowerAscii() == 'a'", want: true },
  ];
  it.each(cases)('$name', ({ expression, want }) => {
    const compiled = compile(expression);
    if (!compiled.ok) throw new Error(compiled.error);
    expect(fastPathOf(compiled.program) !== undefined).toBe(want);
  });

  it('a message expression has none: messages are the interpreter’s', () => {
    const compiled = compile("'region ' + name", 'string');
    expect(compiled.ok && fastPathOf(compiled.program)).toBe(undefined);
  });
});
