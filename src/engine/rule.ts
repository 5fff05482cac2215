/**
 * A guardrail rule: one small module, built by `defineRule`, checked with
 * `satisfies Rule`. A rule reads one composed resource and reports through
 * its context; it never decides what happens. Whether a missing value is
 * injected or refused, and whether anything changes at all (Audit mode), is
 * the engine's call, from the rule's action.
 */
import type { z } from 'zod';
import type { Guardrails } from '../input/schema.js';
import type { Segment } from '../lang/fieldpath.js';
import type { Cloud, ResourceType } from './gvk.js';
import type { DesiredIndex } from './desired-index.js';
import type { Shape } from './schema.js';
import type { Action, KubeObject, Severity } from './types.js';

/**
 * A kind a rule looks at: an Upbound provider kind, every version and both
 * groups (`{ cloud: 'aws', service: 'rds', kind: 'Instance' }`), or a kind of
 * one exact API group, every version (`{ group: '', kind: 'ConfigMap' }` for
 * the core group, `{ group: 'rbac.authorization.k8s.io', kind: 'Role' }`).
 */
export type KindRef = ProviderKindRef | { group: string; kind: string; cloud?: undefined };

/** An Upbound provider kind, every version and both groups. */
export type ProviderKindRef = { cloud: Cloud; service: string; kind: string; group?: undefined };

/** The `ResourceType.ref` a kind ref matches. */
export function refOf(k: KindRef): string {
  return k.cloud !== undefined ? `${k.cloud}/${k.service}/${k.kind}` : `${k.group === '' ? 'core' : k.group}/${k.kind}`;
}

/**
 * What a rule sees of one target: a composed resource, or an object it
 * carries (a provider-kubernetes Object's manifest). Paths a rule reports
 * are relative to the target; the engine prefixes them with `at`, so a
 * finding names the composed resource and the path inside it.
 */
export interface RuleContext {
  /** Composition resource name of the composed resource the target belongs to. */
  readonly name: string;
  readonly type: ResourceType;
  /** The target as it stands, with earlier rules' injections. Read it; change it only through `missing`. */
  readonly resource: KubeObject;
  /** Where the target is inside the composed resource: `[]` for the resource itself. */
  readonly at: readonly Segment[];
  /** The observed counterpart of the target (the same path in the observed composed resource), if any. */
  readonly observedResource: KubeObject | undefined;
  /** Every target of the desired state as the pipeline handed it in, by ref: for rules that relate resources. */
  readonly index: DesiredIndex;
  /**
   * Composed resources the engine found held back for approval on an earlier
   * pass over this request: they will not be applied, so they stand in for
   * nothing (see `CompanionOptions.standIn`).
   */
  readonly held: ReadonlySet<string>;
  readonly input: Guardrails;
  /** The observed composite resource (XR). */
  readonly composite: KubeObject;
  /** Desired composed resources as the pipeline handed them in, by name. */
  readonly desired: ReadonlyMap<string, KubeObject>;
  /** Observed composed resources, by name. */
  readonly observed: ReadonlyMap<string, KubeObject>;
  /** forProvider shapes Crossplane sent, by `apiVersion|Kind` (see rules/schemas.ts for the lookup). */
  readonly schemas: ReadonlyMap<string, Shape>;
  /**
   * A safe value is absent at `path`: injected under Mutate, reported under
   * any other action. `note` is what the injection asks of the author beyond
   * the field itself (that the image runs as a non-root user): it goes with
   * the recorded change, as `message` goes with the finding.
   */
  missing(path: readonly Segment[], value: unknown, message: string, opts?: { note?: string }): void;
  /** An explicit value is unsafe (or malformed): refused under Mutate, reported with the rule's action otherwise. */
  unsafe(path: string, message: string): void;
  /** The rule cannot apply here (say, the kind's version lacks the field): a warning, whatever the action. */
  notice(path: string, message: string): void;
  /**
   * Emit a resource beside this one, under a new composition resource name:
   * under Mutate, or whenever it already exists (a companion never drops out
   * of desired state, since Crossplane would delete it). A companion of a
   * carried target is carried the same way (engine.ts `carry`).
   */
  companion(name: string, resource: KubeObject, opts?: CompanionOptions): void;
}

export interface CompanionOptions {
  /** Labels the companion selects this target by: added to it, where absent, when the companion is emitted. */
  ownerLabels?: Record<string, string>;
  /**
   * The desired state already holds an equivalent the rule accepts (an
   * author's own encryption configuration), or something else forbids adding
   * one: nothing is added, but an existing companion is still kept.
   */
  present?: boolean;
  /**
   * The composition resource name of the equivalent that makes `present`
   * true. Should the engine hold it back for approval, it will not be
   * applied: the request is judged again with it in `RuleContext.held`.
   */
  standIn?: string;
}

/**
 * Settings a rule takes beside `action` in `rules.<id>` of the Input, as a
 * zod object; validated once with the Input, then handed to `check`.
 */
export type RuleParams = z.ZodObject;

/** The Pod Security Standards levels a control belongs to (`privileged` has none). */
export type PodSecurityLevel = 'baseline' | 'restricted';

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
  /**
   * A Pod Security Standards control: the level from which it acts (it runs
   * where the Input's `podSecurity.level` is that level or stricter), and,
   * for a control the restricted level tightens, what restricted adds. The
   * rules reference prints it.
   */
  podSecurity?: { level: PodSecurityLevel; restricted?: string };
  /** The kinds it reads, or a predicate with its summary in words for rules that follow a table (tags) or a cloud (regions). */
  kinds: readonly KindRef[] | KindPredicate;
  /**
   * What it reads. `parameters` (the default): provider parameters, so the
   * engine runs it only where Crossplane writes them and can read them — not
   * on an observe-only target, nor on one whose spec is not an object (that
   * is refused once, by the engine). `object`: the object as a whole
   * (metadata, Crossplane's own fields), so it runs on every target.
   */
  reads?: 'parameters' | 'object';
  /** Its settings beside `action` in `rules.<id>`, each optional. */
  params?: P;
  /**
   * Whether the rule acts at all under these settings; a rule that is not
   * configured (a limit with no value) does not run. Default: always.
   */
  configured?(params: Partial<z.output<P>>, input: Guardrails): boolean;
  /** `params` are the rule's validated settings from the Input (`{}` when it has none). */
  check(ctx: RuleContext, params: Partial<z.output<P>>): void;
  /**
   * What it says of a target the desired state drops: called for each target
   * of its kinds in an observed composed resource whose desired counterpart
   * is gone (the name is absent from the desired state, or another kind, or
   * the same kind of the other scope, stands at the target's path), with
   * `ctx.resource` the observed target. Only `unsafe` and `notice` report:
   * there is nothing to inject into what is gone. An observe-only target, or
   * one an observe-only Object carries, is not judged: dropping it deletes
   * nothing.
   */
  removed?(ctx: RuleContext, params: Partial<z.output<P>>): void;
}

export interface Rule extends Omit<RuleSpec, 'kinds' | 'check' | 'reads' | 'configured' | 'removed'> {
  /** The kinds it reads, or their summary in words. */
  readonly kinds: readonly KindRef[] | { readonly summary: string };
  readonly reads: 'parameters' | 'object';
  configured?(params: Readonly<Record<string, unknown>>, input: Guardrails): boolean;
  appliesTo(type: ResourceType): boolean;
  check(ctx: RuleContext, params: Readonly<Record<string, unknown>>): void;
  removed?(ctx: RuleContext, params: Readonly<Record<string, unknown>>): void;
}

const RULE_ID = /^[a-z0-9]+(-[a-z0-9]+)+$/;

/** Builds a rule, validating its metadata once at module load. */
export function defineRule<P extends RuleParams>(spec: RuleSpec<P>): Rule {
  if (!RULE_ID.test(spec.id)) throw new Error(`rule id "${spec.id}" must be lowercase words joined by dashes`);
  if (spec.title.trim() === '' || spec.description.trim() === '') throw new Error(`rule ${spec.id} needs a title and a description`);
  if (spec.params !== undefined && 'action' in spec.params.shape) throw new Error(`rule ${spec.id}: "action" is not a parameter`);
  const { kinds } = spec;
  const check = spec.check as Rule['check'];
  const configured = spec.configured as Rule['configured'];
  const removed = spec.removed as Rule['removed'];
  const reads = spec.reads ?? 'parameters';
  if (!Array.isArray(kinds)) {
    const { summary, test } = kinds as KindPredicate;
    return { ...spec, reads, configured, ...(removed !== undefined ? { removed } : {}), kinds: { summary }, appliesTo: test, check };
  }
  if ((kinds as readonly KindRef[]).length === 0) throw new Error(`rule ${spec.id} applies to no kind`);
  const keys = new Set((kinds as readonly KindRef[]).map(refOf));
  return { ...spec, reads, configured, ...(removed !== undefined ? { removed } : {}), kinds, check, appliesTo: (t) => keys.has(t.ref) };
}
