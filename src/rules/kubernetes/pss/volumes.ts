/**
 * Volumes (k8s.io/pod-security-admission `check_hostPathVolumes.go` and
 * `check_restrictedVolumes.go`). Baseline forbids hostPath volumes;
 * restricted allows only the volume types that do not reach the node or a
 * storage system directly. Each control owns its fields: hostPath is
 * `k8s-pss-host-path`'s at both levels, so one volume gets one finding.
 */
import { formatFieldPath, isObject } from '../../../lang/fieldpath.js';
import type { Rule } from '../../../engine/rule.js';
import { pssRule } from './standard.js';

/** The volume sources restricted allows (`restrictedVolumes_1_0`; `image` since Kubernetes v1.33, in the v1.0 check). */
export const RESTRICTED_VOLUME_TYPES: ReadonlySet<string> = new Set(['configMap', 'csi', 'downwardAPI', 'emptyDir', 'ephemeral', 'image', 'persistentVolumeClaim', 'projected', 'secret']);

/** Every volume of the pod with its path and how messages name it; the engine has checked the list holds objects. */
function volumesOf(spec: Record<string, unknown>): { volume: Record<string, unknown>; at: (string | number)[]; label: string }[] {
  const volumes = Array.isArray(spec.volumes) ? spec.volumes : [];
  return volumes.flatMap((volume: unknown, i) => {
    if (!isObject(volume)) return [];
    const label = typeof volume.name === 'string' && volume.name !== '' ? `volume ${JSON.stringify(volume.name)}` : `volume [${i}]`;
    return [{ volume, at: ['spec', 'volumes', i], label }];
  });
}

export const hostPath = pssRule({
  id: 'k8s-pss-host-path',
  title: 'Pods mount no hostPath volumes',
  severity: 'critical',
  level: 'baseline',
  description:
    "Refuses any volume with a `hostPath`: it mounts a file or directory of the node into the pod (the container runtime's socket, the kubelet's credentials, the node's root). At restricted too: `k8s-pss-volume-types` leaves hostPath to this rule. Reference check: `hostPathVolumes` (`restrictedVolumes` at restricted).",
  references: { trivy: ['KSV-0023'] },
  check(ctx, spec) {
    for (const v of volumesOf(spec)) {
      const source = v.volume.hostPath;
      if (source === undefined || source === null) continue;
      const path = formatFieldPath([...v.at, 'hostPath']);
      const from = isObject(source) && typeof source.path === 'string' ? ` mounts ${JSON.stringify(source.path)} of the node` : ' mounts a path of the node';
      ctx.unsafe(path, `${v.label}: ${path}${from} into the pod; use a persistentVolumeClaim, emptyDir, configMap or secret instead`);
    }
  },
}) satisfies Rule;

export const volumeTypes = pssRule({
  id: 'k8s-pss-volume-types',
  title: 'Pods use only the allowed volume types',
  severity: 'medium',
  level: 'restricted',
  description: `Refuses a volume whose source is not one of ${[...RESTRICTED_VOLUME_TYPES].map((t) => `\`${t}\``).join(', ')}: the others (\`nfs\`, \`iscsi\`, \`rbd\`, \`cephfs\`, \`gitRepo\`, cloud disks, \`flexVolume\`...) reach a storage system or the node directly, bypassing what a PersistentVolume would control. A field of the volume other than \`name\` and these is refused too, so an unknown source never passes; \`hostPath\` is \`k8s-pss-host-path\`'s. Reference check: \`restrictedVolumes\`.`,
  references: { trivy: ['KSV-0028'] },
  check(ctx, spec) {
    for (const v of volumesOf(spec)) {
      const others = Object.keys(v.volume).filter((k) => k !== 'name' && k !== 'hostPath' && !RESTRICTED_VOLUME_TYPES.has(k) && v.volume[k] !== undefined && v.volume[k] !== null);
      if (others.length === 0) continue;
      const path = formatFieldPath([...v.at, others[0]!]);
      ctx.unsafe(path, `${v.label}: ${formatFieldPath(v.at)} is of type ${others.join(', ')}; at restricted only ${[...RESTRICTED_VOLUME_TYPES].join(', ')} volumes are allowed: use a persistentVolumeClaim for other storage`);
    }
  },
}) satisfies Rule;

