/**
 * The Input boundary never throws: whatever arrives (a Composition's input
 * is written by hand, and CEL is a language), parseInput returns the Input
 * or the problems. Seeded, so a failure reproduces.
 */
import { describe, expect, it } from 'vitest';
import { CATALOG } from '../rules/catalog.js';
import { parseInput } from './parse.js';

/** mulberry32: a small seeded PRNG. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const HEAD = { apiVersion: 'guardrails.fn.crossplane.io/v1beta1', kind: 'Guardrails' };
const TOKENS = ['object', 'observed', 'composite', 'name', '.', 'spec', 'forProvider', 'region', '(', ')', '[', ']', '{', '}', ',', ':', '?', '!', '&&', '||', '==', '<', '+', '-', '*', "'eu-'", '"x"', '1', '2.5', 'true', 'null', 'has', 'all', 'exists', 'map', 'filter', 'size', 'startsWith', 'matches', 'a', 'b', ' ', '\n', '.?', '`'];
const KEYS = ['apiVersion', 'kind', 'mode', 'tags', 'rules', 'custom', 'exceptions', 'approval', 'values', 'id', 'match', 'expression', 'message', 'action', 'expires', 'justification', 'namespace', 'matchLabels', 'allowed', 'maxGiB', 'aws-region', 'aws-s3-versioning'];

function expression(rand: () => number): string {
  return Array.from({ length: 1 + Math.floor(rand() * 20) }, () => TOKENS[Math.floor(rand() * TOKENS.length)]).join('');
}

function value(rand: () => number, depth: number): unknown {
  const r = rand();
  if (depth > 3 || r < 0.25) return [null, true, 0, -1, 1.5, '', 'Deny', 'eu-*', '2027-03-31', expression(rand)][Math.floor(rand() * 10)];
  if (r < 0.45) return Array.from({ length: Math.floor(rand() * 3) }, () => value(rand, depth + 1));
  return Object.fromEntries(Array.from({ length: Math.floor(rand() * 4) }, () => [KEYS[Math.floor(rand() * KEYS.length)]!, value(rand, depth + 1)]));
}

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
