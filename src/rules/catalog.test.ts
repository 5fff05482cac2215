import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CATALOG } from './catalog.js';
import { renderRulesDoc } from './docs.js';

describe('catalog', () => {
  it('docs/rules.md is current (run `npm run generate:docs` after changing a rule)', () => {
    expect(readFileSync(new URL('../../docs/rules.md', import.meta.url), 'utf8')).toBe(renderRulesDoc(CATALOG));
  });

  it('has unique ids, with tag rules last so they judge the final resource', () => {
    const ids = CATALOG.map((r) => r.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.slice(-2)).toEqual(['tags-inject', 'tags-required']);
  });

  // Tag rules follow the Input, limits (sizes, regions) are the platform's own, and so are the guards of
  // guardrails' own approval store: no scanner has them.
  it.each(CATALOG.filter((r) => Array.isArray(r.kinds) && r.params === undefined && !r.id.startsWith('guardrails-')).map((r) => ({ id: r.id, rule: r })))(
    '$id traces to a Checkov or Trivy check',
    ({ rule }) => {
      expect([...(rule.references?.checkov ?? []), ...(rule.references?.trivy ?? [])].length).toBeGreaterThan(0);
    },
  );
});
