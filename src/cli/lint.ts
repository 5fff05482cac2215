/**
 * `lint COMPOSITION`: is function-guardrails placed and configured so that
 * it judges everything the Composition emits?
 * - a guardrails step exists (request.ts `guardrailsStep` says how it is found);
 * - no step after it can add or change composed resources: the only
 *   functions allowed after it are those known to change no field
 *   (function-auto-ready, AFTER_GUARDRAILS), since anything else could undo
 *   an injection or add a resource nobody checked;
 * - its input validates, as the function itself would validate it.
 */
import { isObject } from '../lang/fieldpath.js';
import { parseInput } from '../load/parse.js';
import { CATALOG } from '../rules/catalog.js';
import { InputError, where, type Doc } from '../precheck/documents.js';
import { guardrailsStep } from '../precheck/request.js';

/** Functions that change no field of a composed resource, so may run after guardrails (matched by name, as installed). */
export const AFTER_GUARDRAILS = ['function-auto-ready'];

export interface LintProblem {
  /** `file:line` of what is wrong. */
  at: string;
  message: string;
}

export function lintComposition(docs: readonly Doc[]): LintProblem[] {
  const compositions = docs.filter((d) => d.object.kind === 'Composition' && String(d.object.apiVersion).startsWith('apiextensions.crossplane.io/'));
  if (compositions.length === 0) throw new InputError(`${docs[0]?.source ?? 'input'}: no Composition (apiextensions.crossplane.io) found`);
  return compositions.flatMap(lintOne);
}

function lintOne(c: Doc): LintProblem[] {
  const found = guardrailsStep(c);
  if (found.step === undefined) return [{ at: where(c.source, c.line), message: found.problem }];
  const problems: LintProblem[] = [];
  found.steps.forEach((s, i) => {
    if (i <= found.index) return;
    const fn = isObject(s.functionRef) && typeof s.functionRef.name === 'string' ? s.functionRef.name : '';
    if (AFTER_GUARDRAILS.some((name) => fn === name || fn.endsWith(`-${name}`) || fn.endsWith(`/${name}`))) return;
    problems.push({
      at: where(c.source, c.lineOf(`spec.pipeline[${i}]`)),
      message: `step ${JSON.stringify(s.step)} (${fn === '' ? 'no functionRef.name' : fn}) runs after the guardrails step ${JSON.stringify(found.step.step)}: what it adds or changes is never checked; move guardrails last`,
    });
  });
  const parsed = parseInput(found.step.input, CATALOG);
  if (!parsed.ok) {
    const at = where(c.source, c.lineOf(`spec.pipeline[${found.index}].input`));
    problems.push(...parsed.problems.map((p) => ({ at, message: `the guardrails input is invalid: ${p}` })));
  }
  return problems;
}
