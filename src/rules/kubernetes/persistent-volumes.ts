/**
 * PersistentVolumes that reach the node. A pod at every Pod Security level
 * may mount a `persistentVolumeClaim`, and a claim binds a PersistentVolume,
 * which is cluster-scoped and names its own source: a PersistentVolume whose
 * source is a path of the node hands that path to any pod whose claim binds
 * it, around `k8s-pss-host-path`. So each source is refused at the level
 * where a pod may not name the same thing itself.
 *
 * Sources (PersistentVolumeSpec, kubernetes.io/docs/reference/kubernetes-api/
 * config-and-storage-resources/persistent-volume-v1/):
 * - `hostPath` (HostPathVolumeSource: `path`, `type`), "a directory on the
 *   host": the pod rule's hostPath, at baseline;
 * - `local` (LocalVolumeSource: `path`, `fsType`), "directly-attached storage
 *   with node affinity", the full path of a directory or device on the node:
 *   the same thing under a PersistentVolume-only name, at baseline (its path
 *   is also what CVE-2023-5528 injected into a command on Windows nodes,
 *   kubernetes/kubernetes#121879);
 * - `flexVolume` (FlexPersistentVolumeSource: `driver`, `options`,
 *   `secretRef`...): the kubelet runs the driver executable installed on the
 *   node, as root, with the PersistentVolume's options as JSON
 *   (kubernetes/community, contributors/devel/sig-storage/flexvolume.md;
 *   deprecated since Kubernetes v1.23). Restricted forbids a
 *   pod's own flexVolume volume (`restrictedVolumes`); baseline allows it, so
 *   at baseline the PersistentVolume adds nothing and is not refused.
 *
 * Not refused: `csi`, which restricted allows in a pod too (a CSIDriver the
 * platform installed), and the network sources (`nfs`, `iscsi`, `rbd`,
 * cloud disks...), which reach a storage system rather than the node: the
 * standard sends pods to PersistentVolumes for exactly those.
 */
import { formatFieldPath, isObject } from '../../lang/fieldpath.js';
import { defineRule, type PodSecurityLevel, type Rule } from '../../engine/rule.js';
import { levelIncludes } from './pss/standard.js';

/** A source of a PersistentVolume that reaches the node, the level that refuses it, and what a message says it does. */
interface NodeSource {
  field: 'hostPath' | 'local' | 'flexVolume';
  level: PodSecurityLevel;
  does(source: unknown): string;
}

const mounts = (source: unknown) =>
  `mounts ${isObject(source) && typeof source.path === 'string' ? JSON.stringify(source.path) : 'a path'} of the node into any pod whose claim binds it`;

const SOURCES: readonly NodeSource[] = [
  { field: 'hostPath', level: 'baseline', does: mounts },
  { field: 'local', level: 'baseline', does: mounts },
  {
    field: 'flexVolume',
    level: 'restricted',
    does: (source) =>
      `runs ${isObject(source) && typeof source.driver === 'string' ? `driver ${JSON.stringify(source.driver)}` : 'a driver'} on the node, as root, with the options this PersistentVolume gives it, for any pod whose claim binds it`,
  },
];

const INSTEAD = {
  baseline: 'a pod may not mount a path of the node itself: claim storage a StorageClass provisions (a CSI driver, network or cloud storage) instead',
  restricted: 'at restricted a pod may not name a flexVolume itself, and FlexVolume is deprecated since Kubernetes v1.23: use a CSI driver instead',
} as const;

export const pvHostPath = defineRule({
  id: 'k8s-pv-host-path',
  title: 'PersistentVolumes mount no path of the node',
  severity: 'critical',
  defaultAction: 'Deny',
  podSecurity: { level: 'baseline', restricted: '`flexVolume` too' },
  description:
    "Refuses a PersistentVolume with `spec.hostPath` or `spec.local` where the Input's `podSecurity.level` includes baseline: either mounts a file, directory or device of the node into any pod whose claim binds it, through a `persistentVolumeClaim` volume, which every level allows: the danger of `k8s-pss-host-path`, reached around the pod rules. At restricted, also `spec.flexVolume`: the kubelet runs the named driver on the node, as root, with the PersistentVolume's options, and restricted forbids a pod's own flexVolume volume (baseline allows it, so there the PersistentVolume adds nothing). At privileged, pods may mount the node, and so may PersistentVolumes: nothing is refused. A source that is not an object is refused all the same. `csi` and the network and cloud sources reach a storage system, not the node, and pass: the standard sends pods to PersistentVolumes for them.",
  kinds: [{ group: '', kind: 'PersistentVolume' }],
  configured: (_params, input) => levelIncludes(input, 'baseline'),
  check(ctx) {
    const spec = ctx.resource.spec;
    if (!isObject(spec)) return; // absent; a spec that is not an object is the engine's to refuse
    for (const s of SOURCES) {
      const source = spec[s.field];
      if (source === undefined || source === null || !levelIncludes(ctx.input, s.level)) continue;
      const path = formatFieldPath(['spec', s.field]);
      ctx.unsafe(path, `a PersistentVolume with ${path} ${s.does(source)}; ${INSTEAD[s.level]}`);
    }
  },
}) satisfies Rule;
