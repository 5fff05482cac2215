/**
 * The desired state as rules that relate resources see it: every target of
 * every composed resource (an `Object`'s manifest included), by ref, as the
 * pipeline handed them in. Built once per evaluation, on first use, so a rule
 * that looks for a bucket's encryption or a rule's security group does one
 * lookup instead of a scan per resource.
 */
import { isObject } from '../lang/fieldpath.js';
import { resourceType, type ResourceType } from './gvk.js';
import { placementOf, targetsOf, type Target } from './targets.js';
import type { KubeObject } from './types.js';

export interface IndexedTarget extends Target {
  /** Composition resource name of the composed resource it belongs to. */
  name: string;
  /** Where it will be applied (see `placementOf`). */
  placement: string;
}

export class DesiredIndex {
  #byRef: Map<string, IndexedTarget[]> | undefined;

  /**
   * `targets` finds the targets of a composed resource; the engine passes the
   * ones it found already, so each resource is looked through once.
   */
  constructor(
    private readonly desired: ReadonlyMap<string, KubeObject>,
    private readonly targets: (obj: KubeObject, type: ResourceType) => { targets: readonly Target[] } = targetsOf,
  ) {}

  /** The targets of kind `ref` (`aws/s3/Bucket`, `core/ConfigMap`), in composition resource name order. */
  byRef(ref: string): readonly IndexedTarget[] {
    return this.build().get(ref) ?? [];
  }

  private build(): Map<string, IndexedTarget[]> {
    if (this.#byRef !== undefined) return this.#byRef;
    const byRef = new Map<string, IndexedTarget[]>();
    for (const name of [...this.desired.keys()].sort()) {
      const obj = this.desired.get(name);
      const type = isObject(obj) ? resourceType(obj) : undefined;
      if (type === undefined) continue;
      for (const t of this.targets(obj!, type).targets) {
        const list = byRef.get(t.type.ref) ?? [];
        list.push({ ...t, name, placement: placementOf(t.carriers) });
        byRef.set(t.type.ref, list);
      }
    }
    return (this.#byRef = byRef);
  }
}
