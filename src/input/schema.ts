/**
 * The function's Input, `guardrails.fn.crossplane.io/v1beta1` `Guardrails`.
 * This zod schema is the single source of truth: the engine's config type,
 * validation with field paths, and the CRD under `package/input/` all come
 * from it.
 */
import { z } from 'zod';
import { parseFieldPath } from '../lang/fieldpath.js';
import { API_VERSION_LANGUAGE, canMatch, KIND_LANGUAGE, NAMESPACE_LANGUAGE, OBJECT_NAME_LANGUAGE, type Language } from '../lang/glob.js';
import { expiryInstant } from '../lang/expiry.js';

export const API_VERSION = 'guardrails.fn.crossplane.io/v1beta1';
export const KIND = 'Guardrails';

/**
 * What a rule does when it finds something.
 * - Mutate: inject a safe value where the field is absent; an explicit
 *   unsafe value is still refused.
 * - Deny: refuse the request (a Fatal result; Crossplane applies nothing).
 * - RequireApproval: hold for a human. Until approvals exist it refuses,
 *   saying approval will be required.
 * - Warn: report only.
 * - Disabled: the rule does not run.
 */
export const ACTIONS = ['Mutate', 'Deny', 'RequireApproval', 'Warn', 'Disabled'] as const;
export type Action = (typeof ACTIONS)[number];

export const MODES = ['Enforce', 'Audit'] as const;
export type Mode = (typeof MODES)[number];

/** The Input's defaults: a public range wider than a /8 (16.7 million IPv4 addresses), or than an IPv6 /16, is the internet. */
export const DEFAULT_INTERNET_PREFIX: { readonly ipv4: number; readonly ipv6: number } = { ipv4: 8, ipv6: 16 };

/** An issue at each repeat of a value in a list, at its own path. */
function refuseDuplicates(ctx: z.RefinementCtx, values: readonly string[], path: (i: number) => (string | number)[], message: (value: string) => string): void {
  const seen = new Set<string>();
  values.forEach((value, i) => {
    if (seen.has(value)) ctx.addIssue({ code: 'custom', path: path(i), message: message(value) });
    seen.add(value);
  });
}

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

export const RuleActionSchema = z.enum(ACTIONS).meta({
  description: 'What the rule does: Mutate (inject what is absent, refuse explicit unsafe values), Deny, RequireApproval, Warn or Disabled.',
});

/**
 * Settings of one built-in rule: `action`, and the rule's own parameters.
 * parseInput validates them against the rule; this level only types them.
 */
export const RuleSettingsSchema = z.looseObject({}).meta({ description: 'The rule\'s action, and its parameters where it has any.' }) as z.ZodType<{
  action?: z.output<typeof RuleActionSchema>;
  [param: string]: unknown;
}>;

/** A glob over a field's values that refuses a pattern no value can match. */
function glob(lang: Language | undefined, description: string) {
  return z
    .string()
    .min(1)
    .max(253)
    .superRefine((pattern, ctx) => {
      if (lang !== undefined && !canMatch(pattern, lang)) ctx.addIssue({ code: 'custom', message: `glob "${pattern}" cannot match ${lang.name}` });
    })
    .meta({ description: `${description} A glob: * matches any run of characters.` });
}

const labelKey = z.string().min(1).max(316).meta({ description: 'A label key.' });
const labelValue = z.string().max(63).meta({ description: 'A label value.' });

export const LabelSelectorSchema = z
  .object({
    matchLabels: z.record(labelKey, labelValue).optional().meta({ description: 'Labels the XR must carry, each with this value.' }),
    matchExpressions: z
      .array(
        z
          .object({
            key: labelKey,
            operator: z.enum(['In', 'NotIn', 'Exists', 'DoesNotExist']).meta({
              description: "In: the label's value is one of values; NotIn: it is not, or the label is absent; Exists, DoesNotExist: the label is present, absent.",
            }),
            values: z.array(labelValue).optional().meta({ description: 'The values In and NotIn compare with; the other operators take none.' }),
          })
          .strict()
          .meta({ description: 'A term over one label key.' })
          .superRefine((req, ctx) => {
            const needsValues = req.operator === 'In' || req.operator === 'NotIn';
            if (needsValues && (req.values ?? []).length === 0) ctx.addIssue({ code: 'custom', path: ['values'], message: `operator ${req.operator} needs values` });
            if (!needsValues && req.values !== undefined) ctx.addIssue({ code: 'custom', path: ['values'], message: `operator ${req.operator} takes no values` });
          }),
      )
      .optional()
      .meta({ description: 'Terms over label keys; every term must hold.' }),
  })
  .strict()
  .meta({ description: 'A Kubernetes label selector over the composite resource (XR) labels; every term must hold.' });

export const RULE_ID_PATTERN = /^[a-z][a-z0-9]*(-[a-z0-9]+)*$/;

const ruleId = z
  .string()
  .max(63)
  .regex(RULE_ID_PATTERN, 'must be lowercase letters and digits in words joined by dashes, e.g. eu-only')
  .meta({ description: 'A rule ID.' });

export const CUSTOM_ACTIONS = ['Deny', 'RequireApproval', 'Warn'] as const;

/** Longest expression accepted: CEL has no loops, so its cost is bounded by its size and its comprehensions. */
export const MAX_EXPRESSION_LENGTH = 10_000;

export const CustomRuleSchema = z
  .object({
    id: ruleId,
    description: z.string().max(1024).optional().meta({ description: 'What the rule is for, for people reading the Composition.' }),
    match: z
      .object({
        apiVersion: glob(API_VERSION_LANGUAGE, 'The composed resources\' apiVersion, e.g. *.aws.*upbound.io/*.').default('*'),
        kind: glob(KIND_LANGUAGE, 'Their kind, e.g. Instance.').default('*'),
        name: glob(undefined, 'Their composition resource name.').optional(),
        compositeSelector: LabelSelectorSchema.optional(),
      })
      .strict()
      .prefault({})
      .meta({ description: 'Which composed resources the rule judges; every field given must match.' }),
    expression: z.string().min(1).max(MAX_EXPRESSION_LENGTH).meta({
      description:
        'A CEL expression that is true when the resource is compliant. Variables: object (the desired composed resource, after injections), observed (the observed one, or null), composite (the observed XR), name (the composition resource name).',
    }),
    message: z.string().min(1).max(1024).meta({ description: 'What is wrong and what to do, shown when the expression is false.' }),
    messageExpression: z
      .string()
      .min(1)
      .max(MAX_EXPRESSION_LENGTH)
      .optional()
      .meta({
        description:
          'A CEL expression returning the message, with the same variables, e.g. "\'region \' + object.spec.forProvider.region + \' is outside the EU\'". Where it fails, message is shown instead.',
      }),
    action: z.enum(CUSTOM_ACTIONS).default('Deny').meta({ description: 'What a violation does: Deny, RequireApproval or Warn.' }),
    failurePolicy: z.enum(['Fail', 'Ignore']).default('Fail').meta({
      description: 'When the expression fails on a resource (a missing field, a wrong type): Fail treats it as a violation; Ignore reports it as a warning.',
    }),
  })
  .strict()
  .meta({ description: 'A custom rule: a CEL expression every composed resource it matches must satisfy.' });

export const ExceptionSchema = z
  .object({
    rules: z.array(ruleId).min(1).meta({ description: 'The rule IDs (built-in or custom) it waives; it never covers any other.' }),
    match: z
      .object({
        composite: glob(OBJECT_NAME_LANGUAGE, 'The composite resource (XR) name.').optional(),
        namespace: glob(NAMESPACE_LANGUAGE, "The XR's namespace, or its claim's.").optional(),
        resource: glob(undefined, 'The composition resource name.').optional(),
        kind: glob(KIND_LANGUAGE, 'The composed resource kind.').optional(),
      })
      .strict()
      .default({})
      .meta({ description: 'Which XRs and, optionally, which of their composed resources it covers; every field given must match.' }),
    expires: z
      .string()
      .superRefine((value, ctx) => {
        if (expiryInstant(value) === undefined) ctx.addIssue({ code: 'custom', message: `"${value}" is not a date (2027-03-31) or an RFC 3339 timestamp` });
      })
      .meta({ description: 'When it ends: a date (it covers that whole day, UTC) or an RFC 3339 timestamp.' }),
    justification: z.string().min(1).max(1024).meta({ description: 'Why, with a ticket: shown wherever the exception applies.' }),
  })
  .strict()
  .superRefine((exception, ctx) => {
    refuseDuplicates(ctx, exception.rules, (i) => ['rules', i], (id) => `duplicate rule "${id}"`);
  })
  .meta({ description: 'An exception: named rules waived on what it matches, until it expires.' });

export const TagsSchema = z
  .object({
    values: z
      .record(tagKey, z.string().max(256).meta({ description: 'The tag value.' }))
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
    refuseDuplicates(ctx, tags.required, (i) => ['required', i], (key) => `duplicate key "${key}"`);
  })
  .meta({ description: 'The tags (labels on GCP) every taggable composed resource carries.' });

/** The Pod Security Standards levels, as the Pod Security Admission label `pod-security.kubernetes.io/enforce` names them. */
export const PSS_LEVELS = ['privileged', 'baseline', 'restricted'] as const;

export const PodSecuritySchema = z
  .object({
    level: z.enum(PSS_LEVELS).default('restricted').meta({
      description:
        'The Pod Security Standards level every composed workload must meet, named as the label pod-security.kubernetes.io/enforce names it: restricted (hardened), baseline (no known privilege escalation) or privileged (no checks).',
    }),
    version: z
      .string()
      .regex(/^(latest|v1\.(0|[1-9]\d*))$/, 'must be latest or v1.N')
      .default('latest')
      .meta({ description: 'The version of the standard, named as the label pod-security.kubernetes.io/enforce-version names it: latest, or v1.N for the checks of that Kubernetes release.' }),
  })
  .strict()
  .meta({ description: 'Pod Security Standards for the pods that composed workloads make (Pods, Deployments, StatefulSets, DaemonSets, ReplicaSets, Jobs, CronJobs, bare or carried by an Object).' });

export const APPROVAL_LABEL = 'guardrails.fn.crossplane.io/approvals';

export const ApprovalSchema = z
  .object({
    namespace: z
      .string()
      .regex(/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/, 'must be a namespace name')
      .max(63)
      .default('crossplane-system')
      .meta({ description: 'The namespace approval ConfigMaps live in: one agents cannot write to.' }),
    matchLabels: z
      .record(labelKey, labelValue)
      .refine((labels) => Object.keys(labels).length > 0, 'select approvals by at least one label')
      .default({ [APPROVAL_LABEL]: 'true' })
      .meta({ description: 'The labels an approval ConfigMap carries, at least one.' }),
  })
  .strict()
  .meta({
    description:
      'Where human approvals are read from: ConfigMaps whose data keys are approved digests (sha256-<hex>) and whose values say who approved and why. Crossplane fetches them as required resources.',
  });

export const NetworkSchema = z
  .object({
    internetPrefix: z
      .object({
        ipv4: z
          .number()
          .int()
          .min(0)
          .max(32)
          .default(DEFAULT_INTERNET_PREFIX.ipv4)
          .meta({ description: 'An IPv4 prefix length: a public IPv4 range wider than a block of this length counts as the internet; 0 means only 0.0.0.0/0 does.' }),
        ipv6: z
          .number()
          .int()
          .min(0)
          .max(128)
          .default(DEFAULT_INTERNET_PREFIX.ipv6)
          .meta({ description: 'An IPv6 prefix length: a public IPv6 range wider than a block of this length counts as the internet; 0 means only ::/0 does.' }),
      })
      .strict()
      .prefault({})
      .meta({
        description:
          'How wide a public address range may be before it counts as the internet. Rules judge the union of the ranges a firewall or policy names together, private and special-purpose space (RFC 1918, 100.64.0.0/10, link-local, fc00::/7, ...) left out: ingress from a union with a public range wider than this is held for approval, and an aws:SourceIp condition no longer narrows who a policy admits.',
      }),
  })
  .strict()
  .meta({ description: 'Settings of the rules that judge network address ranges.' });

export const GuardrailsSchema = z
  .object({
    apiVersion: z.literal(API_VERSION).meta({ description: `The Input's API version: ${API_VERSION}.` }),
    kind: z.literal(KIND).meta({ description: `The Input's kind: ${KIND}.` }),
    metadata: z.looseObject({}).optional(),
    mode: z
      .enum(MODES)
      .default('Enforce')
      .meta({ description: 'Enforce changes and refuses; Audit reports what Enforce would do and changes nothing.' }),
    tags: TagsSchema.prefault({}),
    rules: z
      .record(z.string(), RuleSettingsSchema)
      .default({})
      .meta({ description: 'Per built-in rule ID: its action and parameters.' }),
    custom: z.array(CustomRuleSchema).default([]).meta({ description: "The platform's own rules, in CEL; run after the built-in rules, in order." }),
    approval: ApprovalSchema.prefault({}),
    podSecurity: PodSecuritySchema.prefault({}),
    network: NetworkSchema.prefault({}),
    exceptions: z
      .array(ExceptionSchema)
      .default([])
      .meta({ description: 'Time-boxed waivers: the rules named do not inject, refuse or hold on what the exception matches; they warn.' }),
  })
  .strict()
  .superRefine((input, ctx) => {
    refuseDuplicates(ctx, input.custom.map((rule) => rule.id), (i) => ['custom', i, 'id'], (id) => `duplicate rule ID "${id}"`);
  });

export type Guardrails = z.output<typeof GuardrailsSchema>;
export type RuleSettings = z.output<typeof RuleSettingsSchema>;
export type CustomRule = z.output<typeof CustomRuleSchema>;
export type Exception = z.output<typeof ExceptionSchema>;
export type LabelSelector = z.output<typeof LabelSelectorSchema>;
export type ApprovalConfig = z.output<typeof ApprovalSchema>;
export type PodSecurity = z.output<typeof PodSecuritySchema>;
export type NetworkConfig = z.output<typeof NetworkSchema>;
