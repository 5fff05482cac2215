/**
 * Secret references. A managed resource reads Secrets it names
 * (`passwordSecretRef`, `masterPasswordSecretRef`, a ProviderConfig's
 * `credentials.secretRef`) and writes its connection details to
 * `writeConnectionSecretToRef`; the provider does both with its own
 * permissions, which reach every namespace. A reference to another namespace
 * reads a Secret the XR's owner cannot (`crossplane-system/aws-credentials`
 * as a database's master password, then published in the connection
 * secret), or writes one where they should not.
 *
 * The XR's own namespace is its `metadata.namespace`, or for a
 * cluster-scoped XR its claim's (`crossplane.io/claim-namespace`, which
 * Crossplane sets from the claim). A cluster-scoped XR without a claim has
 * none: every namespace it names must be allowed in the Input.
 */
import { z } from 'zod';
import { compositeIdentity } from '../../engine/exceptions.js';
import { formatFieldPath, isObject, type Segment } from '../../lang/fieldpath.js';
import { anyGlobMatch, canMatch, NAMESPACE_LANGUAGE } from '../../lang/glob.js';
import { defineRule, type Rule, type RuleContext } from '../../engine/rule.js';
import { carries, targetsOf } from '../../engine/targets.js';
import { describe } from '../params.js';
import { CUSTOM_RESOURCES } from './managed.js';

/** How deep the walk goes into `spec`; a deeper spec is refused, never passed unread. */
export const MAX_DEPTH = 256;

/** A key holding secret references: `*SecretRef`, `*SecretRefs`, `*SecretKeyRef` (Helm and Terraform values), `secretRef`. */
const SECRET_REF = /secret(key)?refs?$/i;

/** What a reference does, by its key. */
type Role = 'reads' | 'writes';

/**
 * Roles of the keys seen so far: a spec repeats few keys many times, and the
 * walk asks about every key. Bounded, since the keys come from the request.
 */
const ROLES = new Map<string, Role | null>();
const MAX_CACHED_ROLES = 4096;

function roleOf(key: string): Role | undefined {
  const known = ROLES.get(key);
  if (known !== undefined) return known ?? undefined;
  const role = roleOfKey(key);
  if (ROLES.size < MAX_CACHED_ROLES) ROLES.set(key, role ?? null);
  return role;
}

function roleOfKey(key: string): Role | undefined {
  if (key === 'writeConnectionSecretToRef') return 'writes';
  // provider-kubernetes Object: `references[].patchesFrom` and `connectionDetails[]` read fields of any object.
  if (key === 'patchesFrom' || key === 'connectionDetails' || SECRET_REF.test(key)) return 'reads';
  return undefined;
}

function namespaces(what: string) {
  return z
    .array(
      z
        .string()
        .min(1, 'a glob cannot be empty')
        .refine((glob) => canMatch(glob, NAMESPACE_LANGUAGE), { message: 'this glob cannot match a namespace' }),
    )
    .min(1, `list at least one namespace; remove the list to allow none`)
    .meta({ description: what });
}

const params = z.object({
  allowedNamespaces: namespaces(
    'Namespaces any secret reference may name besides the XR\'s own, as globs (`*` matches any run of characters). For a cluster-scoped XR without a claim, the only ones it may name. Unset: none.',
  ),
  connectionSecretNamespaces: namespaces(
    'Namespaces `writeConnectionSecretToRef` may also write to, as globs, e.g. `crossplane-system`, where Crossplane v1 Compositions often keep managed resources\' connection secrets; reading from them still needs `allowedNamespaces`. Unset: none.',
  ),
});

type Params = Partial<z.output<typeof params>>;

const ID = 'crossplane-secret-namespace';

export const crossplaneSecretNamespace = defineRule({
  id: ID,
  title: "Secret references stay in the XR's namespace",
  severity: 'critical',
  defaultAction: 'Deny',
  reads: 'object',
  description: `On every custom resource (managed resources, provider configs, nested XRs), observe-only included, refuses a secret reference anywhere in \`spec\` that names a namespace other than the XR's own (its namespace, or for a cluster-scoped XR its claim's): an object or list of objects under a key ending in \`SecretRef\`, \`SecretRefs\` or \`SecretKeyRef\` (\`passwordSecretRef\`, \`masterPasswordSecretRef\`, a ProviderConfig's \`credentials.secretRef\`, Helm and Terraform \`secretKeyRef\`), \`writeConnectionSecretToRef\`, and provider-kubernetes' \`patchesFrom\` and \`connectionDetails\`, which read any object. The provider reads and writes Secrets with its own permissions, so a reference elsewhere reads what the XR's owner cannot (\`crossplane-system/aws-credentials\` as a master password, then published in the connection secret) or writes where they cannot. A reference without a namespace stays in the resource's own. A cluster-scoped XR without a claim has no namespace: it may name only those in \`allowedNamespaces\`. A namespace that is not a string, a reference that is not an object, and a spec nested deeper than ${MAX_DEPTH} levels are refused. A custom resource a provider-kubernetes \`Object\` carries is judged as a resource of its own, not again as part of the Object.`,
  kinds: CUSTOM_RESOURCES,
  params,
  check(ctx, settings) {
    if (!isObject(ctx.resource.spec)) return; // nothing to walk; an unreadable spec is the engine's to refuse
    const own = compositeIdentity(ctx.composite).namespace;
    const carried = carriedResources(ctx);
    const visit = (path: Segment[], ref: unknown, role: Role) => judge(ctx, path, ref, role, own, settings);
    if (!walk(ctx.resource.spec, ['spec'], 0, visit, carried.size === 0 ? undefined : (at) => carried.has(formatFieldPath(at)))) {
      ctx.unsafe('spec', `spec is nested deeper than ${MAX_DEPTH} levels; its secret references cannot be checked`);
    }
  },
}) satisfies Rule;

/**
 * Where the target carries custom resources of its own (a provider-kubernetes
 * Object's manifest), as field paths: each is a target the engine hands this
 * rule on its own, with its own path, so walking it again as part of its
 * carrier would report every reference twice, and would report what an
 * observe-only Object carries but never applies. Kubernetes' own kinds are
 * not targets of this rule, so their references are still read through the
 * carrier.
 */
function carriedResources(ctx: RuleContext): ReadonlySet<string> {
  if (!carries(ctx.type)) return NONE;
  const { targets } = targetsOf(ctx.resource, ctx.type);
  return new Set(targets.filter((t) => t.carriers.length === 1 && CUSTOM_RESOURCES.test(t.type)).map((t) => formatFieldPath(t.at)));
}

const NONE: ReadonlySet<string> = new Set();

/**
 * Visits every reference under `node`, depth first, in key order, except
 * under the paths `skip` holds. Returns false where the spec is deeper than
 * MAX_DEPTH (having visited what it could). `at` is one path stack, pushed
 * and popped on the way (a visit gets its own copy): a copy per node made
 * every walk quadratic in depth.
 */
function walk(node: unknown, at: Segment[], depth: number, visit: (at: Segment[], ref: unknown, role: Role) => void, skip?: (at: readonly Segment[]) => boolean): boolean {
  if (depth > MAX_DEPTH) return false;
  let ok = true;
  if (Array.isArray(node)) {
    for (let i = 0; i < node.length; i++) {
      at.push(i);
      ok = walk(node[i], at, depth + 1, visit, skip) && ok;
      at.pop();
    }
  } else if (isObject(node)) {
    // for-in over own keys (Object.keys order) rather than Object.keys: no array per object of every spec.
    for (const key in node) {
      if (!Object.hasOwn(node, key)) continue;
      const value = node[key];
      at.push(key);
      if (skip?.(at) !== true) {
        const role = roleOf(key);
        if (role !== undefined && value !== undefined && value !== null) visit([...at], value, role);
        ok = walk(value, at, depth + 1, visit, skip) && ok;
      }
      at.pop();
    }
  }
  return ok;
}

/** Judges one reference value: an object, or a list of them. */
function judge(ctx: RuleContext, at: Segment[], value: unknown, role: Role, own: string, settings: Params): void {
  const refs: [Segment[], unknown][] = Array.isArray(value) ? value.map((item: unknown, i) => [[...at, i], item]) : [[at, value]];
  for (const [path, ref] of refs) {
    if (!isObject(ref)) {
      const p = formatFieldPath(path);
      ctx.unsafe(p, `${p} must be an object naming a secret, got ${describe(ref)}`);
      continue;
    }
    const ns = ref.namespace;
    if (ns === undefined || ns === null) continue; // the resource's own namespace
    const p = formatFieldPath([...path, 'namespace']);
    if (typeof ns !== 'string') {
      ctx.unsafe(p, `${p} must be a string, got ${describe(ns)}`);
      continue;
    }
    if (ns === own || anyGlobMatch(settings.allowedNamespaces ?? [], ns)) continue;
    if (role === 'writes' && anyGlobMatch(settings.connectionSecretNamespaces ?? [], ns)) continue;
    const target = `${typeof ref.kind === 'string' && ref.kind !== '' ? `${ref.kind} ` : ''}${ns}/${typeof ref.name === 'string' ? ref.name : ''}`;
    const does = role === 'writes' ? `writes its connection details to ${target}` : `reads ${target}`;
    const why =
      own === ''
        ? `and this XR has no namespace (a cluster-scoped XR without a claim); name one listed in rules.${ID}.${role === 'writes' ? 'connectionSecretNamespaces' : 'allowedNamespaces'}`
        : `outside the XR's namespace ${JSON.stringify(own)}; refer only to ${JSON.stringify(own)}`;
    ctx.unsafe(p, `${p} is ${JSON.stringify(ns)}: the provider ${does} with its own permissions, ${why}`);
  }
}
