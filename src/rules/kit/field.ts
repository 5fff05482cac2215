/**
 * A check that is one field's value is one table row. `fieldRule` turns a row
 * — its kinds, the field on each, the safe value, whether to inject it where
 * absent, the scanner references and the messages — into a rule read by one
 * guard (`requireValue` in ../params.ts), which already knows the shapes
 * (a single nested block as an object or a one-element list), both parameter
 * blocks (`forProvider`, `initProvider`), and types; the engine already
 * knows observe-only, unreadable specs and carried targets. Modules remain for
 * checks with logic (ranges, policy documents, relations between resources).
 */
import { defineRule, refOf, type ProviderKindRef, type Rule, type RuleContext } from '../../engine/rule.js';
import type { Action, Severity } from '../../engine/types.js';
import { hasParam, type Requirement, requireValue } from '../params.js';

/**
 * One kind a row reads, and its field there (under forProvider, through
 * single nested blocks). Where the kind's field differs from the row (a
 * string `"Disabled"` where the other kinds have a boolean), it says so here.
 */
export interface FieldOn extends Partial<Pick<FieldRow, 'type' | 'safe' | 'inject' | 'unsafe'>> {
  kind: ProviderKindRef;
  field: readonly string[];
  /**
   * Older names of the same setting on this kind (`enableHttpsTrafficOnly`,
   * renamed `httpsTrafficOnlyEnabled`): an explicit value there is judged
   * like one in `field`, and counts as set, so nothing is injected beside
   * it; nothing is ever injected under an alias. A cluster may still serve
   * a CRD version that has only the old name.
   */
  aliases?: readonly (readonly string[])[];
  /**
   * Where this kind takes an absent field from (GCP InstanceFromTemplate:
   * `its template`): there absence is not judged and nothing is injected,
   * since an injected block would replace the source's whole block; an
   * explicit value is judged as on every kind.
   */
  inherits?: string;
  /**
   * Where the setting exists on this kind at all (an ALB attribute on an
   * `elbv2 LB`, which is also the Network and Gateway load balancers' kind):
   * the field is judged, and injected, only where `test` holds; `words`
   * completes "On <kind> only where ...". Elsewhere it is not read, since
   * the provider would refuse the value there.
   */
  when?: { test(ctx: RuleContext): boolean; words: string };
}

export interface FieldRow {
  id: string;
  title: string;
  severity: Severity;
  defaultAction: Exclude<Action, 'Disabled'>;
  /** Each kind the row reads, with its field; every version and both groups of each. */
  on: readonly FieldOn[];
  /** The value's type in the CRDs; any other type is refused as malformed. */
  type: 'boolean' | 'string' | 'number';
  /** The safe values: one value, or a test with its words for the description ("at least 1.2"). */
  safe: string | number | boolean | { test(value: unknown): boolean; words: string };
  /** Injected where the field is absent from both parameter blocks; without it, absence is reported with the row's action. */
  inject?: string | number | boolean;
  /**
   * The provider's own value where the field is absent, when it is safe:
   * absence then passes, with nothing injected or reported (never with `inject`).
   */
  providerDefault?: string | number | boolean;
  /** Said when the field is absent. */
  missing: string;
  /** Advice after an unsafe value: what to set and why. */
  unsafe: string;
  /** Why the control matters, for the rules reference; the description says the rest. */
  why: string;
  references?: { checkov?: readonly string[]; trivy?: readonly string[] };
}

/** `\`a.b\` of svc A, svc B, \`c\` of svc C`: each field once, with every kind that has it, in row order. */
function fieldsText(on: readonly FieldOn[]): string {
  const byField = new Map<string, string[]>();
  for (const o of on) {
    const key = o.field.join('.');
    byField.set(key, [...(byField.get(key) ?? []), `${o.kind.service} ${o.kind.kind}`]);
  }
  return [...byField].map(([field, kinds]) => `\`${field}\` of ${kinds.join(', ')}`).join(', ');
}
const valueText = (v: string | number | boolean) => `\`${typeof v === 'string' ? JSON.stringify(v) : String(v)}\``;

const upper = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);

/** What one kind's field must be, the row's values filled in where the kind has none of its own. */
interface Judged {
  field: readonly string[];
  aliases: readonly (readonly string[])[];
  type: FieldRow['type'];
  test(value: unknown): boolean;
  words: string;
  inject?: string | number | boolean;
  unsafe: string;
  inherits?: string;
  when?: FieldOn['when'];
}

function judged(row: FieldRow, on: FieldOn): Judged {
  const safe = on.safe ?? row.safe;
  const inject = on.inject ?? row.inject;
  return {
    field: on.field,
    aliases: on.aliases ?? [],
    type: on.type ?? row.type,
    test: typeof safe === 'object' ? safe.test : (v: unknown) => v === safe,
    words: typeof safe === 'object' ? safe.words : valueText(safe),
    ...(inject !== undefined ? { inject } : {}),
    unsafe: on.unsafe ?? row.unsafe,
    ...(on.inherits !== undefined ? { inherits: on.inherits } : {}),
    ...(on.when !== undefined ? { when: on.when } : {}),
  };
}

/** `a` and `b` must be `false`; `c` must be `"Disabled"`: the kinds grouped by what they must be, in row order. */
function mustText(row: FieldRow): string {
  const groups = new Map<string, FieldOn[]>();
  for (const on of row.on) {
    const j = judged(row, on);
    groups.set(j.words, [...(groups.get(j.words) ?? []), on]);
  }
  return [...groups].map(([words, ons]) => `${fieldsText(ons)} must be ${words}`).join('; ');
}

/** The rule of one row. Its description is written from the row, so the reference cannot drift from the check. */
export function fieldRule(row: FieldRow): Rule {
  const types = [...new Set(row.on.map((on) => on.type ?? row.type))];
  const values = row.on.flatMap((on) => {
    const value = on.inject ?? row.inject;
    return value === undefined ? [] : [value];
  });
  const injects = row.on.flatMap((on) => {
    const value = on.inject ?? row.inject;
    return value === undefined || on.inherits !== undefined ? [] : [`\`${on.field.join('.')}: ${JSON.stringify(value)}\``];
  });
  const distinct = [...new Set(values)];
  if (values.length > 0 && row.providerDefault !== undefined) throw new Error(`field rule ${row.id}: inject and providerDefault exclude each other`);
  const absent =
    row.providerDefault !== undefined
      ? `Where the field is absent the provider's default ${valueText(row.providerDefault)} applies, and passes`
      : values.length === 0
      ? `Reports a resource that does not set it (${row.defaultAction === 'Warn' ? 'a warning' : `action ${row.defaultAction}`})`
      : `Injects ${distinct.length === 1 ? valueText(distinct[0]!) : 'the safe value'} where the field is absent from both forProvider and initProvider${values.length < row.on.length ? ' (where the kind has a value to inject)' : ''}`;
  const aliases = row.on.flatMap((on) => (on.aliases ?? []).map((a) => `\`${a.join('.')}\``));
  const aliasText = aliases.length > 0 ? ` Older names of the same field (${[...new Set(aliases)].join(', ')}) are judged alike, and count as set.` : '';
  const inherited = row.on
    .filter((on) => on.inherits !== undefined)
    .map((on) => ` On ${on.kind.service} ${on.kind.kind} an absent field comes from ${on.inherits} and is not judged there; nothing is injected into it.`)
    .join('');
  const conditional = row.on
    .filter((on) => on.when !== undefined)
    .map((on) => ` On ${on.kind.service} ${on.kind.kind} only where ${on.when!.words}.`)
    .join('');
  const byRef = new Map(row.on.map((on) => [refOf(on.kind), judged(row, on)]));
  if (byRef.size !== row.on.length) throw new Error(`rule ${row.id}: a kind appears twice; give its other names as aliases`);
  // What the check needs per kind, built with the rule rather than per resource.
  const checks = new Map(
    [...byRef].map(([ref, j]) => {
      const judge: Requirement<unknown> = { safe: j.test, type: j.type, missing: row.missing, unsafe: j.unsafe };
      const require: Requirement<unknown> = { ...judge, ...(j.inject !== undefined ? { inject: j.inject } : {}) };
      // Absence is safe (the provider's default) or means another resource's value: only explicit values are judged.
      const absentPasses = row.providerDefault !== undefined || j.inherits !== undefined;
      return [ref, { judged: j, judge, require, absentPasses }];
    }),
  );
  return defineRule({
    id: row.id,
    title: row.title,
    severity: row.severity,
    defaultAction: row.defaultAction,
    description: `${upper(mustText(row))}. ${absent}; refuses an explicit other value, and a value that is not a ${types.join(' or ')}.${aliasText}${inherited}${conditional} ${row.why}`,
    ...(injects.length > 0 ? { fix: `injects ${injects.filter((t, i, all) => all.indexOf(t) === i).join(' or ')}.` } : {}),
    ...(row.references !== undefined ? { references: row.references } : {}),
    kinds: row.on.map((on) => on.kind),
    check(ctx) {
      const c = checks.get(ctx.type.ref);
      if (c === undefined) return;
      const j = c.judged;
      if (j.when !== undefined && !j.when.test(ctx)) return;
      // An older name set explicitly is the author's choice too: judged, and nothing is injected beside it.
      let old = false;
      for (const a of j.aliases) {
        if (!hasParam(ctx.resource, a)) continue;
        old = true;
        requireValue(ctx, a, c.judge);
      }
      if ((old || c.absentPasses) && !hasParam(ctx.resource, j.field)) return;
      requireValue(ctx, j.field, c.require);
    },
  });
}

/** The rules of a table, in table order. */
export function fieldRules(rows: readonly FieldRow[]): Rule[] {
  return rows.map(fieldRule);
}

