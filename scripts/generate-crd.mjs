#!/usr/bin/env node
// Writes package/input/guardrails.fn.crossplane.io_guardrails.yaml from the
// Input's zod schema (src/input/schema.ts, via the built dist/). Run after a
// schema change: npm run generate
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { stringify } from 'yaml';
import { inputCrd } from '../dist/load/crd.js';

export const CRD_PATH = fileURLToPath(new URL('../package/input/guardrails.fn.crossplane.io_guardrails.yaml', import.meta.url));
writeFileSync(CRD_PATH, stringify(inputCrd(), { lineWidth: 0 }));
console.log(`wrote ${CRD_PATH}`);
