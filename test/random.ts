/** Seeded random Inputs and CEL, for tests that must hold for any input. */

/** mulberry32: a small seeded PRNG. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const TOKENS = ['object', 'observed', 'composite', 'name', '.', 'spec', 'forProvider', 'region', '(', ')', '[', ']', '{', '}', ',', ':', '?', '!', '&&', '||', '==', '<', '+', '-', '*', "'eu-'", '"x"', '1', '2.5', 'true', 'null', 'has', 'all', 'exists', 'map', 'filter', 'size', 'startsWith', 'matches', 'a', 'b', ' ', '\n', '.?', '`'];
const KEYS = ['apiVersion', 'kind', 'mode', 'tags', 'rules', 'custom', 'exceptions', 'approval', 'values', 'id', 'match', 'expression', 'message', 'action', 'expires', 'justification', 'namespace', 'matchLabels', 'allowed', 'maxGiB', 'aws-region', 'aws-s3-versioning'];

/** A string of CEL tokens: often not CEL, sometimes valid, never long. */
export function expression(rand: () => number): string {
  return Array.from({ length: 1 + Math.floor(rand() * 20) }, () => TOKENS[Math.floor(rand() * TOKENS.length)]).join('');
}

/** A JSON value built from the Input's own keys and values, nested a few levels. */
export function value(rand: () => number, depth: number): unknown {
  const r = rand();
  if (depth > 3 || r < 0.25) return [null, true, 0, -1, 1.5, '', 'Deny', 'eu-*', '2027-03-31', expression(rand)][Math.floor(rand() * 10)];
  if (r < 0.45) return Array.from({ length: Math.floor(rand() * 3) }, () => value(rand, depth + 1));
  return Object.fromEntries(Array.from({ length: Math.floor(rand() * 4) }, () => [KEYS[Math.floor(rand() * KEYS.length)]!, value(rand, depth + 1)]));
}

