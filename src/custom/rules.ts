/**
 * Custom rules: the platform's own guardrails, written in CEL in the Input.
 * Compiled once per distinct Input (see input/cache.ts); turned into engine
 * rules per request, so that the request's cost budget and the CEL copies
 * of its objects are shared by its rules and never outlive it.
 */
import type { Rule, RuleContext } from '../engine/rule.js';
import type { KubeObject } from '../engine/types.js';
import { globMatch } from '../lang/glob.js';
import { labelsOf, selectorMatches } from '../lang/selector.js';
import { formatFieldPath } from '../lang/fieldpath.js';
import type { CustomRule } from '../input/schema.js';
import { Budget, compile, JsonBindings, toCel, type Program } from './cel.js';

/**
 * Comprehension steps one expression may take on one resource (a list-building
 * step counts five). Measured on this machine, a runaway expression stops
 * within about 50 ms of its budget; see bench/README.md.
 */
export const EVALUATION_BUDGET = 50_000;
/** Comprehension steps all custom rules may take in one request. */
export const REQUEST_BUDGET = 500_000;

/** Longest message a message expression may produce; the rest is cut, since it lands in the XR's status. */
const MAX_MESSAGE = 1024;

export interface CompiledCustomRule {
  spec: CustomRule;
  program: Program;
  /** The message expression, where the rule has one. */
  message?: Program<string>;
}

export function compileCustomRules(custom: readonly CustomRule[]): { rules: CompiledCustomRule[]; problems: string[] } {
  const rules: CompiledCustomRule[] = [];
  const problems: string[] = [];
  custom.forEach((spec, i) => {
    const compiled = compile(spec.expression);
    const message = spec.messageExpression === undefined ? undefined : compile(spec.messageExpression, 'string');
    if (!compiled.ok) problems.push(`${formatFieldPath(['custom', i, 'expression'])}: rule "${spec.id}": ${compiled.error}`);
    if (message !== undefined && !message.ok) problems.push(`${formatFieldPath(['custom', i, 'messageExpression'])}: rule "${spec.id}": ${message.error}`);
    if (compiled.ok && (message === undefined || message.ok)) rules.push({ spec, program: compiled.program, ...(message?.ok ? { message: message.program } : {}) });
  });
  return { rules, problems };
}

/**
 * An object as the API server holds it: with `metadata`, which Crossplane
 * always sets on what it applies. Without this, `has(object.metadata.name)`
 * on a resource composed without metadata is an error (ignored under
 * `failurePolicy: Ignore`) on the first call, and false on the next, once
 * the function's own annotation gave it metadata: the verdict would change
 * on the function's own output.
 */
function asApplied(obj: KubeObject): KubeObject {
  return obj.metadata === undefined ? { ...obj, metadata: {} } : obj;
}

export interface Limits {
  evaluation: number;
  request: number;
}

/**
 * Engine rules for one request, in Input order. A runaway expression throws,
 * which the engine turns into an error naming the rule (a Fatal result); once
 * the request's budget is spent, every later evaluation fails at once.
 */
export function customRules(compiled: readonly CompiledCustomRule[], limits: Limits = { evaluation: EVALUATION_BUDGET, request: REQUEST_BUDGET }): Rule[] {
  let remaining = limits.request;
  /** Rules that ran past their budget: in this request they are not run again. */
  const runaway = new Map<string, string>();
  // Each object as custom rules see it, once per request; its CEL value only if the interpreter runs.
  const applied = new WeakMap<KubeObject, KubeObject>();
  const json = (obj: KubeObject | null): KubeObject | null => {
    if (obj === null || obj.metadata !== undefined) return obj;
    let value = applied.get(obj);
    if (value === undefined) applied.set(obj, (value = asApplied(obj)));
    return value;
  };
  const converted = new WeakMap<object, unknown>();
  const cel = (obj: unknown): unknown => {
    if (obj === null || typeof obj !== 'object') return obj;
    let value = converted.get(obj);
    if (value === undefined) converted.set(obj, (value = toCel(obj)));
    return value;
  };

  /** A violation's message: its message expression's value where it has one that works, else `message`. */
  const say = (spec: CustomRule, message: Program<string> | undefined, bindings: JsonBindings): string => {
    if (message === undefined || remaining === 0) return spec.message;
    const own = new Budget(Math.min(limits.evaluation, remaining));
    const said = message.evaluate(bindings, own);
    remaining = Math.max(0, remaining - own.used);
    if (said.kind !== 'value' || said.value.trim() === '') return spec.message;
    return said.value.length > MAX_MESSAGE ? `${said.value.slice(0, MAX_MESSAGE)}…` : said.value;
  };

  return compiled.map(({ spec, program, message }): Rule => {
    const { match } = spec;
    return {
      id: spec.id,
      title: spec.description ?? spec.message,
      severity: 'medium',
      defaultAction: spec.action,
      description: spec.description ?? spec.message,
      kinds: { summary: `${match.apiVersion} ${match.kind}` },
      // The platform's own rules see every target, observe-only ones too: they say in CEL what they skip.
      reads: 'object',
      appliesTo: (type) => globMatch(match.apiVersion, type.apiVersion) && globMatch(match.kind, type.kind),
      check(ctx: RuleContext) {
        if (match.name !== undefined && !globMatch(match.name, ctx.name)) return;
        if (match.compositeSelector !== undefined && !selectorMatches(match.compositeSelector, labelsOf(ctx.composite))) return;
        const known = runaway.get(spec.id);
        if (known !== undefined) throw new Error(known);
        const bindings = new JsonBindings({ object: json(ctx.resource), observed: json(ctx.observedResource ?? null), composite: json(ctx.composite), name: ctx.name }, cel);
        // The request's whole budget may go to one evaluation, but no more than its own share.
        const budget = new Budget(Math.min(limits.evaluation, remaining));
        const outcome = program.evaluate(bindings, budget);
        remaining = Math.max(0, remaining - budget.used);
        switch (outcome.kind) {
          case 'exhausted': {
            const message =
              budget.limit < limits.evaluation
                ? `custom rules spent this request's budget of ${limits.request} comprehension steps; simplify the expressions`
                : `the expression ran past its budget of ${limits.evaluation} comprehension steps; simplify it`;
            runaway.set(spec.id, message);
            throw new Error(message);
          }
          case 'value':
            if (!outcome.value) ctx.unsafe('', say(spec, message, bindings));
            return;
          case 'error':
            if (spec.failurePolicy === 'Fail') ctx.unsafe('', `${spec.message} (the expression could not be evaluated: ${outcome.message})`);
            else ctx.notice('', `the expression could not be evaluated, ignored (failurePolicy: Ignore): ${outcome.message}`);
            return;
        }
      },
    };
  });
}
