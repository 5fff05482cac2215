/**
 * The Input CRD, generated from the zod schema so the two cannot drift.
 * `npm run generate` writes it to package/input/; a test fails when the
 * committed file is stale.
 */
import { z } from 'zod';
import { CATALOG } from '../rules/catalog.js';
import { settingsSchema } from './parse.js';
import { GuardrailsSchema, API_VERSION, KIND } from './schema.js';

const [GROUP, VERSION] = API_VERSION.split('/') as [string, string];

/** JSON Schema keywords a Kubernetes structural schema does not accept. */
const DROP = new Set(['$schema', 'propertyNames', 'additionalProperties', 'const', 'default']);

export function inputCrd(): Record<string, unknown> {
  const json = z.toJSONSchema(GuardrailsSchema, { io: 'input', unrepresentable: 'throw' }) as Record<string, unknown>;
  const schema = structural(json) as Record<string, unknown>;
  const properties = schema.properties as Record<string, unknown>;
  properties.metadata = { type: 'object' };
  // One property per built-in rule, with its action and parameters, so `kubectl explain` lists them.
  properties.rules = {
    type: 'object',
    description: 'Per built-in rule ID: its action and, where it has any, its parameters.',
    properties: Object.fromEntries(
      CATALOG.map((rule) => {
        const settings = structural(z.toJSONSchema(settingsSchema(rule), { io: 'input', unrepresentable: 'throw' })) as Record<string, unknown>;
        return [rule.id, { ...settings, description: rule.title }];
      }),
    ),
  };
  schema.description = 'Guardrails configures function-guardrails: which rules run, with what action, and which tags every composed resource carries.';
  return {
    apiVersion: 'apiextensions.k8s.io/v1',
    kind: 'CustomResourceDefinition',
    metadata: { name: `guardrails.${GROUP}` },
    spec: {
      group: GROUP,
      names: { categories: ['crossplane'], kind: KIND, listKind: `${KIND}List`, plural: 'guardrails', singular: 'guardrails' },
      scope: 'Namespaced',
      versions: [{ name: VERSION, served: true, storage: true, schema: { openAPIV3Schema: schema } }],
    },
  };
}

/**
 * Rewrites zod's JSON Schema into a Kubernetes structural schema: maps keep
 * `additionalProperties` (their value schema), closed objects lose `false`
 * (unknown fields are refused by the function's own validation, with their
 * paths), `const` becomes a one-value enum, and defaults are documented in
 * descriptions rather than applied by the API server.
 */
function structural(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(structural);
  if (typeof node !== 'object' || node === null) return node;
  const src = node as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(src)) {
    if (key === 'const') out.enum = [value];
    else if (key === 'additionalProperties' && typeof value === 'object') out.additionalProperties = structural(value);
    else if (!DROP.has(key)) out[key] = structural(value);
  }
  if (src.const !== undefined && out.type === undefined) out.type = typeof src.const;
  return out;
}
