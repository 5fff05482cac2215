/**
 * The fast path of custom rules (src/custom/fast.ts) against the
 * interpreter: on random expressions of its subset (and just outside it) and
 * random JSON, a program evaluated as custom rules evaluate it (fast path,
 * the interpreter where it does not answer) gives exactly the outcome of the
 * interpreter alone: kind, value or message, and the comprehension steps
 * charged to the budget, with budgets large and small (some already spent).
 * Cases: runs(n) below, scaled by FC_RUNS; FC_SEED (and FC_PATH) replay the
 * seed fast-check prints on failure.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Budget, compile, fastPathOf, JsonBindings, toCel, type JsonVariables } from '../../src/custom/cel.js';
import { celBool, celVariables, render } from '../arbitraries/cel.js';
import { runs, TIMEOUT } from '../arbitraries/settings.js';

/** A budget of `limit` steps, `spent` of them already used (more than the limit: exhausted before the start). */
function budget(limit: number, spent: number): Budget {
  const b = new Budget(limit);
  if (spent > 0) b.charge(spent);
  return b;
}

/** The JSON variables with their CEL values made once, as customRules makes them. */
function jsonBindings(json: JsonVariables & { name: string }): JsonBindings {
  const converted = new Map<unknown, unknown>();
  return new JsonBindings(json, (v) => {
    if (!converted.has(v)) converted.set(v, toCel(v));
    return converted.get(v);
  });
}

describe('the fast path of custom rules, against the interpreter', () => {
  it(
    'gives the outcome and the budget use of the interpreter alone, on any expression and data',
    () => {
      const seen = { compiled: 0, values: 0, answeredFast: 0, fellBack: 0 };
      fc.assert(
        fc.property(
          celBool.map((tree) => render(tree)),
          fc.array(fc.tuple(celVariables, fc.constantFrom(0, 1, 2, 3, 5, 8, 50_000), fc.constantFrom(0, 0, 0, 1, 4, 60_000)), { minLength: 1, maxLength: 3 }),
          (source, runsOf) => {
            const compiled = compile(source);
            if (!compiled.ok) return;
            seen.compiled++;
            const { program } = compiled;
            for (const [json, limit, spent] of runsOf) {
              const interpreted = budget(limit, spent);
              const want = program.evaluate({ object: toCel(json.object), observed: toCel(json.observed), composite: toCel(json.composite), name: json.name }, interpreted);

              // The fast path alone, where custom rules would ask it (not once the budget is spent).
              const answer = interpreted.limit >= spent ? fastPathOf(program)?.(json, limit - spent) : undefined;
              if (want.kind === 'value') seen.values++;
              if (answer !== undefined) {
                seen.answeredFast++;
                expect({ source, json, answer }).toEqual({ source, json, answer: { value: want.kind === 'value' ? want.value : 'not a value', steps: interpreted.used - spent } });
              } else seen.fellBack++;

              const used = budget(limit, spent);
              const got = program.evaluate(jsonBindings(json), used);
              expect({ source, json, got, used: used.used, exceeded: used.exceeded }).toEqual({ source, json, got: want, used: interpreted.used, exceeded: interpreted.exceeded });
            }
          },
        ),
        runs(5000),
      );
      // Not vacuous: most expressions compile, the fast path answers for most of those the interpreter answers with a
      // value (the rest reach something outside its subset), and the interpreter still has work.
      expect(seen.compiled).toBeGreaterThan(runs(5000).numRuns! / 2);
      expect(seen.answeredFast).toBeGreaterThan(seen.values / 2);
      expect(seen.fellBack).toBeGreaterThan(0);
    },
    TIMEOUT,
  );
});
