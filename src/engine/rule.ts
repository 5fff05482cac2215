/**
 * A guardrail rule: one small module, built by `defineRule`, checked with
 * `satisfies Rule`. A rule reads one composed resource and reports through
 * its context; it never decides what happens. Whether a missing value is
 * injected or refused, and whether anything changes at all (Audit mode), is
 * the engine's call, from the rule's action.
 */
import type { z } from 'zod';
import type { Guardrails } from '../input/schema.js';
import type { Segment } from './fieldpath.js';
import type { Cloud, ResourceType } from './gvk.js';
import type { Shape } from './schema.js';
import type { Action, KubeObject, Severity } from './types.js';

/** A kind a rule looks at, e.g. `{ cloud: 'aws', service: 'rds', kind: 'Instance' }`; every version and both groups. */
export interface KindRef {
  cloud: Cloud;
  service: string;
  kind: string;
}

export interface RuleContext {
  /** Composition resource name. */
  readonly name: string;
  readonly type: ResourceType;
  /** The resource as it stands, with earlier rules' injections. Read it; change it only through `missing`. */
  readonly resource: KubeObject;
  readonly input: Guardrails;
  /** The observed composite resource (XR). */
  readonly composite: KubeObject;
  /** Desired composed resources as the pipeline handed them in, by name. */
  readonly desired: ReadonlyMap<string, KubeObject>;
  /** Observed composed resources, by name. */
  readonly observed: ReadonlyMap<string, KubeObject>;
  /** forProvider shapes Crossplane sent, by `apiVersion|Kind` (see rules/schemas.ts for the lookup). */
  readonly schemas: ReadonlyMap<string, Shape>;
  /** A safe value is absent at `path`: injected under Mutate, reported under any other action. */
  missing(path: readonly Segment[], value: unknown, message: string): void;
  /** An explicit value is unsafe (or malformed): refused under Mutate, reported with the rule's action otherwise. */
  unsafe(path: string, message: string): void;
  /** The rule cannot apply here (say, the kind's version lacks the field): a warning, whatever the action. */
  notice(path: string, message: string): void;
  /**
   * Emit a resource beside this one, under a new composition resource name:
   * under Mutate, or whenever it already exists (a companion never drops out
   * of desired state, since Crossplane would delete it). `ownerLabels` are
   * labels the companion selects this resource by; they are added to this
   * resource, where absent, when the companion is emitted.
   */
  companion(name: string, resource: KubeObject, ownerLabels?: Record<string, string>): void;
}

/**
 * Settings a rule takes beside `action` in `rules.<id>` of the Input, as a
 * zod object; validated once with the Input, then handed to `check`.
 */
export type RuleParams = z.ZodObject;

export interface KindPredicate {
  /** The kinds, in words, for the rules reference: "every AWS kind with a region". */
  summary: string;
  test(type: ResourceType): boolean;
}

export interface RuleSpec<P extends RuleParams = RuleParams> {
  /** Stable ID: lowercase words joined by dashes, cloud first (`aws-rds-public-access`). */
  id: string;
  title: string;
  severity: Severity;
  defaultAction: Exclude<Action, 'Disabled'>;
  /** What the rule checks, for the rules reference. */
  description: string;
  /** What it injects or adds where a safe default exists (none: it can only report). */
  fix?: string;
  references?: { checkov?: readonly string[]; trivy?: readonly string[] };
  /** The kinds it reads, or a predicate with its summary in words for rules that follow a table (tags) or a cloud (regions). */
  kinds: readonly KindRef[] | KindPredicate;
  /** Its settings beside `action` in `rules.<id>`, each optional. */
  params?: P;
  /**
   * What it reads. `parameters` (the default): provider parameters
   * (forProvider, initProvider), which Crossplane never writes on an
   * observe-only resource, so the engine skips it there. `object`: the
   * object as a whole (Crossplane's own fields, metadata), which acts on
   * every resource, observe-only included: an observe-only resource still
   * adopts by external name, uses credentials and publishes secrets.
   */
  reads?: 'parameters' | 'object';
  /** `params` are the rule's validated settings from the Input (`{}` when it has none). */
  check(ctx: RuleContext, params: Partial<z.output<P>>): void;
}

export interface Rule extends Omit<RuleSpec, 'kinds' | 'check'> {
  /** The kinds it reads, or their summary in words. */
  readonly kinds: readonly KindRef[] | { readonly summary: string };
  appliesTo(type: ResourceType): boolean;
  check(ctx: RuleContext, params: Readonly<Record<string, unknown>>): void;
}

const RULE_ID = /^[a-z0-9]+(-[a-z0-9]+)+$/;

/** Builds a rule, validating its metadata once at module load. */
export function defineRule<P extends RuleParams>(spec: RuleSpec<P>): Rule {
  if (!RULE_ID.test(spec.id)) throw new Error(`rule id "${spec.id}" must be lowercase words joined by dashes`);
  if (spec.title.trim() === '' || spec.description.trim() === '') throw new Error(`rule ${spec.id} needs a title and a description`);
  if (spec.params !== undefined && 'action' in spec.params.shape) throw new Error(`rule ${spec.id}: "action" is not a parameter`);
  const { kinds } = spec;
  const check = spec.check as Rule['check'];
  if (!Array.isArray(kinds)) {
    const { summary, test } = kinds as KindPredicate;
    return { ...spec, kinds: { summary }, appliesTo: test, check };
  }
  if ((kinds as readonly KindRef[]).length === 0) throw new Error(`rule ${spec.id} applies to no kind`);
  const keys = new Set(kinds.map((k) => `${k.cloud}/${k.service}/${k.kind}`));
  return {
    ...spec,
    kinds,
    check,
    appliesTo: (t) => t.ref !== undefined && keys.has(t.ref),
  };
}
