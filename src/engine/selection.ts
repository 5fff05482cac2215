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

/** Kinds remembered per selection; the names come from requests, so the memory is bounded. */
const MAX_KINDS = 4096;

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
  readonly configured: readonly Rule[];
  /** Those of them that judge what the desired state drops. */
  readonly removal: readonly Rule[];
  private readonly byKind = new Map<string, readonly Rule[]>();
  private readonly removalByKind = new Map<string, readonly Rule[]>();

  constructor(rules: readonly Rule[], input: Guardrails) {
    this.configured = rules.filter((r) => r.configured?.(input.rules[r.id] ?? {}, input) ?? true);
    this.removal = this.configured.filter((r) => r.removed !== undefined);
  }

  /** The configured rules that apply to `type`, in list order. */
  forType(type: ResourceType): readonly Rule[] {
    return remembered(this.byKind, type, () => this.configured.filter((r) => r.appliesTo(type)));
  }

  /** The removal rules that apply to `type`, in list order. */
  removalFor(type: ResourceType): readonly Rule[] {
    return remembered(this.removalByKind, type, () => this.removal.filter((r) => r.appliesTo(type)));
  }
}

function remembered(memo: Map<string, readonly Rule[]>, type: ResourceType, work: () => readonly Rule[]): readonly Rule[] {
  const key = `${type.apiVersion}\n${type.kind}`;
  let found = memo.get(key);
  if (found === undefined) {
    found = work();
    if (memo.size < MAX_KINDS) memo.set(key, found);
  }
  return found;
}
