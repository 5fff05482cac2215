/**
 * The Input boundary never throws: whatever arrives (a Composition's input
 * is written by hand, and CEL is a language), parseInput returns the Input
 * or the problems. Seeded, so a failure reproduces.
 */
import { describe, expect, it } from 'vitest';
import { CATALOG } from '../rules/catalog.js';
import { parseInput } from './parse.js';
import { expression, prng, value } from '../../test/random.js';

const HEAD = { apiVersion: 'guardrails.fn.crossplane.io/v1beta1', kind: 'Guardrails' };
describe('parseInput on arbitrary input', () => {
  it('never throws, on 2,000 random Inputs and 2,000 random custom rules', () => {
    const rand = prng(20261130);
    for (let i = 0; i < 2000; i++) {
      const raw = { ...HEAD, ...(value(rand, 0) as object) };
      expect(() => parseInput(raw, CATALOG)).not.toThrow();
    }
    let compiled = 0;
    for (let i = 0; i < 2000; i++) {
      const parsed = parseInput({ ...HEAD, custom: [{ id: 'fuzz', expression: expression(rand), message: 'm' }] }, CATALOG);
      if (parsed.ok) compiled++;
      else expect(parsed.problems.every((p) => p.startsWith('custom[0].expression: rule "fuzz": '))).toBe(true);
    }
    expect(compiled).toBeGreaterThan(0); // some random expressions are valid CEL, so both paths ran
  });
});
