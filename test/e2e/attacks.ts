/**
 * What the attack suites (attacks-*.test.ts) share: requests as a hostile
 * agent shapes them, and the outcome Crossplane sees. Each suite plays one
 * part of the issue "Close the holes an agent can walk through" against the
 * real server, over gRPC.
 *
 * `applied` is Crossplane's own rule: a Fatal result stops the pipeline and
 * nothing is applied; otherwise every resource of the desired state is. The
 * raw codec at the end spells a request byte by byte and reads a response's
 * bytes, for names a JSON object literal cannot carry (`__proto__`).
 */
import { BinaryReader } from '@bufbuild/protobuf/wire';
import { cat, lenField, lenFieldsOf, mapEntriesOf, obj, resourceBytes, stateBytes, stringField, structBytes, topLevelFields, varintField, type J, type Obj } from '../wire.js';
import type { Json, JsonObject, JsonRequest, JsonResponse } from './harness.js';

export const HEAD = { apiVersion: 'guardrails.fn.crossplane.io/v1beta1', kind: 'Guardrails' } as const;
/** What Crossplane v2 advertises: approvals are readable. */
export const FULL = ['CAPABILITY_CAPABILITIES', 'CAPABILITY_CONDITIONS', 'CAPABILITY_REQUIRED_RESOURCES'];
export const APPROVAL_LABEL = 'guardrails.fn.crossplane.io/approvals';
export const APPROVAL_NAMESPACE = 'crossplane-system';

/** The XR an agent's claim produced: namespaced, in the agent's team namespace. */
export const XR: JsonObject = { apiVersion: 'platform.example.org/v1alpha1', kind: 'XApp', metadata: { name: 'orders', namespace: 'team-a' } };

export interface RequestOptions {
  input?: JsonObject;
  observed?: Record<string, JsonObject>;
  composite?: JsonObject;
  capabilities?: string[];
}

/** A request whose desired composed resources are `desired`, with the platform's `input` (the bare Input when absent). */
export function request(desired: Record<string, JsonObject>, opts: RequestOptions = {}): JsonRequest {
  return {
    meta: { tag: 'attack', capabilities: opts.capabilities ?? FULL },
    observed: {
      composite: { resource: opts.composite ?? XR },
      resources: Object.fromEntries(Object.entries(opts.observed ?? {}).map(([n, r]) => [n, { resource: r }])),
    },
    desired: { resources: Object.fromEntries(Object.entries(desired).map(([n, r]) => [n, { resource: r }])) },
    input: opts.input ?? { ...HEAD },
  };
}

/** An Input with these `rules` settings. */
export const input = (rules: Record<string, JsonObject>, extra: JsonObject = {}): JsonObject => ({ ...HEAD, rules, ...extra });

export const condition = (rsp: JsonResponse) => rsp.conditions?.find((c) => c.type === 'GuardrailsCompliant');
export const severities = (rsp: JsonResponse) => (rsp.results ?? []).map((r) => r.severity);
/** The condition's message, line by line. */
export const lines = (rsp: JsonResponse) => condition(rsp)?.message?.split('\n') ?? [];
export const digestIn = (text = '') => /approves digest (sha256-[0-9a-f]{64})/.exec(text)?.[1];
export const desiredNames = (rsp: JsonResponse) => Object.keys(rsp.desired?.resources ?? {});
export const resourceOf = (rsp: JsonResponse, name: string) => rsp.desired?.resources?.[name]?.resource;

/** What Crossplane applies from a response: nothing after a Fatal result, else every desired resource. */
export function applied(rsp: JsonResponse): JsonObject[] {
  if (severities(rsp).includes('SEVERITY_FATAL')) return [];
  return Object.values(rsp.desired?.resources ?? {}).flatMap((r) => (r.resource === undefined ? [] : [r.resource]));
}

/** The last line of a refusal. */
export const REFUSED = (n: number) =>
  `function-guardrails refused this request (${n.toLocaleString('en-US')} violation${n === 1 ? '' : 's'}); nothing was applied or deleted. Fix each and resubmit.`;

/** The approve line of a held resource, as the default approval config prints it. */
export function approveLine(resource: string, digest: string, rules: string, verb = 'holds', what = 'a new resource: not created'): string {
  return (
    `[approval] ${resource}: function-guardrails ${verb} ${what} until a person approves digest ${digest} (rules ${rules}); ` +
    `to approve: kubectl create configmap guardrails-approval-${digest.slice(7, 23)} --namespace ${APPROVAL_NAMESPACE} --from-literal=${digest}='<who>: <why>' --dry-run=client -o yaml` +
    ` | kubectl label --local -f - ${APPROVAL_LABEL}=true -o yaml | kubectl apply -f -`
  );
}

/** The first line of a message holding new resources. */
export const HOLDING = (names: string) => `function-guardrails is holding ${names} for human approval: not created until a person approves; everything else was applied.`;

/** An approval ConfigMap a person created, as the API server returns it. */
export function approval(name: string, data: Record<string, string>): JsonObject {
  return { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, namespace: APPROVAL_NAMESPACE, labels: { [APPROVAL_LABEL]: 'true' } }, data };
}

/** A managed resource with a region, in `spec.forProvider`. */
export function managed(apiVersion: string, kind: string, forProvider: JsonObject, more: { metadata?: JsonObject; spec?: JsonObject } = {}): JsonObject {
  return {
    apiVersion,
    kind,
    ...(more.metadata !== undefined ? { metadata: more.metadata } : {}),
    spec: { forProvider: { region: 'eu-west-1', ...forProvider }, ...more.spec },
  };
}

/** `r` with `spec.managementPolicies` (a copy). */
export function withPolicies(r: JsonObject, policies: string[]): JsonObject {
  const out = structuredClone(r);
  (out.spec as JsonObject).managementPolicies = policies;
  return out;
}

/**
 * A provider-kubernetes Object carrying `manifest`: cluster-scoped
 * `kubernetes.crossplane.io/v1alpha2`, or namespaced
 * `kubernetes.m.crossplane.io/v1alpha1`, whose provider config reference
 * names its kind.
 */
export function wrapped(manifest: JsonObject, group: 'cluster' | 'namespaced' = 'cluster'): JsonObject {
  return group === 'cluster'
    ? { apiVersion: 'kubernetes.crossplane.io/v1alpha2', kind: 'Object', spec: { forProvider: { manifest }, providerConfigRef: { name: 'in-cluster' } } }
    : { apiVersion: 'kubernetes.m.crossplane.io/v1alpha1', kind: 'Object', spec: { forProvider: { manifest }, providerConfigRef: { kind: 'ProviderConfig', name: 'in-cluster' } } };
}

// ---------------------------------------------------------------- the wire, byte by byte

/** JSON as wire entries: every own key, `__proto__` included. */
export function toObj(o: JsonObject): Obj {
  return obj(...Object.entries(o).map(([k, v]): [string, J] => [k, toJ(v)]));
}

function toJ(v: Json): J {
  if (Array.isArray(v)) return v.map(toJ);
  if (v !== null && typeof v === 'object') return toObj(v);
  return v;
}

/** The bytes of a RunFunctionRequest: meta, observed, desired and input, each resource under its name as spelled. */
export function requestBytes(req: {
  capabilities: number[];
  composite: JsonObject;
  observed?: [string, JsonObject][];
  desired: [string, JsonObject][];
  input: JsonObject;
  approvals?: JsonObject[];
}): Uint8Array {
  const resources = (list: [string, JsonObject][]): [string, Uint8Array][] => list.map(([name, r]) => [name, resourceBytes({ resource: toObj(r) })]);
  const meta = cat(stringField(1, 'attack'), ...req.capabilities.map((c) => varintField(2, c)));
  return cat(
    lenField(1, meta),
    lenField(2, stateBytes({ composite: resourceBytes({ resource: toObj(req.composite) }), resources: resources(req.observed ?? []) })),
    lenField(3, stateBytes({ resources: resources(req.desired) })),
    lenField(4, structBytes(toObj(req.input))),
    // required_resources = 8: map<string, Resources {items = 1}>, under the key the function asks approvals by
    ...(req.approvals === undefined
      ? []
      : [lenField(8, cat(stringField(1, APPROVAL_LABEL), lenField(2, cat(...req.approvals.map((a) => lenField(1, resourceBytes({ resource: toObj(a) })))))))]),
  );
}

/** Capability enum values (proto/fn/v1/run_function.proto). */
export const CAPABILITY = { CAPABILITIES: 1, REQUIRED_RESOURCES: 2, CREDENTIALS: 3, CONDITIONS: 4, REQUIRED_SCHEMAS: 5 } as const;

export interface RawResponse {
  /** Desired composed resources in wire order, names as the bytes spell them. */
  desired: [string, JsonObject][];
  results: { severity: number; message: string; reason: string }[];
  conditions: { type: string; status: number; reason: string; message: string }[];
}

/** Reads what a test needs from a RunFunctionResponse's bytes, keeping every name as an own key. */
export function readResponse(bytes: Uint8Array): RawResponse {
  const desired = lenFieldsOf(bytes, 2).flatMap((state) => mapEntriesOf(state, 2));
  return {
    desired: desired.map(([name, resource]) => [name, readStruct(lenFieldsOf(resource, 1)[0] ?? new Uint8Array())]),
    results: lenFieldsOf(bytes, 3).map((r) => ({ severity: varintOf(r, 1), message: stringOf(r, 2), reason: stringOf(r, 3) })),
    conditions: lenFieldsOf(bytes, 6).map((c) => ({ type: stringOf(c, 1), status: varintOf(c, 2), reason: stringOf(c, 3), message: stringOf(c, 4) })),
  };
}

const SEVERITY_FATAL = 1;

/** `applied` for a raw response. */
export function appliedRaw(rsp: RawResponse): string[] {
  return rsp.results.some((r) => r.severity === SEVERITY_FATAL) ? [] : rsp.desired.map(([name]) => name);
}

const decoder = new TextDecoder();
const stringOf = (bytes: Uint8Array, field: number) => decoder.decode(lenFieldsOf(bytes, field)[0] ?? new Uint8Array());

function varintOf(bytes: Uint8Array, field: number): number {
  const at = topLevelFields(bytes).find(([f, wt]) => f === field && wt === 0);
  if (at === undefined) return 0;
  const r = new BinaryReader(bytes.subarray(at[2], at[3]));
  r.tag();
  return r.int32();
}

/** A google.protobuf.Struct as JSON, every key an own property (`__proto__` included). */
export function readStruct(bytes: Uint8Array): JsonObject {
  const out: JsonObject = {};
  for (const [key, value] of mapEntriesOf(bytes, 1)) Object.defineProperty(out, key, { value: readValue(value), enumerable: true, writable: true, configurable: true });
  return out;
}

function readValue(bytes: Uint8Array): Json {
  const r = new BinaryReader(bytes);
  let v: Json = null;
  while (r.pos < r.len) {
    const [field, wireType] = r.tag();
    if (field === 1) v = (r.int32(), null);
    else if (field === 2) v = r.double();
    else if (field === 3) v = r.string();
    else if (field === 4) v = r.bool();
    else if (field === 5) v = readStruct(r.bytes());
    else if (field === 6) v = lenFieldsOf(r.bytes(), 1).map(readValue);
    else r.skip(wireType, field);
  }
  return v;
}
