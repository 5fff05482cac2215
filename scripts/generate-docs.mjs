#!/usr/bin/env node
// Writes docs/rules.md from the rule catalog (via the built dist/). Run after
// changing a rule: npm run generate:docs
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { CATALOG } from '../dist/rules/catalog.js';
import { renderRulesDoc } from '../dist/rules/docs.js';

const path = fileURLToPath(new URL('../docs/rules.md', import.meta.url));
writeFileSync(path, renderRulesDoc(CATALOG));
console.log(`wrote ${path}: ${CATALOG.length} rules`);
