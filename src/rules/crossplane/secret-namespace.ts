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
import { anyGlobMatch } from '../../lang/glob.js';
import { defineRule, type Rule, type RuleContext } from '../../engine/rule.js';
import { carries, targetsOf } from '../../engine/targets.js';
import { describe, namespaceGlobs } from '../params.js';
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

const params = z.object({
  allowedNamespaces: namespaceGlobs(
    'Namespaces any secret reference may name besides the XR\'s own, as globs (`*` matches any run of characters). For a cluster-scoped XR without a claim, the only ones it may name. Unset: none.',
  ),
  connectionSecretNamespaces: namespaceGlobs(
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
    PATH.length = 1; // back to `spec`, should an earlier walk have thrown
    const walk: Walk = { ctx, settings, own: undefined, at: PATH, carried: undefined };
    if (!walkNode(walk, ctx.resource.spec, 0)) {
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
 * The one path stack every walk uses: checks run one at a time and a walk
 * ends where it began, so a stack grown once serves every target instead of
 * one grown per target.
 */
const PATH: Segment[] = ['spec'];

/** One walk over a target's spec: what judging a reference needs, and where the walk is. */
interface Walk {
  ctx: RuleContext;
  settings: Params;
  /** The XR's own namespace, read when a reference first names one (most specs name none). */
  own: string | undefined;
  /**
   * The path of the node being visited: one stack, pushed and popped on the
   * way, and copied only into a finding. A copy per node made every walk
   * quadratic in depth, and a copy per reference was most of this rule's garbage.
   */
  at: Segment[];
  /** The paths of carried custom resources, whose references are not judged here (see carriedResources); found when first asked. */
  carried: ReadonlySet<string> | undefined;
}

/**
 * Judges every reference under `node`, depth first, in key order, except
 * inside carried custom resources. Returns false where the spec is deeper
 * than MAX_DEPTH outside them (having judged what it could).
 */
function walkNode(w: Walk, node: unknown, depth: number): boolean {
  if (depth > MAX_DEPTH) return inCarried(w);
  let ok = true;
  const { at } = w;
  if (Array.isArray(node)) {
    for (let i = 0; i < node.length; i++) {
      at.push(i);
      ok = walkNode(w, node[i], depth + 1) && ok;
      at.pop();
    }
  } else if (isObject(node)) {
    // for-in over own keys (Object.keys order) rather than Object.keys: no array per object of every spec.
    for (const key in node) {
      if (!Object.hasOwn(node, key)) continue;
      const value = node[key];
      at.push(key);
      const role = roleOf(key);
      if (role !== undefined && value !== undefined && value !== null && !inCarried(w)) judge(w, value, role);
      ok = walkNode(w, value, depth + 1) && ok;
      at.pop();
    }
  }
  return ok;
}

/**
 * Is `w.at` a carried custom resource's path, or inside one? Asked only
 * where a reference is found or the spec is too deep, so most targets never
 * work out what they carry. A path counts at its object keys below `spec`.
 */
function inCarried(w: Walk): boolean {
  const carried = (w.carried ??= carriedResources(w.ctx));
  if (carried.size === 0) return false;
  const { at } = w;
  for (let k = 2; k <= at.length; k++) if (typeof at[k - 1] === 'string' && carried.has(formatFieldPath(at.slice(0, k)))) return true;
  return false;
}

/** Judges one reference value at `w.at`: an object, or a list of them. */
function judge(w: Walk, value: unknown, role: Role): void {
  if (!Array.isArray(value)) {
    judgeRef(w, value, role);
    return;
  }
  for (let i = 0; i < value.length; i++) {
    w.at.push(i);
    judgeRef(w, value[i], role);
    w.at.pop();
  }
}

/** Judges one reference at `w.at`; its path is formatted only for a finding. */
function judgeRef(w: Walk, ref: unknown, role: Role): void {
  const { ctx, settings } = w;
  if (!isObject(ref)) {
    const p = formatFieldPath(w.at);
    ctx.unsafe(p, `${p} must be an object naming a secret, got ${describe(ref)}`);
    return;
  }
  const ns = ref.namespace;
  if (ns === undefined || ns === null) return; // the resource's own namespace
  if (typeof ns !== 'string') {
    const p = namespacePath(w.at);
    ctx.unsafe(p, `${p} must be a string, got ${describe(ns)}`);
    return;
  }
  const own = (w.own ??= compositeIdentity(ctx.composite).namespace);
  if (ns === own || anyGlobMatch(settings.allowedNamespaces ?? [], ns)) return;
  if (role === 'writes' && anyGlobMatch(settings.connectionSecretNamespaces ?? [], ns)) return;
  const p = namespacePath(w.at);
  const target = `${typeof ref.kind === 'string' && ref.kind !== '' ? `${ref.kind} ` : ''}${ns}/${typeof ref.name === 'string' ? ref.name : ''}`;
  const does = role === 'writes' ? `writes its connection details to ${target}` : `reads ${target}`;
  const why =
    own === ''
      ? `and this XR has no namespace (a cluster-scoped XR without a claim); name one listed in rules.${ID}.${role === 'writes' ? 'connectionSecretNamespaces' : 'allowedNamespaces'}`
      : `outside the XR's namespace ${JSON.stringify(own)}; refer only to ${JSON.stringify(own)}`;
  ctx.unsafe(p, `${p} is ${JSON.stringify(ns)}: the provider ${does} with its own permissions, ${why}`);
}

/** The path of the `namespace` field of the reference at `at`. */
function namespacePath(at: readonly Segment[]): string {
  const p = formatFieldPath(at);
  return p === '' ? 'namespace' : `${p}.namespace`;
}
