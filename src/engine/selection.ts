/**
 * Which rules run on a kind. A rule applies to a kind by its apiVersion and
 * kind alone, and whether it runs at all by the Input alone, so for one rule
 * list and one Input the answer is worked out once per process, not once per
 * resource: the Input is cached by content (load/cache.ts), so every request
 * of a Composition shares it.
 */
import type { Guardrails } from '../input/schema.js';
import type { ResourceType } from './gvk.js';
import type { Rule } from './rule.js';
import type { Action } from './types.js';

/** A rule as the Input sets it: its action and its settings, looked up once. */
export interface Selected {
  rule: Rule;
  action: Action;
  params: Readonly<Record<string, unknown>>;
}

export class RuleSelection {
  private static readonly cache = new WeakMap<readonly Rule[], WeakMap<Guardrails, RuleSelection>>();

  /** The selection of `rules` under `input`, shared by every request with the same list and Input. */
  static of(rules: readonly Rule[], input: Guardrails): RuleSelection {
    let byInput = RuleSelection.cache.get(rules);
    if (byInput === undefined) RuleSelection.cache.set(rules, (byInput = new WeakMap()));
    let selection = byInput.get(input);
    if (selection === undefined) byInput.set(input, (selection = new RuleSelection(rules, input)));
    return selection;
  }

  /** The rules that run under the Input: a rule its settings leave with nothing to do (a limit with no value) does not. */
  readonly configured: readonly Selected[];
  /** Those of them that judge what the desired state drops. */
  readonly removal: readonly Selected[];
  // Keyed by the type object: the same apiVersion and kind give the same one (gvk.ts), and a weak map holds no type
  // alive, so the names a request makes up cost no memory after it.
  private readonly byKind = new WeakMap<ResourceType, readonly Selected[]>();
  private readonly removalByKind = new WeakMap<ResourceType, readonly Selected[]>();

  constructor(rules: readonly Rule[], input: Guardrails) {
    this.configured = rules
      .filter((r) => r.configured?.(input.rules[r.id] ?? {}, input) ?? true)
      .map((rule) => ({ rule, action: input.rules[rule.id]?.action ?? rule.defaultAction, params: input.rules[rule.id] ?? {} }));
    this.removal = this.configured.filter((s) => s.rule.removed !== undefined);
  }

  /** The configured rules that apply to `type`, in list order. */
  forType(type: ResourceType): readonly Selected[] {
    return remembered(this.byKind, type, () => this.configured.filter((s) => s.rule.appliesTo(type)));
  }

  /** The removal rules that apply to `type`, in list order. */
  removalFor(type: ResourceType): readonly Selected[] {
    return remembered(this.removalByKind, type, () => this.removal.filter((s) => s.rule.appliesTo(type)));
  }
}

function remembered(memo: WeakMap<ResourceType, readonly Selected[]>, type: ResourceType, work: () => readonly Selected[]): readonly Selected[] {
  let found = memo.get(type);
  if (found === undefined) memo.set(type, (found = work()));
  return found;
}
