/**
 * Credentials. `spec.providerConfigRef` chooses the cloud account and
 * identity a managed resource acts with; a composed ProviderConfig decides
 * what that identity is. An agent that picks either picks whose resources
 * it touches.
 *
 * Defaults, from the provider CRDs (crossplane-runtime v1 and v2): a
 * cluster-scoped managed resource without a ref uses the ProviderConfig
 * `default`; a namespaced one (Crossplane v2) uses the ClusterProviderConfig
 * `default`, since its ref `{kind, name}` defaults to
 * `{kind: ClusterProviderConfig, name: default}`. An absent ref is judged as
 * that default. These rules read the object, so they judge observe-only
 * resources too: observing still reads with those credentials, and with
 * `Delete` deletes.
 */
import { z } from 'zod';
import { isObject } from '../../lang/fieldpath.js';
import { anyGlobMatch } from '../../lang/glob.js';
import { defineRule, type Rule, type RuleContext } from '../../engine/rule.js';
import type { KubeObject } from '../../engine/types.js';
import { describe } from '../params.js';
import { CUSTOM_RESOURCES, MANAGED, namespacedGroup, takesProviderConfig } from './managed.js';

const KINDS = ['ProviderConfig', 'ClusterProviderConfig'] as const;


/** The provider config a managed resource resolves to. */
interface ConfigRef {
  /** Set on a namespaced managed resource only; a cluster-scoped one's ref names a (cluster-scoped) ProviderConfig. */
  kind?: (typeof KINDS)[number];
  name: string;
  /** The resource sets no ref: this is the CRD's default. */
  defaulted: boolean;
}

/**
 * A namespaced managed resource: by its group (`*.m.*`), or by a ref that
 * names a kind, which only namespaced managed resources have.
 */
function namespaced(ctx: RuleContext): boolean {
  const spec = isObject(ctx.resource.spec) ? ctx.resource.spec : {};
  return namespacedGroup(ctx.type) || (isObject(spec.providerConfigRef) && spec.providerConfigRef.kind !== undefined && spec.providerConfigRef.kind !== null);
}

/** The CRDs' defaults, shared: nothing changes a ConfigRef. */
const NAMESPACED_DEFAULT: ConfigRef = Object.freeze({ kind: 'ClusterProviderConfig', name: 'default', defaulted: true });
const CLUSTER_DEFAULT: ConfigRef = Object.freeze({ name: 'default', defaulted: true });

/** The ref of `resource` as Crossplane resolves it; `report` (the rule's context) is told what is malformed (then it returns undefined). */
function resolve(resource: KubeObject, isNamespaced: boolean, report?: Pick<RuleContext, 'unsafe'>): ConfigRef | undefined {
  const spec = isObject(resource.spec) ? resource.spec : {};
  const ref = spec.providerConfigRef;
  if (ref === undefined || ref === null) return isNamespaced ? NAMESPACED_DEFAULT : CLUSTER_DEFAULT;
  if (!isObject(ref)) {
    report?.unsafe('spec.providerConfigRef', `spec.providerConfigRef must be an object, got ${describe(ref)}`);
    return undefined;
  }
  if (typeof ref.name !== 'string' || ref.name === '') {
    report?.unsafe('spec.providerConfigRef.name', `spec.providerConfigRef.name must be a provider config name, got ${describe(ref.name)}`);
    return undefined;
  }
  if (!isNamespaced) return { name: ref.name, defaulted: false };
  const kind = (KINDS as readonly unknown[]).includes(ref.kind) ? (ref.kind as (typeof KINDS)[number]) : undefined;
  if (kind === undefined) {
    report?.unsafe('spec.providerConfigRef.kind', `spec.providerConfigRef.kind must be ProviderConfig or ClusterProviderConfig, got ${ref.kind === undefined ? 'nothing' : describe(ref.kind)}`);
    return undefined;
  }
  return { kind, name: ref.name, defaulted: false };
}

/** The spec is an object, or absent: an unreadable one is the engine's to refuse. */
const specReadable = (ctx: RuleContext) => ctx.resource.spec === undefined || isObject(ctx.resource.spec);

/**
 * The observed counterpart of the target already uses the same config: a
 * list tightened later does not hold it hostage. For a carried target that
 * is the observed manifest, never the Object carrying it, whose own config
 * is another provider's.
 */
function unchanged(ctx: RuleContext, isNamespaced: boolean, ref: ConfigRef): boolean {
  const observed = ctx.observedResource;
  const before = observed === undefined ? undefined : resolve(observed, isNamespaced);
  return before !== undefined && before.kind === ref.kind && before.name === ref.name;
}

/** Where a finding about `ref` points, and how it names what is used. */
function at(ref: ConfigRef): { path: string; used: string } {
  const what = `${ref.kind ?? 'ProviderConfig'} ${JSON.stringify(ref.name)}`;
  return ref.defaulted
    ? { path: 'spec.providerConfigRef', used: `spec.providerConfigRef is not set, so the resource uses ${what} (the default)` }
    : { path: 'spec.providerConfigRef.name', used: `spec.providerConfigRef names ${what}` };
}

function globs(noun: string, example: string, unset: string) {
  return z
    .array(z.string().min(1, 'a glob cannot be empty'))
    .min(1, `list at least one ${noun}; remove "allowed" to lift the limit`)
    .meta({ description: `The ${noun} names allowed, as globs (\`*\` matches any run of characters), e.g. ${example}. ${unset}` });
}

const GRANDFATHERED = 'A config the observed resource already uses passes, so a list tightened later does not hold an unchanged resource hostage.';

export const crossplaneProviderConfig = defineRule({
  id: 'crossplane-provider-config',
  title: 'Managed resources use the allowed provider configs',
  severity: 'high',
  defaultAction: 'Deny',
  reads: 'object',
  description: `Acts only where \`rules.crossplane-provider-config.allowed\` lists the provider configs the platform allows (globs); without it, it does nothing. On every managed resource, observe-only included, refuses a \`spec.providerConfigRef\` whose name no glob matches: the provider config chooses the cloud account and identity the resource acts with. An absent ref is judged as its default, \`default\`. A ref that is not an object, a name that is not a string and, on a namespaced resource, a kind other than ProviderConfig or ClusterProviderConfig are refused. ${GRANDFATHERED}`,
  kinds: MANAGED,
  params: z.object({ allowed: globs('provider config', '`team-a-*`', 'Unset: the rule does nothing.') }),
  check(ctx, { allowed }) {
    if (allowed === undefined || !takesProviderConfig(ctx.type, ctx.resource) || !specReadable(ctx)) return;
    const isNamespaced = namespaced(ctx);
    const ref = resolve(ctx.resource, isNamespaced, ctx);
    if (ref === undefined || anyGlobMatch(allowed, ref.name) || unchanged(ctx, isNamespaced, ref)) return;
    const { path, used } = at(ref);
    ctx.unsafe(path, `${used}, not one of the allowed provider configs (${allowed.join(', ')}); name an allowed one`);
  },
}) satisfies Rule;

export const crossplaneClusterProviderConfig = defineRule({
  id: 'crossplane-cluster-provider-config',
  title: 'A namespaced managed resource using cluster-wide credentials needs approval',
  severity: 'high',
  defaultAction: 'RequireApproval',
  reads: 'object',
  description: `On a namespaced managed resource (a \`*.m.*\` group, or a \`providerConfigRef\` that names a kind), observe-only included, holds for approval a \`providerConfigRef\` that names a ClusterProviderConfig: it reaches credentials shared by the whole cluster, where a ProviderConfig in the resource's own namespace holds that namespace's. An absent ref (the CRD defaults it to the ClusterProviderConfig \`default\`, the platform's own choice) is not held; restrict which configs may be used at all with \`crossplane-provider-config\`. A malformed ref is refused. ${GRANDFATHERED}`,
  kinds: MANAGED,
  params: z.object({
    allowed: globs('ClusterProviderConfig', '`default`', 'Unset: every ClusterProviderConfig needs approval.'),
  }),
  check(ctx, { allowed }) {
    if (!takesProviderConfig(ctx.type, ctx.resource) || !namespaced(ctx) || !specReadable(ctx)) return;
    const ref = resolve(ctx.resource, true, ctx);
    // The CRD's default is the platform's own choice; an explicit one is the request's.
    if (ref === undefined || ref.defaulted || ref.kind !== 'ClusterProviderConfig' || (allowed !== undefined && anyGlobMatch(allowed, ref.name)) || unchanged(ctx, true, ref)) return;
    const { used } = at(ref);
    ctx.unsafe(
      'spec.providerConfigRef.kind',
      `${used}: a namespaced managed resource reaches credentials shared by the whole cluster. Name a ProviderConfig in the resource's namespace, or get approval`,
    );
  },
}) satisfies Rule;

export const crossplaneComposedProviderConfig = defineRule({
  id: 'crossplane-composed-provider-config',
  title: 'Composing a provider config needs approval',
  severity: 'high',
  defaultAction: 'RequireApproval',
  reads: 'object',
  description:
    'Holds for approval a composed ProviderConfig or ClusterProviderConfig of any provider: it decides which identity managed resources act as (a secret, an injected identity, a chain of roles to assume, possibly in another account), so an agent that composes one chooses its own credentials; and one with a `metadata.name` takes over an existing provider config of that name that no XR controls (the platform\'s `default`). The approval covers its exact spec and name.',
  kinds: { summary: 'ProviderConfig and ClusterProviderConfig of every provider', test: (type) => CUSTOM_RESOURCES.test(type) && KINDS.some((k) => k === type.kind) },
  check(ctx) {
    const spec = isObject(ctx.resource.spec) ? ctx.resource.spec : {};
    const metadata = isObject(ctx.resource.metadata) ? ctx.resource.metadata : {};
    const named = typeof metadata.name === 'string' && metadata.name !== '' ? ` ${JSON.stringify(metadata.name)}` : '';
    const source = isObject(spec.credentials) && typeof spec.credentials.source === 'string' ? ` (credentials from ${spec.credentials.source})` : '';
    const takesOver = named === '' ? '' : `, and takes over an existing ${ctx.type.kind}${named} that no XR controls`;
    ctx.unsafe(
      'spec',
      `a composed ${ctx.type.kind}${named}${source} sets the credentials other managed resources act with${takesOver}. Use one the platform provides, or get approval for this exact configuration`,
    );
  },
}) satisfies Rule;

/** The credential rules in evaluation order. */
export const PROVIDER_CONFIG_RULES = [crossplaneProviderConfig, crossplaneClusterProviderConfig, crossplaneComposedProviderConfig] as const satisfies readonly Rule[];
