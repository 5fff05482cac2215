/**
 * Reading provider parameters the way Upjet applies them: `spec.forProvider`
 * always, `spec.initProvider` at creation. A value set in either is an
 * explicit choice; only a value absent from both may be injected.
 */
import { getPath, isObject, type Segment } from '../engine/fieldpath.js';
import type { RuleContext } from '../engine/rule.js';
import type { KubeObject } from '../engine/types.js';

const PARAM_BLOCKS = ['forProvider', 'initProvider'] as const;

export interface Explicit {
  /** Full dotted path, e.g. `spec.initProvider.publiclyAccessible`. */
  path: string;
  value: unknown;
}

/** Every explicit (non-null) setting of `field` under forProvider and initProvider. */
export function explicitParams(resource: KubeObject, field: readonly Segment[]): Explicit[] {
  const out: Explicit[] = [];
  for (const block of PARAM_BLOCKS) {
    const value = getPath(resource, ['spec', block, ...field]);
    if (value !== undefined && value !== null) out.push({ path: ['spec', block, ...field].join('.'), value });
  }
  return out;
}

/**
 * Reports `spec` or a parameter block that is not an object. Rules call it
 * first: a resource they cannot read is refused, never passed as compliant.
 */
export function readable(ctx: RuleContext): boolean {
  const spec = ctx.resource.spec;
  if (spec !== undefined && !isObject(spec)) {
    ctx.unsafe('spec', `spec is ${describe(spec)}, not an object; the resource cannot be checked`);
    return false;
  }
  for (const block of PARAM_BLOCKS) {
    const params = isObject(spec) ? spec[block] : undefined;
    if (params !== undefined && params !== null && !isObject(params)) {
      ctx.unsafe(`spec.${block}`, `spec.${block} is ${describe(params)}, not an object; the resource cannot be checked`);
      return false;
    }
  }
  return true;
}

/**
 * The common shape of a boolean guardrail: absent -> inject `safe`; explicitly
 * the other way -> refuse; not a boolean -> refuse as malformed.
 */
export function requireBoolean(
  ctx: RuleContext,
  field: string,
  safe: boolean,
  messages: { missing: string; unsafe: string },
): void {
  if (!readable(ctx)) return;
  const found = explicitParams(ctx.resource, [field]);
  if (found.length === 0) {
    ctx.missing(['spec', 'forProvider', field], safe, messages.missing);
    return;
  }
  for (const { path, value } of found) {
    if (typeof value !== 'boolean') ctx.unsafe(path, `${path} must be a boolean, got ${describe(value)}`);
    else if (value !== safe) ctx.unsafe(path, `${path} is ${value}; ${messages.unsafe}`);
  }
}

export function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'string') return `the string ${JSON.stringify(value.length > 40 ? value.slice(0, 40) + '…' : value)}`;
  if (typeof value === 'object') return 'an object';
  return `${typeof value} ${String(value)}`;
}
