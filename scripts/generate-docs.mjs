#!/usr/bin/env node
// Writes docs/rules.md and docs/coverage.md from the rule catalog (via the built dist/). Run after
// changing a rule: npm run generate:docs
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { CATALOG } from '../dist/rules/catalog.js';
import { NOT_APPLICABLE } from '../dist/rules/coverage.js';
import { coverageCounts, renderCoverageDoc } from '../dist/rules/coverage-doc.js';
import { renderRulesDoc } from '../dist/rules/docs.js';
import { CHECKOV } from '../dist/rules/zz_checkov.js';

const rules = fileURLToPath(new URL('../docs/rules.md', import.meta.url));
writeFileSync(rules, renderRulesDoc(CATALOG));
console.log(`wrote ${rules}: ${CATALOG.length} rules`);

const coverage = fileURLToPath(new URL('../docs/coverage.md', import.meta.url));
writeFileSync(coverage, renderCoverageDoc(CATALOG, CHECKOV, NOT_APPLICABLE));
for (const c of coverageCounts(CATALOG, CHECKOV, NOT_APPLICABLE)) {
  console.log(`${c.cloud}: ${c.mapped} mapped, ${c.covered} covered, ${c.explained} not applicable, ${c.missing} missing`);
}
