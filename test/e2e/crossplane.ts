/**
 * Crossplane's part, for tests.
 *
 * - reconcile(): the requirements loop: call the function, read the
 *   resources it requires, fetch them from a fake cluster by the selector it
 *   gave, and call again with them as required resources, until the
 *   requirements settle (at most 5 calls, as Crossplane does). Only the final
 *   response counts, as in Crossplane.
 * - applied(), providerSets(): the fake cluster between reconciles: the
 *   composed resources Crossplane applied, and their status as a provider
 *   sets it.
 * - unready(): what Crossplane reads from the final response to decide
 *   whether the XR is Ready.
 * - autoReady(): function-auto-ready, the step that sets readiness from the
 *   Ready condition.
 */
import type { FunctionClient, JsonObject, JsonRequest, JsonResponse, ResourceOf, ResourceSelector } from './harness.js';

/** What the API server returns for a selector: same apiVersion and kind, namespace, name or every label. */
export function select(cluster: readonly JsonObject[], s: ResourceSelector): JsonObject[] {
  return cluster.filter((o) => {
    const md = (o.metadata ?? {}) as { name?: string; namespace?: string; labels?: Record<string, string> };
    if (o.apiVersion !== s.apiVersion || o.kind !== s.kind) return false;
    if (s.namespace !== undefined && md.namespace !== s.namespace) return false;
    if (s.matchName !== undefined) return md.name === s.matchName;
    return Object.entries(s.matchLabels?.labels ?? {}).every(([k, v]) => md.labels?.[k] === v);
  });
}

export const MAX_CALLS = 5;

/** The final response of Crossplane's requirements loop, and how many calls it took. */
export async function reconcile(rpc: FunctionClient, req: JsonRequest, cluster: readonly JsonObject[] = []): Promise<{ rsp: JsonResponse; calls: number }> {
  let current = req;
  let previous: string | undefined;
  for (let calls = 1; calls <= MAX_CALLS; calls++) {
    const rsp = await rpc.runJson(current);
    const wanted = JSON.stringify(rsp.requirements?.resources ?? {});
    if (wanted === previous || wanted === '{}') return { rsp, calls };
    previous = wanted;
    const requiredResources = Object.fromEntries(
      Object.entries(rsp.requirements?.resources ?? {}).map(([key, s]) => [key, { items: select(cluster, s).map((resource) => ({ resource })) }]),
    );
    current = { ...req, requiredResources };
  }
  throw new Error(`requirements did not settle in ${MAX_CALLS} calls`);
}


/**
 * The composed resources in the cluster after Crossplane applied a final
 * response: each desired resource as it was sent (Crossplane never writes a
 * status), with the status its provider already set, if it existed. Named by
 * composition resource name, as Crossplane sends them as observed resources.
 */
export function applied(rsp: JsonResponse, cluster: Readonly<Record<string, JsonObject>> = {}): Record<string, JsonObject> {
  return Object.fromEntries(
    Object.entries(rsp.desired?.resources ?? {}).map(([name, r]) => {
      const { status: _, ...resource } = r.resource ?? {};
      const status = cluster[name]?.status;
      return [name, status === undefined ? resource : { ...resource, status }];
    }),
  );
}

/** A provider reconciling the named resources: Synced, and Ready with `ready` ("True" once the cloud resource exists). */
export function providerSets(cluster: Readonly<Record<string, JsonObject>>, ready: 'True' | 'False', names: readonly string[] = Object.keys(cluster)): Record<string, JsonObject> {
  const reason = ready === 'True' ? 'Available' : 'Creating';
  return Object.fromEntries(
    Object.entries(cluster).map(([name, r]) =>
      names.includes(name) ? [name, { ...r, status: { conditions: [{ type: 'Synced', status: 'True', reason: 'ReconcileSuccess' }, { type: 'Ready', status: ready, reason }] } }] : [name, r],
    ),
  );
}

/**
 * The composed resources Crossplane counts as not ready, sorted: every one
 * the final response does not mark READY_TRUE (Crossplane's FunctionComposer
 * reads `ready == READY_TRUE`, so READY_FALSE and READY_UNSPECIFIED are both
 * not ready). The XR is Ready when this is empty.
 */
export function unready(rsp: JsonResponse): string[] {
  return Object.entries(rsp.desired?.resources ?? {})
    .filter(([, r]) => r.ready !== 'READY_TRUE')
    .map(([name]) => name)
    .sort();
}

/**
 * function-auto-ready's rule, on a request's desired state: a desired
 * resource that exists, whose readiness no step set, is READY_TRUE when its
 * observed Ready condition is True; any other is left as it is.
 */
export function autoReady(req: JsonRequest): JsonRequest {
  const observed = req.observed?.resources ?? {};
  const ready = (name: string, r: ResourceOf<JsonObject>): ResourceOf<JsonObject> => {
    if (r.ready !== undefined && r.ready !== 'READY_UNSPECIFIED') return r;
    const status = observed[name]?.resource?.status as { conditions?: { type?: string; status?: string }[] } | undefined;
    return status?.conditions?.find((c) => c.type === 'Ready')?.status === 'True' ? { ...r, ready: 'READY_TRUE' } : r;
  };
  const resources = Object.fromEntries(Object.entries(req.desired?.resources ?? {}).map(([name, r]) => [name, ready(name, r)]));
  return { ...req, desired: { ...req.desired, resources } };
}
