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
  /** Each ref's targets as flat pairs (name, target), in composition resource name order; built on first use. */
  #found: Map<string, (string | Target)[]> | undefined;
  /** The targets a rule asked for, with their name and placement: only the refs some rule reads are ever built. */
  readonly #byRef = new Map<string, readonly IndexedTarget[]>();

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
    let indexed = this.#byRef.get(ref);
    if (indexed === undefined) {
      const pairs = this.found().get(ref) ?? [];
      const list: IndexedTarget[] = [];
      for (let i = 0; i < pairs.length; i += 2) {
        const t = pairs[i + 1] as Target;
        list.push({ ...t, name: pairs[i] as string, placement: placementOf(t.carriers) });
      }
      this.#byRef.set(ref, (indexed = list));
    }
    return indexed;
  }

  private found(): Map<string, (string | Target)[]> {
    if (this.#found !== undefined) return this.#found;
    const found = new Map<string, (string | Target)[]>();
    for (const name of [...this.desired.keys()].sort()) {
      const obj = this.desired.get(name);
      const type = isObject(obj) ? resourceType(obj) : undefined;
      if (type === undefined) continue;
      for (const t of this.targets(obj!, type).targets) {
        const pairs = found.get(t.type.ref);
        if (pairs === undefined) found.set(t.type.ref, [name, t]);
        else pairs.push(name, t);
      }
    }
    return (this.#found = found);
  }
}
