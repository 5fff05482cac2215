/**
 * The function's Input, `guardrails.fn.crossplane.io/v1beta1` `Guardrails`.
 * This zod schema is the single source of truth: the engine's config type,
 * validation with field paths, and the CRD under `package/input/` all come
 * from it.
 */
import { z } from 'zod';
import { ACTIONS, MODES } from '../engine/types.js';
import { parseFieldPath } from '../engine/fieldpath.js';

export const API_VERSION = 'guardrails.fn.crossplane.io/v1beta1';
export const KIND = 'Guardrails';

const tagKey = z
  .string()
  .min(1)
  .max(128)
  .meta({ description: 'A tag or label key.' });

const fieldPath = z
  .string()
  .superRefine((path, ctx) => {
    const parsed = parseFieldPath(path);
    if (!parsed.ok) ctx.addIssue({ code: 'custom', message: `invalid field path: ${parsed.error}` });
  })
  .meta({ description: 'A field of the composite resource, in Crossplane field path syntax, e.g. metadata.labels[cost-center].' });

export const RuleSettingsSchema = z
  .object({
    action: z.enum(ACTIONS).optional().meta({
      description:
        'What the rule does: Mutate (inject what is absent, refuse explicit unsafe values), Deny, RequireApproval, Warn or Disabled.',
    }),
  })
  .strict();

export const TagsSchema = z
  .object({
    values: z
      .record(tagKey, z.string().max(256))
      .default({})
      .meta({ description: 'Tags (labels on GCP) injected into every taggable composed resource that lacks the key.' }),
    fromComposite: z
      .record(tagKey, fieldPath)
      .default({})
      .meta({ description: 'Tags whose values are read from the composite resource; a missing field injects nothing.' }),
    required: z
      .array(tagKey)
      .default([])
      .meta({ description: 'Keys every taggable composed resource must end up with; one that lacks any is refused.' }),
  })
  .strict()
  .superRefine((tags, ctx) => {
    for (const key of Object.keys(tags.fromComposite)) {
      if (key in tags.values) {
        ctx.addIssue({
          code: 'custom',
          path: ['fromComposite', key],
          message: `tag "${key}" is also in tags.values; give each key one source`,
        });
      }
    }
    const seen = new Set<string>();
    tags.required.forEach((key, i) => {
      if (seen.has(key)) ctx.addIssue({ code: 'custom', path: ['required', i], message: `duplicate key "${key}"` });
      seen.add(key);
    });
  });

export const GuardrailsSchema = z
  .object({
    apiVersion: z.literal(API_VERSION),
    kind: z.literal(KIND),
    metadata: z.looseObject({}).optional(),
    mode: z
      .enum(MODES)
      .default('Enforce')
      .meta({ description: 'Enforce changes and refuses; Audit reports what Enforce would do and changes nothing.' }),
    tags: TagsSchema.default({ values: {}, fromComposite: {}, required: [] }),
    rules: z
      .record(z.string(), RuleSettingsSchema)
      .default({})
      .meta({ description: 'Per built-in rule ID: settings that override its defaults.' }),
  })
  .strict();

export type Guardrails = z.output<typeof GuardrailsSchema>;
export type RuleSettings = z.output<typeof RuleSettingsSchema>;
