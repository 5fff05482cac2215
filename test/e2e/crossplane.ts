/**
 * Crossplane's part in the requirements loop, for tests: call the function,
 * read the resources it requires, fetch them from a fake cluster by the
 * selector it gave, and call again with them as required resources, until
 * the requirements settle (at most 5 calls, as Crossplane does). Only the
 * final response counts, as in Crossplane.
 */
import type { FunctionClient, JsonObject, JsonRequest, JsonResponse, ResourceSelector } from './harness.js';

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
