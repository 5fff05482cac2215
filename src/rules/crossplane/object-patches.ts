/**
 * provider-kubernetes patches an Object's manifest at apply time from other
 * objects: `spec.references[].patchesFrom` copies a field of any object it
 * can read (the agent's own XR included) into the manifest, at `toFieldPath`
 * (or at the same path). Guardrails judges the manifest as written, so what
 * is applied may be something it never saw: a database made public, a
 * ConfigMap moved into the approval namespace. It is held for a person.
 */
import { isObject } from '../../lang/fieldpath.js';
import { defineRule, type Rule } from '../../engine/rule.js';

const OBJECT_GROUPS = ['kubernetes.crossplane.io', 'kubernetes.m.crossplane.io'];

export const crossplaneObjectPatches = defineRule({
  id: 'crossplane-object-patches',
  title: 'Objects whose manifest is patched at apply time need approval',
  severity: 'high',
  defaultAction: 'RequireApproval',
  description:
    'Holds for approval a provider-kubernetes `Object` (`kubernetes.crossplane.io`, `kubernetes.m.crossplane.io`) whose `spec.references` patch its manifest from other objects (`patchesFrom`, into `toFieldPath` or the same path): the value is read at apply time, from an object the agent may control (its own XR), so what provider-kubernetes applies is not what guardrails judged. References that only order creation (`dependsOn`) pass, and so does an observe-only Object, which applies nothing. A person approves the exact references; better, compose the value into the manifest itself, where the rules see it.',
  kinds: OBJECT_GROUPS.map((group) => ({ group, kind: 'Object' })),
  check(ctx) {
    const spec = isObject(ctx.resource.spec) ? ctx.resource.spec : {};
    const references = spec.references;
    if (references === undefined || references === null) return;
    if (!Array.isArray(references)) {
      ctx.unsafe('spec.references', 'spec.references is not a list, so what it patches into the manifest cannot be checked');
      return;
    }
    references.forEach((ref: unknown, i) => {
      const patch = isObject(ref) ? ref.patchesFrom : undefined;
      if (patch === undefined || patch === null) return;
      const from = isObject(patch) ? patch : {};
      const text = (v: unknown) => (typeof v === 'string' && v !== '' ? v : '?');
      const source = `${text(from.kind)} ${from.namespace !== undefined ? `${text(from.namespace)}/` : ''}${text(from.name)} ${text(from.fieldPath)}`;
      const into = isObject(ref) && typeof ref.toFieldPath === 'string' && ref.toFieldPath !== '' ? ref.toFieldPath : text(from.fieldPath);
      ctx.unsafe(
        `spec.references[${i}].patchesFrom`,
        `the manifest's ${into} is patched at apply time from ${source}, so what is applied is not what function-guardrails judged; write the value into the manifest, or get approval for these exact references`,
      );
    });
  },
}) satisfies Rule;
