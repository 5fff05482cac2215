import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { inputCrd } from './crd.js';

const committed = new URL('../../package/input/guardrails.fn.crossplane.io_guardrails.yaml', import.meta.url);

describe('input CRD', () => {
  it('matches the committed package/input file (run `npm run generate` after a schema change)', () => {
    expect(readFileSync(committed, 'utf8')).toBe(stringify(inputCrd(), { lineWidth: 0 }));
  });

  it('is a structural schema: every object is typed and nothing zod-specific leaks through', () => {
    const keywords = new Set<string>();
    const walk = (node: unknown): void => {
      if (Array.isArray(node)) return node.forEach(walk);
      if (typeof node !== 'object' || node === null) return;
      const obj = node as Record<string, unknown>;
      for (const [k, v] of Object.entries(obj)) {
        if (k !== 'properties') keywords.add(k);
        if (k === 'properties') Object.values(v as object).forEach(walk);
        else walk(v);
      }
      if ('properties' in obj || 'additionalProperties' in obj) expect(obj.type).toBe('object');
    };
    const crd = parse(readFileSync(committed, 'utf8'));
    walk(crd.spec.versions[0].schema.openAPIV3Schema);
    for (const bad of ['$schema', 'propertyNames', 'const', 'default', 'anyOf', 'oneOf', 'allOf']) expect(keywords).not.toContain(bad);
  });
});
