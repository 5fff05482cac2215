import { describe, expect, it } from 'vitest';
import { expression, prng, value } from '../../test/random.js';
import { Budget, compile, toCel, type Bindings, type EvalOutcome } from './cel.js';

const bindings = (b: Partial<Bindings> = {}): Bindings => ({
  object: toCel({ spec: { forProvider: { region: 'eu-west-1', allocatedStorage: 100, instanceClass: 'db.t4g.large', tags: { team: 'payments' } } } }),
  observed: null,
  composite: toCel({ metadata: { name: 'orders', labels: { env: 'prod' } } }),
  name: 'db',
  ...b,
});

function evaluate(expression: string, b: Partial<Bindings> = {}, limit = 50_000): EvalOutcome {
  const compiled = compile(expression);
  if (!compiled.ok) throw new Error(compiled.error);
  return compiled.program.evaluate(bindings(b), new Budget(limit));
}

describe('compile', () => {
  const cases = [
    { name: 'a bool expression', expression: "object.spec.forProvider.region.startsWith('eu-')", want: undefined },
    { name: 'a field of the data may be a bool', expression: 'object.spec.forProvider.encrypted', want: undefined },
    { name: 'a ternary of bools', expression: "name == 'db' ? object.spec.forProvider.x : true", want: undefined },
    { name: 'comprehension variables are in scope', expression: 'object.spec.forProvider.tags.all(k, k.size() < 64)', want: undefined },
    { name: 'the strings extension', expression: "object.spec.forProvider.region.lowerAscii().split('-')[0] == 'eu'", want: undefined },
    { name: 'an unknown variable', expression: 'request.object == null', want: 'unknown variable "request" at 1:1; the variables are object, observed, composite, name' },
    { name: 'an unknown variable in a map key', expression: '{request: 1}.size() == 1', want: 'unknown variable "request" at 1:2; the variables are object, observed, composite, name' },
    { name: 'a comprehension variable outside its scope', expression: 'object.spec.forProvider.tags.all(k, true) && k == "x"', want: 'unknown variable "k" at 1:46; the variables are object, observed, composite, name' },
    { name: 'a string result', expression: 'object.spec.forProvider.region', want: undefined },
    { name: 'a string literal result', expression: "'eu-west-1'", want: 'the expression returns string, not bool (true means compliant)' },
    { name: 'an int result', expression: 'object.spec.forProvider.tags.size()', want: 'the expression returns int, not bool (true means compliant)' },
    { name: 'a list result', expression: '[true]', want: 'the expression returns list, not bool (true means compliant)' },
    { name: 'the name variable', expression: 'name', want: 'the expression returns string, not bool (true means compliant)' },
    { name: 'a field every object has', expression: 'object.metadata.name', want: 'the expression returns string, not bool (true means compliant)' },
    { name: 'the XR kind', expression: 'composite.kind', want: 'the expression returns string, not bool (true means compliant)' },
    { name: 'labels', expression: 'object.metadata.labels', want: 'the expression returns map, not bool (true means compliant)' },
    { name: 'a map macro', expression: 'object.spec.forProvider.tags.map(k, k)', want: 'the expression returns list, not bool (true means compliant)' },
    { name: 'an all macro', expression: 'object.spec.forProvider.tags.all(k, k != "")', want: undefined },
    { name: 'exists_one', expression: 'object.spec.forProvider.tags.exists_one(k, k == "team")', want: undefined },
    { name: 'a concatenation', expression: "'a' + name", want: 'the expression returns the result of +, not bool (true means compliant)' },
    { name: 'a ternary of strings', expression: "name == 'db' ? 'a' : 'b'", want: 'the expression returns string, not bool (true means compliant)' },
    { name: 'an unknown function', expression: 'exists_two(object)', want: 'unknown function "exists_two" at 1:1' },
    { name: 'the internal charging hook cannot be called', expression: '"guardrails.fn.crossplane.io/charge"(object)', want: 'syntax error at 1:37: found ( but expecting end of input' },
    { name: 'a syntax error', expression: 'object.spec. == 1', want: 'syntax error at 1:12: found . but expecting end of input' },
    { name: 'nesting too deep for the parser', expression: `${'('.repeat(3000)}true${')'.repeat(3000)}`, want: 'the expression is nested too deeply; split it or flatten it' },
    { name: 'message construction', expression: 'google.protobuf.Timestamp{seconds: 1} != null', want: 'message construction "google.protobuf.Timestamp" is not supported at 1:1' },
    { name: 'a macro CEL-Go has and this CEL does not', expression: 'cel.bind(x, 1, x > 0)', want: 'unknown function "bind" at 1:4' },
  ];
  it.each(cases)('$name', ({ expression, want }) => {
    const compiled = compile(expression);
    expect(compiled.ok ? undefined : compiled.error).toBe(want);
  });
});

describe('evaluate', () => {
  const cases: { name: string; expression: string; bindings?: Partial<Bindings>; want: EvalOutcome }[] = [
    { name: 'true', expression: "object.spec.forProvider.region.startsWith('eu-')", want: { kind: 'value', value: true } },
    { name: 'false', expression: "object.spec.forProvider.region.startsWith('us-')", want: { kind: 'value', value: false } },
    { name: 'whole numbers are ints', expression: 'object.spec.forProvider.allocatedStorage * 2 == 200', want: { kind: 'value', value: true } },
    { name: 'ints compare with ints', expression: 'object.spec.forProvider.allocatedStorage <= 500', want: { kind: 'value', value: true } },
    { name: 'a missing field is an error', expression: "object.spec.forProvider.engine == 'postgres'", want: { kind: 'error', message: 'field not found: engine' } },
    { name: 'has() guards a missing field', expression: "!has(object.spec.forProvider.engine) || object.spec.forProvider.engine == 'postgres'", want: { kind: 'value', value: true } },
    { name: 'observed is null for a new resource', expression: 'observed == null', want: { kind: 'value', value: true } },
    {
      name: 'observed is the observed resource',
      expression: 'observed.spec.forProvider.allocatedStorage <= object.spec.forProvider.allocatedStorage',
      bindings: { observed: toCel({ spec: { forProvider: { allocatedStorage: 50 } } }) },
      want: { kind: 'value', value: true },
    },
    { name: 'composite labels', expression: "composite.metadata.labels.env == 'prod'", want: { kind: 'value', value: true } },
    { name: 'name', expression: "name.startsWith('d')", want: { kind: 'value', value: true } },
    { name: 'a data field that is not a bool', expression: 'object.spec.forProvider.region', want: { kind: 'error', message: 'the expression returned a string, not a bool' } },
    { name: 'matches is RE2: no catastrophic backtracking', expression: "name.matches('^(a+)+$')", bindings: { name: `${'a'.repeat(5000)}!` }, want: { kind: 'value', value: false } },
    { name: 'a map comprehension within budget', expression: 'object.spec.forProvider.tags.all(k, k.size() > 0)', want: { kind: 'value', value: true } },
  ];
  it.each(cases)('$name', ({ expression, bindings: b, want }) => {
    expect(evaluate(expression, b)).toEqual(want);
  });
});

describe('cost budget', () => {
  const list = toCel({ l: Array.from({ length: 1000 }, (_, i) => i) });
  const cases = [
    { name: 'a nested all past the budget', expression: 'object.l.all(a, object.l.all(b, a + b >= 0))', limit: 50_000, want: 'exhausted' },
    { name: 'a triple exists past the budget', expression: 'object.l.exists(a, object.l.exists(b, object.l.exists(c, a + b + c < 0)))', limit: 50_000, want: 'exhausted' },
    { name: 'map steps weigh five', expression: 'object.l.map(a, a).size() == 1000', limit: 4_999, want: 'exhausted' },
    { name: 'map steps within the budget', expression: 'object.l.map(a, a).size() == 1000', limit: 5_000, want: 'value' },
    { name: 'short-circuited by ||: never runs, costs nothing', expression: 'true || object.l.all(a, object.l.all(b, a >= b))', limit: 50_000, want: 'value' },
    { name: 'true in the end, but the budget ran out on the way', expression: 'object.l.exists(a, a == 999 || object.l.all(b, object.l.all(c, b >= c)))', limit: 50_000, want: 'exhausted' },
    { name: 'a single pass over 1000 elements', expression: 'object.l.all(a, a >= 0)', limit: 50_000, want: 'value' },
    // The parser puts a map literal's key under `keyKind`: a comprehension there was once left uncharged.
    { name: 'a nested all in a map key', expression: '{object.l.all(a, object.l.all(b, a + b >= 0)): 1}.size() == 1', limit: 50_000, want: 'exhausted' },
    { name: 'a nested all in a map value', expression: '{1: object.l.all(a, object.l.all(b, a + b >= 0))}.size() == 1', limit: 50_000, want: 'exhausted' },
  ];
  it.each(cases)('$name', ({ expression, limit, want }) => {
    expect(evaluate(expression, { object: list }, limit).kind).toBe(want);
  });

  it('counts the steps charged', () => {
    const compiled = compile('object.l.all(a, a >= 0) && object.l.map(a, a).size() > 0');
    const budget = new Budget(50_000);
    expect(compiled.ok && compiled.program.evaluate(bindings({ object: list }), budget)).toEqual({ kind: 'value', value: true });
    expect(budget.used).toBe(1000 + 5 * 1000);
  });
});

describe('toCel', () => {
  const object = toCel({ a: 1, b: 1.5, c: [2, 'x', null, true], d: 2 ** 60, e: { f: 'g' } });
  const cases = [
    { name: 'a whole number is an int', expression: 'type(object.a) == int && object.a == 1' },
    { name: 'a fraction is a double', expression: 'type(object.b) == double' },
    { name: 'list elements are converted', expression: "type(object.c[0]) == int && object.c[1] == 'x' && object.c[2] == null && object.c[3]" },
    { name: 'a whole number past 2^53 stays a double', expression: 'type(object.d) == double' },
    { name: 'nested maps', expression: "object.e.f == 'g' && 'f' in object.e" },
  ];
  it.each(cases)('$name', ({ expression }) => {
    expect(evaluate(expression, { object })).toEqual({ kind: 'value', value: true });
  });
});

describe('evaluate on arbitrary expressions and data', () => {
  it('never throws: 3,000 random expressions, each that compiles run on random objects', () => {
    const rand = prng(7);
    let ran = 0;
    for (let i = 0; i < 3000; i++) {
      const compiled = compile(expression(rand));
      if (!compiled.ok) continue;
      for (let j = 0; j < 3; j++) {
        const object = toCel({ spec: value(rand, 0), metadata: { name: 'x' } });
        const outcome = compiled.program.evaluate({ object, observed: toCel(value(rand, 1)), composite: object, name: 'n' }, new Budget(50_000));
        expect(['value', 'error', 'exhausted']).toContain(outcome.kind);
        ran++;
      }
    }
    expect(ran).toBeGreaterThan(0);
  });
});
