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
import { defineRule, refOf, type ProviderKindRef, type Rule } from '../../engine/rule.js';
import type { Action, Severity } from '../../engine/types.js';
import { explicitParams, requireValue } from '../params.js';

/** One kind a row reads, and its field there (under forProvider, through single nested blocks). */
export interface FieldOn {
  kind: ProviderKindRef;
  field: readonly string[];
  /**
   * Where this kind takes an absent field from (GCP InstanceFromTemplate:
   * `its template`): there absence is not judged and nothing is injected,
   * since an injected block would replace the source's whole block; an
   * explicit value is judged as on every kind.
   */
  inherits?: string;
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

/** The rule of one row. Its description is written from the row, so the reference cannot drift from the check. */
export function fieldRule(row: FieldRow): Rule {
  const safe = row.safe;
  const test = typeof safe === 'object' ? safe.test : (v: unknown) => v === safe;
  const safeWords = typeof safe === 'object' ? safe.words : valueText(safe);
  if (row.inject !== undefined && row.providerDefault !== undefined) throw new Error(`field rule ${row.id}: inject and providerDefault exclude each other`);
  const fields = fieldsText(row.on);
  const absent =
    row.inject !== undefined
      ? `Injects ${valueText(row.inject)} where the field is absent from both forProvider and initProvider`
      : row.providerDefault !== undefined
        ? `Where the field is absent the provider's default ${valueText(row.providerDefault)} applies, and passes`
        : `Reports a resource that does not set it (${row.defaultAction === 'Warn' ? 'a warning' : `action ${row.defaultAction}`})`;
  const inherited = row.on
    .filter((on) => on.inherits !== undefined)
    .map((on) => ` On ${on.kind.service} ${on.kind.kind} an absent field comes from ${on.inherits} and is not judged there; nothing is injected into it.`)
    .join('');
  const byRef = new Map(row.on.map((on) => [refOf(on.kind), on]));
  return defineRule({
    id: row.id,
    title: row.title,
    severity: row.severity,
    defaultAction: row.defaultAction,
    description: `${upper(fields)} must be ${safeWords}. ${absent}; refuses an explicit other value, and a value that is not a ${row.type}.${inherited} ${row.why}`,
    ...(row.inject !== undefined ? { fix: `injects ${row.on.filter((on) => on.inherits === undefined).map((on) => `\`${on.field.join('.')}: ${JSON.stringify(row.inject)}\``).filter((t, i, all) => all.indexOf(t) === i).join(' or ')}.` } : {}),
    ...(row.references !== undefined ? { references: row.references } : {}),
    kinds: row.on.map((on) => on.kind),
    check(ctx) {
      const on = byRef.get(ctx.type.ref);
      if (on === undefined) return;
      // Absence is safe (the provider's default) or means another resource's value: only explicit values are judged.
      if ((row.providerDefault !== undefined || on.inherits !== undefined) && explicitParams(ctx.resource, on.field).length === 0) return;
      requireValue(ctx, on.field, {
        safe: test,
        type: row.type,
        missing: row.missing,
        unsafe: row.unsafe,
        ...(row.inject !== undefined ? { inject: row.inject } : {}),
      });
    },
  });
}

/** The rules of a table, in table order. */
export function fieldRules(rows: readonly FieldRow[]): Rule[] {
  return rows.map(fieldRule);
}

