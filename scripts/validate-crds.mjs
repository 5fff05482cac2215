#!/usr/bin/env node
// Dev check, not part of `npm test` (it reads ../shared, which a clone may not have):
// runs every example managed resource of a provider through the engine and
// validates every resource the function emits against the real provider CRDs.
// An error counts against the function only when the input resource did not
// already have it (some upstream examples are themselves invalid).
//
// Usage: npm run build && node scripts/validate-crds.mjs [--reference DIR] [provider-upjet-aws|provider-upjet-azure|provider-upjet-gcp]
import { readFileSync, readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { evaluate } from '../dist/engine/engine.js';
import { GuardrailsSchema } from '../dist/input/schema.js';
import { CATALOG } from '../dist/rules/catalog.js';
import { referenceArgs } from './reference.mjs';

const { reference, args } = referenceArgs(process.argv.slice(2), 'crds');
const provider = args[0] ?? 'provider-upjet-aws';

/** `group|kind` -> { versionName -> openAPIV3Schema } from every CRD file we have. */
function loadCrds(dir) {
  const crds = new Map();
  for (const file of readdirSync(dir, { recursive: true })) {
    if (!String(file).endsWith('.yaml')) continue;
    for (const doc of parseAllDocuments(readFileSync(join(dir, String(file)), 'utf8'))) {
      const crd = doc.toJS();
      if (crd?.kind !== 'CustomResourceDefinition') continue;
      const key = `${crd.spec.group}|${crd.spec.names.kind}`;
      const versions = crds.get(key) ?? {};
      for (const v of crd.spec.versions) versions[v.name] ??= v.schema.openAPIV3Schema;
      crds.set(key, versions);
    }
  }
  return crds;
}

/** Structural OpenAPI check: types, required, properties (unknown fields refused), items, enums. */
function validate(schema, value, path, errors) {
  if (schema === undefined || schema['x-kubernetes-preserve-unknown-fields']) return;
  const type = schema.type;
  const actual = value === null ? 'null' : Array.isArray(value) ? 'array' : typeof value;
  if (type === 'object') {
    if (actual !== 'object') return void errors.push(`${path}: expected object, got ${actual}`);
    for (const k of schema.required ?? []) if (!(k in value)) errors.push(`${path}.${k}: required`);
    for (const [k, v] of Object.entries(value)) {
      const sub = schema.properties?.[k] ?? (typeof schema.additionalProperties === 'object' ? schema.additionalProperties : undefined);
      if (sub === undefined) {
        if (schema.properties !== undefined && !(path === '' && k === 'status')) errors.push(`${path}.${k}: unknown field`);
        continue;
      }
      validate(sub, v, `${path}.${k}`, errors);
    }
  } else if (type === 'array') {
    if (actual !== 'array') return void errors.push(`${path}: expected array, got ${actual}`);
    value.forEach((item, i) => validate(schema.items, item, `${path}[${i}]`, errors));
  } else if (type === 'string') {
    if (actual !== 'string') errors.push(`${path}: expected string, got ${actual}`);
    else if (schema.enum && !schema.enum.includes(value)) errors.push(`${path}: ${value} not in ${schema.enum}`);
  } else if (type === 'integer' || type === 'number') {
    if (actual !== 'number') errors.push(`${path}: expected ${type}, got ${actual}`);
  } else if (type === 'boolean') {
    if (actual !== 'boolean') errors.push(`${path}: expected boolean, got ${actual}`);
  }
}

function schemaErrors(crds, obj) {
  const [group, version] = String(obj.apiVersion).split('/');
  const versions = crds.get(`${group}|${obj.kind}`);
  if (versions === undefined) return undefined; // no CRD here for this kind
  const schema = versions[version];
  if (schema === undefined) return [`${obj.apiVersion} ${obj.kind}: version not served`];
  const errors = [];
  const { metadata: _m, ...rest } = obj;
  validate({ ...schema, properties: { ...schema.properties, metadata: undefined } }, rest, '', errors);
  return errors;
}

const crds = loadCrds(join(reference, 'crds'));
const examplesDir = join(reference, 'examples', provider);
const input = GuardrailsSchema.parse({
  apiVersion: 'guardrails.fn.crossplane.io/v1beta1',
  kind: 'Guardrails',
  tags: { values: { 'managed-by': 'crossplane', 'cost-center': 'CC 1234' } },
});

const counts = { refused: 0, held: 0, changed: 0, warned: 0, untouched: 0 };
const reasons = new Map();
const ownErrors = [];
let emitted = 0;
let validated = 0;
let resources = 0;

for (const file of readdirSync(examplesDir, { recursive: true }).map(String).filter((f) => f.endsWith('.yaml')).sort()) {
  const docs = parseAllDocuments(readFileSync(join(examplesDir, file), 'utf8')).map((d) => d.toJS()).filter((d) => d?.apiVersion && d?.kind);
  const desired = {};
  docs.forEach((doc, i) => (desired[`${String(doc.metadata?.name ?? doc.kind).toLowerCase()}-${i}`] = doc));
  const decision = evaluate({ input, composite: {}, observed: {}, desired }, CATALOG);
  for (const [name, obj] of Object.entries(desired)) {
    resources++;
    const findings = decision.findings.filter((f) => f.resource === name);
    const changed = decision.desired[name] !== obj || decision.companions.some((c) => c.owner === name);
    const verdict = findings.some((f) => f.action === 'Deny')
      ? 'refused'
      : findings.some((f) => f.action === 'RequireApproval')
        ? 'held'
        : changed
          ? 'changed'
          : findings.length > 0
            ? 'warned'
            : 'untouched';
    counts[verdict]++;
    for (const f of findings) {
      const key = `${verdict} · ${f.rule}: ${f.message.replace(/"[^"]*"/g, '"…"').slice(0, 90)}`;
      reasons.set(key, (reasons.get(key) ?? 0) + 1);
    }
    for (const c of decision.companions.filter((x) => x.owner === name)) {
      const key = `${verdict} · ${c.rule}: added ${c.resource.apiVersion} ${c.resource.kind}`;
      reasons.set(key, (reasons.get(key) ?? 0) + 1);
    }
    for (const m of decision.mutations.filter((x) => x.resource === name)) {
      const key = `${verdict} · ${m.rule}: set ${m.path}`;
      reasons.set(key, (reasons.get(key) ?? 0) + 1);
    }
  }
  for (const [name, out] of Object.entries(decision.desired)) {
    if (out === desired[name]) continue;
    emitted++;
    const after = schemaErrors(crds, out);
    if (after === undefined) continue;
    validated++;
    const before = new Set(desired[name] ? schemaErrors(crds, desired[name]) ?? [] : []);
    for (const e of after.filter((x) => !before.has(x))) ownErrors.push(`${relative(examplesDir, join(examplesDir, file))} ${name} (${out.apiVersion} ${out.kind}): ${e}`);
  }
}

console.log(`\n${provider}: ${resources} example resources\n`);
console.log('| verdict | resources |\n|---|---|');
for (const [k, v] of Object.entries(counts)) console.log(`| ${k} | ${v} |`);
console.log('\n| count | reason |\n|---|---|');
for (const [k, v] of [...reasons].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))) console.log(`| ${v} | ${k} |`);
console.log(`\nemitted (changed or added): ${emitted}; validated against a CRD: ${validated}; schema errors added by the function: ${ownErrors.length}`);
for (const e of ownErrors) console.log(`  ${e}`);
process.exit(ownErrors.length === 0 ? 0 : 1);
