/**
 * Reading a pod as the kubelet runs it: the engine hands the rules every Pod
 * and every workload's pod template as a `core/Pod` target (engine/targets.ts),
 * whose shape it has already checked (container lists are lists of objects,
 * security contexts and resources are objects; anything else is refused once,
 * by the engine). Shared by the rules on Pod Security Standards, resources,
 * images and service accounts.
 */
import { isObject, type Segment } from '../../lang/fieldpath.js';
import type { KindRef, RuleContext } from '../../engine/rule.js';
import { CONTAINER_LISTS } from '../../engine/targets.js';

/** What the pod rules read: Pods, and (through the engine) every workload's pod template. */
export const POD: readonly KindRef[] = [{ group: '', kind: 'Pod' }];

export type ContainerList = (typeof CONTAINER_LISTS)[number];

/** One container of a pod, and where it is. */
export interface ContainerAt {
  list: ContainerList;
  index: number;
  /** Its path inside the target: `['spec', 'containers', 0]`. */
  at: Segment[];
  container: Record<string, unknown>;
  /** How messages name it: `container "app"`, `init container "setup"`, `ephemeral container [2]`. */
  label: string;
}

/** The pod spec of the target, or undefined where it has none. */
export function podSpec(ctx: Pick<RuleContext, 'resource'>): Record<string, unknown> | undefined {
  return isObject(ctx.resource.spec) ? ctx.resource.spec : undefined;
}

const NOUN: Record<ContainerList, string> = { containers: 'container', initContainers: 'init container', ephemeralContainers: 'ephemeral container' };

/** Every container of the pod, regular, init and ephemeral alike, in that order. */
export function containersOf(spec: Record<string, unknown>): ContainerAt[] {
  const out: ContainerAt[] = [];
  for (const list of CONTAINER_LISTS) {
    const items = spec[list];
    if (!Array.isArray(items)) continue;
    items.forEach((container: unknown, index) => {
      if (!isObject(container)) return; // the engine refuses the pod before any rule sees it
      const name = typeof container.name === 'string' && container.name !== '' ? JSON.stringify(container.name) : `[${index}]`;
      out.push({ list, index, at: ['spec', list, index], container, label: `${NOUN[list]} ${name}` });
    });
  }
  return out;
}

/** A Windows pod (`spec.os.name: windows`), for which the Pod Security Standards exempt the Linux-only controls. */
export function windowsPod(spec: Record<string, unknown>): boolean {
  return isObject(spec.os) && spec.os.name === 'windows';
}

/** The object at `key` of `obj` where it is one, else undefined. */
export function objectAt(obj: Record<string, unknown> | undefined, key: string): Record<string, unknown> | undefined {
  const v = obj?.[key];
  return isObject(v) ? v : undefined;
}
