/**
 * How a managed resource names another, resolved against the desired state:
 * one resolver for every cloud. A resource names another through up to three
 * fields: an identifier (`securityGroupId`, `serverId`, `network`: the
 * cloud's ID, name or self-link; a string, or a list of them), a reference
 * (`securityGroupIdRef: {name}`, or a list in `...Refs`) and a selector
 * (`securityGroupIdSelector: {matchLabels, matchControllerRef}`).
 *
 * Crossplane (crossplane-runtime pkg/reference) resolves a reference to the
 * managed resource of that name, and a selector to one (for a list field,
 * every one) whose labels include `matchLabels` (none: any), among those
 * with the referrer's controller when `matchControllerRef` is set; a
 * namespaced kind looks in the reference's `namespace`, else the referrer's.
 * A reference or selector names a kind of the referrer's own scope: a
 * cluster-scoped `*.upbound.io` one a cluster-scoped one, a namespaced
 * `*.m.upbound.io` one a namespaced one. An identifier is the cloud's own
 * name, so it names a resource whatever its group.
 *
 * The resolver answers with the composed resources a name may pick (the
 * candidates: the desired targets of the kinds it names, where the referrer
 * is applied, see `placementOf`), and errs the way a guardrail must:
 * - every name counts: both parameter blocks, an identifier beside a
 *   reference; a rule is judged with every resource it may belong to;
 * - a selector picks every candidate it matches, and one without
 *   `matchControllerRef` may also pick a resource outside the composition
 *   (`beyond`): a rule that needs to know what was picked cannot count on it;
 * - bounded: at most `limit + 1` candidates are returned for a name, so a
 *   selector that picks too many is keyed by itself (`unionKeys`) instead of
 *   joining every union it could.
 *
 * Lookups are built once per evaluation and target kind, so resolving a name
 * costs a map lookup, not a scan of the desired state.
 */
import type { DesiredIndex, IndexedTarget } from '../../engine/desired-index.js';
import { formatFieldPath, getPath, isObject, type Segment } from '../../lang/fieldpath.js';
import { resourceType } from '../../engine/gvk.js';
import type { RuleContext } from '../../engine/rule.js';
import { observeOnly, placementOf } from '../../engine/targets.js';
import type { KubeObject } from '../../engine/types.js';
import { describe, fieldOf, PARAM_BLOCKS, paramValue } from '../params.js';

/** The fields one relation is written in: `serverId`, `serverIdRef`, `serverIdSelector`. Any may be absent. */
export interface RefFields {
  id?: string;
  ref?: string;
  selector?: string;
}

/** A resource a name may resolve to, with its observed counterpart. */
export interface Candidate extends IndexedTarget {
  observed: KubeObject | undefined;
}

/** What a relation names: the kinds, and how an identifier is matched. Module constants: lookups are cached per target. */
export interface RefTarget {
  /** The kinds a reference or selector names, as index refs: `aws/ec2/SecurityGroup`. */
  kinds: readonly string[];
  /** Kinds only an identifier reaches (a default security group: no reference field names its kind). */
  idKinds?: readonly string[];
  /** The identifiers a candidate is known by, as an identifier field would write them; by default its external name. */
  ids?(c: Candidate): readonly unknown[];
  /** How identifiers compare (written and known alike); by default as they are. Azure: the last path segment, without case. */
  compare?(id: string): string;
  /** Candidates in every placement, not only the referrer's: for rules that look for what a name may reach, where one cluster may hold both. */
  anywhere?: boolean;
  /** Also the observed composed resources no longer desired (Crossplane has yet to delete them). */
  leftovers?: boolean;
}

/** One name as written: where, how, and the value (an identifier, a `{name, namespace}`, a selector). */
export interface Named {
  how: 'id' | 'ref' | 'selector';
  path: string;
  value: unknown;
}

/** A name, resolved. */
export interface Reference extends Named {
  /** For messages: `sg-0123`, reference \`web\`, selector {"tier":"web"} with matchControllerRef. */
  label: string;
  /** The name as written, scoped to where it is resolved: the union key when no candidate (or too many) is it. */
  key: string;
  /** The candidates it may pick, in desired-state order; at most `limit + 1`. */
  found: readonly Candidate[];
  /** It may pick a resource outside the desired state: a selector without `matchControllerRef`. */
  beyond: boolean;
}

/** Who names: where it is applied, its kind's scope, its own object (for its namespace). */
export type Referrer = Pick<IndexedTarget, 'placement' | 'type' | 'object' | 'at'>;

/** What resolving reads of an evaluation. */
export type Resolving = Pick<RuleContext, 'index' | 'observed' | 'desired' | 'composite'>;

/** How many candidates a name is keyed by one by one, unless the caller says otherwise. */
export const DEFAULT_LIMIT = 8;

/** A target's key: its composition resource name, and for a carried one its path inside (`db@spec.forProvider.manifest`). */
export function targetKey(t: { name: string; at: readonly Segment[] }): string {
  return t.at.length === 0 ? t.name : `${t.name}@${formatFieldPath(t.at)}`;
}

/** The union key of a composed resource itself: what its own entries (an NSG's inline rules) and every name resolved to it share. */
export function nodeKey(t: { name: string; at: readonly Segment[] }): string {
  return `node|${targetKey(t)}`;
}

/** The rule's own target as the index records it (with its carriers and placement). */
export function selfOf(ctx: Pick<RuleContext, 'index' | 'type' | 'name' | 'at'>): IndexedTarget | undefined {
  return byName(ctx.index, ctx.type.ref)
    .get(ctx.name)
    ?.find((t) => t.at.length === ctx.at.length && t.at.every((s, i) => s === ctx.at[i]));
}

const byNames = new WeakMap<DesiredIndex, Map<string, Map<string, IndexedTarget[]>>>();

/** The targets of kind `ref` by composition resource name, built once per evaluation and kind: finding one's own target is a lookup, not a scan. */
function byName(index: DesiredIndex, ref: string): Map<string, IndexedTarget[]> {
  let perRef = byNames.get(index);
  if (perRef === undefined) byNames.set(index, (perRef = new Map()));
  let names = perRef.get(ref);
  if (names === undefined) {
    perRef.set(ref, (names = new Map()));
    for (const t of index.byRef(ref)) {
      const list = names.get(t.name);
      if (list === undefined) names.set(t.name, [t]);
      else list.push(t);
    }
  }
  return names;
}

/** The observed counterpart of a desired target: the same path inside the observed composed resource. */
export function observedOf(observed: ReadonlyMap<string, KubeObject>, t: { name: string; at: readonly Segment[] }): KubeObject | undefined {
  const self = observed.get(t.name);
  const found = t.at.length === 0 ? self : getPath(self, t.at);
  return isObject(found) ? found : undefined;
}

const str = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);
const metadataOf = (obj: KubeObject | undefined): Record<string, unknown> => (isObject(obj?.metadata) ? obj.metadata : {});

/** An annotation's value, if set and not empty. */
export function annotation(obj: KubeObject | undefined, key: string): string | undefined {
  const annotations = metadataOf(obj).annotations;
  return isObject(annotations) ? str(annotations[key]) : undefined;
}

/** The `crossplane.io/external-name` annotation, if set. */
export function externalName(obj: KubeObject | undefined): string | undefined {
  return annotation(obj, 'crossplane.io/external-name');
}

/** The name a cloud gives a composed resource whose external name defaults to its Kubernetes name: the external name, else the Kubernetes name. */
export function cloudName(c: Candidate): string | undefined {
  return externalName(c.object) ?? externalName(c.observed) ?? nameOf(c);
}

/** Desired targets that are applied: not inside an observe-only Object, which creates nothing it carries. */
export function applied<T extends Pick<IndexedTarget, 'carriers'>>(targets: readonly T[]): T[] {
  return targets.filter((t) => !t.carriers.some((c) => observeOnly(c.object)));
}

/** The last segment of an ID or self-link, without case: `/subscriptions/…/servers/Orders` and `orders` are one name. */
export function lastSegment(id: string): string {
  return id.replace(/\/+$/, '').split('/').at(-1)!.toLowerCase();
}

/** Every name the parameters write in `fields`, forProvider then initProvider: each identifier and reference of a list, each selector. */
export function namedBy(obj: KubeObject, fields: RefFields): Named[] {
  const out: Named[] = [];
  if (fields.id !== undefined) namesIn(obj, 'id', fields.id, out);
  if (fields.ref !== undefined) namesIn(obj, 'ref', fields.ref, out);
  if (fields.selector !== undefined) namesIn(obj, 'selector', fields.selector, out);
  return out;
}

/** The names one field writes (`explicitParams` of one field, read without building its paths): a list's identifiers and references one by one. */
function namesIn(obj: KubeObject, how: Named['how'], field: string, out: Named[]): void {
  for (const block of PARAM_BLOCKS) {
    const value = paramValue(obj, block, fieldOf(field));
    if (value === undefined) continue;
    // As explicitParams' path: a parameter block stepped through as a list gets its `0`.
    const at: FieldAt = { block, stepped: Array.isArray((obj.spec as Record<string, unknown>)[block]), field };
    if (how !== 'selector' && Array.isArray(value)) for (let i = 0; i < value.length; i++) out.push(new Name(how, at, i, value[i]));
    else out.push(new Name(how, at, -1, value));
  }
}


interface FieldAt {
  block: (typeof PARAM_BLOCKS)[number];
  stepped: boolean;
  field: string;
}

/** A name as written, its path formatted when first read: most names are never reported. */
class Name implements Named {
  #path: string | undefined;
  constructor(
    readonly how: Named['how'],
    private readonly at: FieldAt,
    private readonly index: number,
    readonly value: unknown,
  ) {}

  get path(): string {
    if (this.#path === undefined) {
      const { block, stepped, field } = this.at;
      const path = formatFieldPath(stepped ? ['spec', block, 0, field] : ['spec', block, field]);
      this.#path = this.index < 0 ? path : `${path}[${this.index}]`;
    }
    return this.#path;
  }
}

/**
 * The names `from` writes in `fields`, resolved (see `resolve`). Names that
 * name nothing are left out: an empty identifier (Upjet fills it from
 * initProvider), a reference without a name, a selector that is no object.
 */
export function references(ctx: Resolving, from: Referrer, fields: RefFields, to: RefTarget, opts: ResolveOptions = {}): Reference[] {
  return resolve(ctx, from, namedBy(from.object, fields), to, opts);
}

export interface ResolveOptions {
  /** How many candidates a name may pick and still be keyed by them (default 8); `found` holds at most one more. */
  limit?: number;
  /** More scope for the keys of names that resolve to no candidate (a GCP firewall's project and credentials). */
  scope?: string;
}

/** Resolves names written by `from` to the candidates of `to` each may pick. */
export function resolve(ctx: Resolving, from: Referrer, named: readonly Named[], to: RefTarget, opts: ResolveOptions = {}): Reference[] {
  if (named.length === 0) return []; // most resources name nothing in most relations
  const limit = opts.limit ?? DEFAULT_LIMIT;
  const lookup = lookupOf(ctx, to);
  const where = to.anywhere === true ? ANYWHERE : from.placement;
  const keyed: KeyScope = { placement: from.placement, scope: opts.scope, to };
  // A reference or selector names an object of the referrer's own scope (see above); an identifier names one whatever its group.
  const within = from.type.namespaced ? 'namespaced' : 'cluster';
  const out: Reference[] = [];
  for (const n of named) {
    if (n.how === 'id') {
      if (typeof n.value === 'string') {
        if (n.value === '') continue;
        const id = lookup.compare(n.value);
        out.push(new Resolved(n, keyed, id, lookup.get(where, `id|${id}`).slice(0, limit + 1), false, n.value));
      } else if (n.value !== null && n.value !== undefined) {
        // Not an identifier (the CRD would refuse it): it names nothing known here.
        out.push(new Resolved(n, keyed, JSON.stringify(n.value), [], false, describe(n.value, true)));
      }
    } else if (n.how === 'ref') {
      const name = isObject(n.value) ? str(n.value.name) : undefined;
      if (name === undefined) continue;
      const found = lookup.get(where, `name|${lookup.scopeKey(from.type.namespaced, wantedNamespace(ctx, from, isObject(n.value) ? n.value.namespace : undefined))}|${name}`);
      out.push(new Resolved(n, keyed, [within, name], found.slice(0, limit + 1), false, `reference \`${name}\``));
    } else if (isObject(n.value)) {
      const selector = n.value;
      const labels = isObject(selector.matchLabels) ? Object.entries(selector.matchLabels) : [];
      const controller = selector.matchControllerRef === true;
      const sorted = labels.length > 1 ? [...labels].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)) : labels;
      const labelsJson = JSON.stringify(sorted);
      const found = lookup.select(where, lookup.scopeKey(from.type.namespaced, wantedNamespace(ctx, from, selector.namespace)), sorted, labelsJson, limit);
      out.push(new Resolved(n, keyed, [within, sorted, controller], found, !controller, { labels, controller }));
    }
  }
  return out;
}

/** What a name's key is scoped by besides the name itself: where it is resolved, the caller's scope, the kinds it names. */
interface KeyScope {
  placement: string;
  scope: string | undefined;
  to: RefTarget;
}

/**
 * A resolved name. Its label and key are written when first read: the label
 * is for messages, the key only for a name that picks no candidate or too
 * many, and most names pick one.
 */
class Resolved implements Reference {
  #label: string | { labels: readonly [string, unknown][]; controller: boolean };
  #key: string | undefined;
  constructor(
    private readonly named: Named,
    private readonly keyed: KeyScope,
    /** What the key writes of the name: `JSON.stringify`'d after the scope. */
    private readonly keyValue: unknown,
    readonly found: readonly Candidate[],
    readonly beyond: boolean,
    /** The label, or for a selector what it is written from. */
    label: string | { labels: readonly [string, unknown][]; controller: boolean },
  ) {
    this.#label = label;
  }

  get how(): Named['how'] {
    return this.named.how;
  }

  get path(): string {
    return this.named.path;
  }

  get value(): unknown {
    return this.named.value;
  }

  get label(): string {
    if (typeof this.#label !== 'string') {
      const { labels, controller } = this.#label;
      this.#label = `selector ${JSON.stringify(Object.fromEntries(labels))}${controller ? ' with matchControllerRef' : ''}`;
    }
    return this.#label;
  }

  /** JSON.stringify([placement, scope, kinds, how, name as keyed]), the kinds written once per target. */
  get key(): string {
    const { placement, scope, to } = this.keyed;
    return (this.#key ??= `[${JSON.stringify(placement)},${JSON.stringify(scope ?? null)},${kindsJson(to)},"${this.named.how}",${JSON.stringify(this.keyValue)}]`);
  }
}

const kindsJsons = new WeakMap<RefTarget, string>();

/** `JSON.stringify(to.kinds)`, once per target (targets are module constants). */
function kindsJson(to: RefTarget): string {
  let json = kindsJsons.get(to);
  if (json === undefined) kindsJsons.set(to, (json = JSON.stringify(to.kinds)));
  return json;
}

/**
 * The union keys of a resource's names: for each, the node keys of the
 * candidates it picks, or the name itself when it picks none or more than
 * `limit` (so the work stays linear, and rules naming the same thing the
 * same way are still judged together).
 */
export function unionKeys(refs: readonly Reference[], limit = DEFAULT_LIMIT): string[] {
  const keys: string[] = [];
  for (const r of refs) {
    if (r.found.length === 0 || r.found.length > limit) keys.push(r.key);
    else for (const c of r.found) keys.push(candidateKey(c));
  }
  // Most resources name one thing once: a Set only when there is something to deduplicate.
  return keys.length > 1 ? [...new Set(keys)] : keys;
}

const candidateKeys = new WeakMap<Candidate, string>();

/** `nodeKey` of a candidate, once per evaluation (candidates are built once per evaluation and target). */
function candidateKey(c: Candidate): string {
  let key = candidateKeys.get(c);
  if (key === undefined) candidateKeys.set(c, (key = nodeKey(c)));
  return key;
}

/** The candidates a resource's names pick, each once, leaving out names that pick more than `limit`. */
export function picked(refs: readonly Reference[], limit = DEFAULT_LIMIT): Candidate[] {
  const out: Candidate[] = [];
  for (const r of refs) if (r.found.length <= limit) for (const c of r.found) out.push(c);
  return out.length > 1 ? [...new Set(out)] : out;
}

// ---------------------------------------------------------------------------
// Lookups, built once per evaluation and target.

const ANYWHERE = '*';

class Lookup {
  private readonly keys = new Map<string, Candidate[]>();
  /** What each selector picks, by where, scope, limit and labels: rules that select alike (every rule of a group by one label) share one answer. */
  private readonly selected = new Map<string, Map<string, Map<number, Map<string, Candidate[]>>>>();
  /** `scopeKey` of each namespace a namespaced referrer looks in: written once per evaluation, not per name. */
  private readonly namespaces = new Map<string | undefined, string>();

  constructor(readonly compare: (id: string) => string) {}

  scopeKey(namespaced: boolean, namespace: string | undefined): string {
    if (!namespaced) return scopeKey(false, undefined);
    let key = this.namespaces.get(namespace);
    if (key === undefined) this.namespaces.set(namespace, (key = scopeKey(true, namespace)));
    return key;
  }

  /**
   * What a selector picks among the candidates of one scope (see
   * `scopeKey`): every one with all its labels (with none, every one), at
   * most `limit + 1`. Candidates come from the rarest label's list, each
   * checked against the others on its own labels.
   */
  select(where: string, scope: string, labels: readonly [string, unknown][], labelsJson: string, limit: number): readonly Candidate[] {
    for (const [, v] of labels) if (typeof v !== 'string') return []; // the CRD refuses it: it selects nothing
    const memo = child(child(child(this.selected, where), scope), limit);
    const hit = memo.get(labelsJson);
    if (hit !== undefined) return hit;
    const pool =
      labels.length === 0
        ? this.get(where, `all|${scope}`)
        : labels.map(([k, v]) => this.get(where, `label|${scope}|${JSON.stringify([k, v])}`)).reduce((a, b) => (b.length < a.length ? b : a));
    const out: Candidate[] = [];
    for (const c of pool) {
      const own = labelsOf(c);
      if (labels.every(([k, v]) => own[k] === v) && out.push(c) > limit) break;
    }
    memo.set(labelsJson, out);
    return out;
  }

  add(where: string, key: string, c: Candidate): void {
    for (const w of [where, ANYWHERE]) {
      const k = `${w}|${key}`;
      const list = this.keys.get(k);
      if (list === undefined) this.keys.set(k, [c]);
      else if (list[list.length - 1] !== c) list.push(c);
    }
  }

  get(where: string, key: string): readonly Candidate[] {
    return this.keys.get(`${where}|${key}`) ?? [];
  }
}

const lookups = new WeakMap<DesiredIndex, { observed: unknown; composite: unknown; byTarget: Map<RefTarget, Lookup> }>();

/** The map under `key`, made when first asked for. */
function child<K, K2, V>(map: Map<K, Map<K2, V>>, key: K): Map<K2, V> {
  let inner = map.get(key);
  if (inner === undefined) map.set(key, (inner = new Map()));
  return inner;
}

function lookupOf(ctx: Resolving, to: RefTarget): Lookup {
  let cached = lookups.get(ctx.index);
  if (cached === undefined || cached.observed !== ctx.observed || cached.composite !== ctx.composite) {
    cached = { observed: ctx.observed, composite: ctx.composite, byTarget: new Map() };
    lookups.set(ctx.index, cached);
  }
  let lookup = cached.byTarget.get(to);
  if (lookup === undefined) cached.byTarget.set(to, (lookup = build(ctx, to)));
  return lookup;
}

function build(ctx: Resolving, to: RefTarget): Lookup {
  const compare = to.compare ?? ((id: string) => id);
  const lookup = new Lookup(compare);
  const ids = to.ids ?? ((c: Candidate) => [externalName(c.object)]);
  const add = (c: Candidate, named: boolean) => {
    if (named) {
      // A reference or selector reaches only its own scope: candidates are keyed by theirs, so resolving filters nothing.
      const scope = scopeKey(c.type.namespaced, c.type.namespaced ? namespaceOf(ctx, c) : undefined);
      lookup.add(c.placement, `all|${scope}`, c);
      const name = nameOf(c);
      if (name !== undefined) lookup.add(c.placement, `name|${scope}|${name}`, c);
      for (const [k, v] of Object.entries(labelsOf(c))) if (typeof v === 'string') lookup.add(c.placement, `label|${scope}|${JSON.stringify([k, v])}`, c);
    }
    for (const id of new Set(ids(c).flatMap((v) => (typeof v === 'string' && v !== '' ? [compare(v)] : [])))) lookup.add(c.placement, `id|${id}`, c);
  };
  for (const [kinds, named] of [[to.kinds, true], [to.idKinds ?? [], false]] as const) {
    for (const kind of kinds) for (const t of ctx.index.byRef(kind)) add({ ...t, observed: observedOf(ctx.observed, t) }, named);
  }
  if (to.leftovers === true) {
    const all = new Set([...to.kinds, ...(to.idKinds ?? [])]);
    for (const [name, object] of ctx.observed) {
      const type = isObject(object) && !ctx.desired.has(name) ? resourceType(object) : undefined;
      if (type === undefined || !all.has(type.ref)) continue;
      add({ name, at: [], object, type, carriers: [], placement: placementOf([]), observed: undefined }, to.kinds.includes(type.ref));
    }
  }
  return lookup;
}

/** Its Kubernetes name: the desired one, or the one Crossplane generated (observed). */
function nameOf(c: Candidate): string | undefined {
  return str(metadataOf(c.object).name) ?? str(metadataOf(c.observed).name);
}

/** Labels as the object will carry them: the observed ones, with the desired ones over them. */
function labelsOf(c: Candidate): Record<string, unknown> {
  const observed = metadataOf(c.observed).labels;
  const desired = metadataOf(c.object).labels;
  return { ...(isObject(observed) ? observed : {}), ...(isObject(desired) ? desired : {}) };
}

/**
 * The namespace a namespaced target lands in. A namespaced composite can
 * only compose in its own namespace, and Crossplane puts every composed
 * resource there whatever its metadata says (crossplane `composed`
 * SetComposedResourceMetadata); a cluster-scoped composite's, or a manifest
 * an Object carries, lands where its metadata says, else in the composite's.
 */
function namespaceOf(ctx: Resolving, t: Pick<IndexedTarget, 'object'> & { at?: readonly Segment[] }): string | undefined {
  const composite = str(metadataOf(ctx.composite).namespace);
  if (composite !== undefined && t.at !== undefined && t.at.length === 0) return composite;
  return str(metadataOf(t.object).namespace) ?? composite;
}

/** The namespace a namespaced referrer's reference or selector looks in: its own `namespace`, else the referrer's. */
function wantedNamespace(ctx: Resolving, from: Referrer, given: unknown): string | undefined {
  if (!from.type.namespaced) return undefined;
  return str(given) ?? namespaceOf(ctx, from);
}

/**
 * The scope a reference or selector reaches, as a key: cluster-scoped, or
 * namespaced in one namespace. A candidate is within reach exactly when its
 * own key (its scope, and for a namespaced one the namespace it lands in)
 * equals the one the referrer looks in.
 */
function scopeKey(namespaced: boolean, namespace: string | undefined): string {
  return namespaced ? `ns:${JSON.stringify(namespace ?? null)}` : 'cluster';
}
