/**
 * k8s-pv-host-path: PersistentVolumes an agent composes to reach the node
 * around the pod rules, at each Pod Security level, bare and carried by
 * both kinds of Object, with the exact findings; nothing is ever changed.
 */
import { describe, expect, it } from 'vitest';
import { carried, engineRequest, input, type Group } from '../../../test/builders.js';
import { evaluate, UNREADABLE_RULE } from '../../engine/engine.js';
import type { Finding, KubeObject } from '../../engine/types.js';
import { pvHostPath } from './persistent-volumes.js';

const RULE = 'k8s-pv-host-path';
const RES = 'pv';

const pv = (source: Record<string, unknown>): KubeObject => ({
  apiVersion: 'v1',
  kind: 'PersistentVolume',
  metadata: { name: 'data' },
  spec: { capacity: { storage: '10Gi' }, accessModes: ['ReadWriteOnce'], persistentVolumeReclaimPolicy: 'Retain', ...source },
});
const NODE_AFFINITY = { required: { nodeSelectorTerms: [{ matchExpressions: [{ key: 'kubernetes.io/hostname', operator: 'In', values: ['node-1'] }] }] } };

const BASELINE_INSTEAD = 'a pod may not mount a path of the node itself: claim storage a StorageClass provisions (a CSI driver, network or cloud storage) instead';
const mounts = (field: string, what: string) => `a PersistentVolume with spec.${field} mounts ${what} of the node into any pod whose claim binds it; ${BASELINE_INSTEAD}`;
const flex = (driver: string) =>
  `a PersistentVolume with spec.flexVolume runs ${driver} on the node, as root, with the options this PersistentVolume gives it, for any pod whose claim binds it; at restricted a pod may not name a flexVolume itself, and FlexVolume is deprecated since Kubernetes v1.23: use a CSI driver instead`;

interface Want {
  path: string;
  /** The message, or how it reads where the PersistentVolume is at `prefix` (the engine's own messages name the whole path). */
  message: string | ((prefix: string) => string);
  rule?: string;
  action?: Finding['action'];
}

interface Case {
  name: string;
  reason: string;
  target: KubeObject;
  /** The Input, partially (`podSecurity`, `rules`). */
  input?: Record<string, unknown>;
  want: Want[];
}

const at = (level: string, version = 'latest') => ({ podSecurity: { level, version } });

const cases: Case[] = [
  {
    name: "an agent composes a hostPath PersistentVolume of the node's root",
    reason: 'a claim on it mounts / of the node into a pod that the pod rules let through: refused',
    target: pv({ hostPath: { path: '/' } }),
    want: [{ path: 'spec.hostPath', message: mounts('hostPath', '"/"') }],
  },
  {
    name: "a hostPath PersistentVolume of the container runtime's socket, with a type",
    reason: 'any path, any type: the node is the node',
    target: pv({ hostPath: { path: '/var/run/containerd/containerd.sock', type: 'Socket' } }),
    want: [{ path: 'spec.hostPath', message: mounts('hostPath', '"/var/run/containerd/containerd.sock"') }],
  },
  {
    name: 'a hostPath PersistentVolume at baseline',
    reason: 'baseline forbids hostPath volumes in pods: refused here too',
    target: pv({ hostPath: { path: '/etc' } }),
    input: at('baseline'),
    want: [{ path: 'spec.hostPath', message: mounts('hostPath', '"/etc"') }],
  },
  {
    name: 'a hostPath PersistentVolume at privileged',
    reason: 'pods may mount the node at privileged, so PersistentVolumes may too',
    target: pv({ hostPath: { path: '/' } }),
    input: at('privileged'),
    want: [],
  },
  {
    name: 'a hostPath PersistentVolume under a pinned old version',
    reason: 'hostPath has been forbidden at baseline since the first version of the standard',
    target: pv({ hostPath: { path: '/' } }),
    input: at('restricted', 'v1.0'),
    want: [{ path: 'spec.hostPath', message: mounts('hostPath', '"/"') }],
  },
  {
    name: "an agent composes a local PersistentVolume of the kubelet's directory",
    reason: "`local` is a path of the node under a PersistentVolume-only name: the kubelet's credentials and every pod's volumes",
    target: pv({ local: { path: '/var/lib/kubelet' }, nodeAffinity: NODE_AFFINITY }),
    want: [{ path: 'spec.local', message: mounts('local', '"/var/lib/kubelet"') }],
  },
  {
    name: 'a local PersistentVolume of a disk, at baseline',
    reason: 'a device of the node is the node too',
    target: pv({ local: { path: '/dev/sdb', fsType: 'ext4' }, nodeAffinity: NODE_AFFINITY, volumeMode: 'Block' }),
    input: at('baseline'),
    want: [{ path: 'spec.local', message: mounts('local', '"/dev/sdb"') }],
  },
  {
    name: 'an agent composes a flexVolume PersistentVolume at restricted',
    reason: 'restricted forbids a pod its own flexVolume; the PersistentVolume would run the driver on the node for it',
    target: pv({ flexVolume: { driver: 'example/cifs', options: { source: '//fileserver/share' } } }),
    want: [{ path: 'spec.flexVolume', message: flex('driver "example/cifs"') }],
  },
  {
    name: 'a flexVolume PersistentVolume at baseline',
    reason: 'baseline lets a pod name a flexVolume itself: the PersistentVolume adds nothing, and passes',
    target: pv({ flexVolume: { driver: 'example/cifs' } }),
    input: at('baseline'),
    want: [],
  },
  {
    name: 'a flexVolume without a driver name',
    reason: 'what it would run cannot be named, and it is refused all the same',
    target: pv({ flexVolume: { options: {} } }),
    want: [{ path: 'spec.flexVolume', message: flex('a driver') }],
  },
  {
    name: 'hostPath as a string',
    reason: 'a source of the wrong shape is still a hostPath source: refused, never passed',
    target: pv({ hostPath: '/' }),
    want: [{ path: 'spec.hostPath', message: mounts('hostPath', 'a path') }],
  },
  {
    name: 'a hostPath whose path is not a string',
    reason: 'the path cannot be named; the source is refused',
    target: pv({ hostPath: { path: ['/'] } }),
    want: [{ path: 'spec.hostPath', message: mounts('hostPath', 'a path') }],
  },
  {
    name: 'an empty hostPath object',
    reason: 'present is present: the API server fills nothing in, and refuses it, but an empty source is no safer',
    target: pv({ hostPath: {} }),
    want: [{ path: 'spec.hostPath', message: mounts('hostPath', 'a path') }],
  },
  {
    name: 'hostPath null',
    reason: 'null is absent',
    target: pv({ hostPath: null, csi: { driver: 'ebs.csi.aws.com', volumeHandle: 'vol-0abc' } }),
    want: [],
  },
  {
    name: 'hostPath and local together',
    reason: 'the API server allows one source, but each is refused, in order, rather than trusting it to',
    target: pv({ hostPath: { path: '/' }, local: { path: '/var' } }),
    want: [
      { path: 'spec.hostPath', message: mounts('hostPath', '"/"') },
      { path: 'spec.local', message: mounts('local', '"/var"') },
    ],
  },
  {
    name: 'a CSI PersistentVolume',
    reason: 'a driver the platform installed; restricted allows csi in pods too',
    target: pv({ csi: { driver: 'ebs.csi.aws.com', volumeHandle: 'vol-0abc', fsType: 'ext4' } }),
    want: [],
  },
  {
    name: 'an NFS PersistentVolume',
    reason: 'a storage system, not the node: the standard sends pods to PersistentVolumes for it',
    target: pv({ nfs: { server: 'nfs.example.com', path: '/exports' } }),
    want: [],
  },
  {
    name: 'a PersistentVolume with no spec',
    reason: 'nothing to mount',
    target: { apiVersion: 'v1', kind: 'PersistentVolume', metadata: { name: 'data' } },
    want: [],
  },
  {
    name: 'a PersistentVolume whose spec is a string',
    reason: 'its source cannot be read: the engine refuses it once, with the action of the rule it kept from judging',
    target: { apiVersion: 'v1', kind: 'PersistentVolume', metadata: { name: 'data' }, spec: 'hostPath: /' },
    want: [{ rule: UNREADABLE_RULE, path: 'spec', message: (prefix) => `${prefix}spec is the string "hostPath: /", not an object; the resource cannot be checked` }],
  },
  {
    name: 'a kind named PersistentVolume in another API group',
    reason: "not Kubernetes' PersistentVolume: the kubelet mounts nothing from it",
    target: { ...pv({ hostPath: { path: '/' } }), apiVersion: 'storage.example.io/v1' },
    want: [],
  },
  {
    name: 'the rule set to Warn',
    reason: 'a refusal becomes a warning, and the resource passes through',
    target: pv({ hostPath: { path: '/' } }),
    input: { rules: { [RULE]: { action: 'Warn' } } },
    want: [{ path: 'spec.hostPath', message: mounts('hostPath', '"/"'), action: 'Warn' }],
  },
];

/** Where the PersistentVolume is composed: bare, or carried by an Object of either group. */
const SHAPES: { name: string; build(obj: KubeObject): KubeObject; at: string }[] = [
  { name: 'composed', build: (obj) => obj, at: '' },
  ...(['cluster', 'namespaced'] as Group[]).map((group) => ({ name: `carried by a ${group} Object`, build: (obj: KubeObject) => carried(obj, group), at: 'spec.forProvider.manifest.' })),
];

describe('k8s-pv-host-path', () => {
  it.each(cases.flatMap((c) => SHAPES.map((s) => ({ ...c, shape: s.name, build: s.build, prefix: s.at }))))('$name ($shape)', (c) => {
    const resource = c.build(structuredClone(c.target));
    const before = structuredClone(resource);
    const d = evaluate(engineRequest({ [RES]: resource }, { input: input(c.input ?? {}) }), [pvHostPath]);
    expect(d.errors).toEqual([]);
    expect(d.findings).toEqual(c.want.map((w): Finding => ({ resource: RES, rule: w.rule ?? RULE, action: w.action ?? 'Deny', path: `${c.prefix}${w.path}`, message: typeof w.message === 'string' ? w.message : w.message(c.prefix) })));
    expect(d.mutations).toEqual([]);
    expect(d.desired[RES]).toBe(resource);
    expect(resource).toEqual(before);
  });
});
