/**
 * An XR with a bucket becomes Ready, played over gRPC: Crossplane marks an
 * XR Ready only when every composed resource in the final response is
 * READY_TRUE, and the companions guardrails adds exist in no earlier step, so
 * guardrails itself must say when they are ready. Each reconcile: the
 * pipeline (a compose step, function-auto-ready, guardrails, in the order the
 * case gives), then the fake cluster applies the result and a provider sets
 * its status.
 */
import { describe, expect, it } from 'vitest';
import { bucket } from '../builders.js';
import { applied, autoReady, providerSets, reconcile, unready } from './crossplane.js';
import { serveDuringSuite, type JsonObject, type JsonRequest, type JsonResponse } from './harness.js';

const server = serveDuringSuite();

const XR_TYPE = { apiVersion: 'platform.example.org/v1alpha1', kind: 'XStorage' };
const XR: JsonObject = { ...XR_TYPE, metadata: { name: 'media', namespace: 'team-a' } };
const COMPANIONS = ['assets-encryption', 'assets-public-access-block', 'assets-versioning'];
const ALL = ['assets', ...COMPANIONS];

/** What the compose step hands on: a bucket, its readiness not set (no step has an opinion yet). */
function composed(cluster: Record<string, JsonObject>): JsonRequest {
  return {
    meta: { tag: 'ready', capabilities: ['CAPABILITY_CAPABILITIES', 'CAPABILITY_CONDITIONS', 'CAPABILITY_REQUIRED_RESOURCES'] },
    observed: { composite: { resource: XR }, resources: Object.fromEntries(Object.entries(cluster).map(([n, r]) => [n, { resource: r }])) },
    desired: { composite: { resource: XR_TYPE }, resources: { assets: { resource: bucket({ version: 'v1beta2' }) as JsonObject } } },
  };
}

type Order = 'auto-ready, then guardrails' | 'guardrails, then auto-ready';

/** One reconcile: the pipeline in `order`, against what the cluster holds now. */
async function pipeline(order: Order, cluster: Record<string, JsonObject>): Promise<JsonResponse> {
  const req = composed(cluster);
  if (order === 'auto-ready, then guardrails') return (await reconcile(server.rpc, autoReady(req))).rsp;
  const { rsp } = await reconcile(server.rpc, req);
  // The next step gets the same observed state and the desired state guardrails returned.
  const next = autoReady({ ...req, desired: rsp.desired ?? {} });
  return { ...rsp, desired: next.desired ?? {} };
}

const readiness = (rsp: JsonResponse) => Object.fromEntries(Object.entries(rsp.desired?.resources ?? {}).map(([n, r]) => [n, r.ready ?? 'READY_UNSPECIFIED']));
const each = (names: readonly string[], ready: string) => Object.fromEntries(names.map((n) => [n, ready]));

describe('an XR with a bucket becomes Ready', () => {
  it.each<{ order: Order }>([{ order: 'auto-ready, then guardrails' }, { order: 'guardrails, then auto-ready' }])('$order', async ({ order }) => {
    // 1. Nothing exists: guardrails adds the companions, none of them ready.
    const first = await pipeline(order, {});
    expect(Object.keys(first.desired?.resources ?? {}).sort()).toEqual(ALL);
    expect(readiness(first)).toEqual(each(ALL, 'READY_UNSPECIFIED'));
    expect(unready(first)).toEqual(ALL);

    // 2. Crossplane created them; no provider has reconciled them yet.
    let cluster = applied(first);
    expect(cluster['assets-encryption']?.status).toBeUndefined();
    const created = await pipeline(order, cluster);
    expect(readiness(created)).toEqual(each(ALL, 'READY_UNSPECIFIED'));

    // 3. The bucket is up; its companions are still being created.
    cluster = providerSets(providerSets(applied(created, cluster), 'True', ['assets']), 'False', COMPANIONS);
    const creating = await pipeline(order, cluster);
    expect(readiness(creating)).toEqual({ assets: 'READY_TRUE', ...each(COMPANIONS, 'READY_FALSE') });
    expect(unready(creating)).toEqual(COMPANIONS);

    // 4. Everything is Ready: every composed resource is READY_TRUE, so Crossplane marks the XR Ready.
    cluster = providerSets(applied(creating, cluster), 'True');
    const ready = await pipeline(order, cluster);
    expect(readiness(ready)).toEqual(each(ALL, 'READY_TRUE'));
    expect(unready(ready)).toEqual([]);
    // Readiness changed nothing else: the same resources as the first call, the verdict unchanged.
    expect(ready.desired?.resources?.['assets-encryption']?.resource).toEqual(first.desired?.resources?.['assets-encryption']?.resource);
    expect(ready.conditions).toEqual(first.conditions);
  });

  it('an earlier step that says a resource is not ready is believed, even when its Ready condition is True', async () => {
    const cluster = providerSets(applied(await pipeline('auto-ready, then guardrails', {})), 'True');
    const req = composed(cluster);
    req.desired!.resources!.assets!.ready = 'READY_FALSE';
    const { rsp } = await reconcile(server.rpc, req);
    expect(readiness(rsp)).toEqual({ assets: 'READY_FALSE', ...each(COMPANIONS, 'READY_TRUE') });
    expect(unready(rsp)).toEqual(['assets']);
  });
});
