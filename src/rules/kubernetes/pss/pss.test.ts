/**
 * The Pod Security Standards rules, control by control: compliant, fixed by
 * injection where the standard has a safe default, explicitly unsafe, and
 * malformed; each case judged as a bare Pod, a Deployment, a CronJob, and
 * carried by a provider-kubernetes Object of each group, with the exact
 * findings, changes and output.
 */
import { describe, expect, it } from 'vitest';
import { carried, engineRequest, input } from '../../../../test/builders.js';
import { container, pod, restrictedContainer, restrictedSpec, RESTRICTED_CONTAINER_CONTEXT, RESTRICTED_POD_CONTEXT, workload } from '../../../../test/builders/pods.js';
import { ANNOTATION_MUTATED_BY, evaluate, UNREADABLE_RULE } from '../../../engine/engine.js';
import { parseInput } from '../../../load/parse.js';
import type { Finding, KubeObject, Mutation } from '../../../engine/types.js';
import { nonRootNote } from './run-as-non-root.js';
import { PSS_RULES } from './index.js';

type Id =
  | 'host-process'
  | 'host-namespaces'
  | 'privileged'
  | 'capabilities'
  | 'host-path'
  | 'host-ports'
  | 'host-probes'
  | 'apparmor'
  | 'selinux'
  | 'proc-mount'
  | 'seccomp'
  | 'sysctls'
  | 'volume-types'
  | 'privilege-escalation'
  | 'run-as-non-root'
  | 'run-as-user';

/** A finding about the pod: path and message relative to the pod, as each shape's prefix is added below. */
interface Want {
  rule: Id;
  path: string;
  message: string;
  action?: Finding['action'];
  fix?: unknown;
}
interface WantChange {
  rule: Id;
  path: string;
  value: unknown;
  note?: string;
}

interface Case {
  name: string;
  reason: string;
  spec: Record<string, unknown>;
  /** The pod's (or template's) metadata beside its labels. */
  metadata?: Record<string, unknown>;
  /** The Input, partially (`podSecurity`, `rules`, `mode`). */
  input?: Record<string, unknown>;
  findings?: Want[];
  changes?: WantChange[];
  /** The pod spec after the changes; the input spec when absent. */
  fixed?: Record<string, unknown>;
}

/** The composed resources a case is judged as, and where the pod is inside each. */
const SHAPES: { name: string; build(spec: Record<string, unknown>, metadata: Record<string, unknown>): KubeObject; at: string }[] = [
  { name: 'a Pod', build: (spec, metadata) => pod(spec, metadata), at: '' },
  { name: 'a Deployment', build: (spec, metadata) => workload('Deployment', spec, metadata), at: 'spec.template.' },
  { name: 'a CronJob', build: (spec, metadata) => workload('CronJob', spec, metadata), at: 'spec.jobTemplate.spec.template.' },
  { name: 'a Pod in an Object', build: (spec, metadata) => carried(pod(spec, metadata)), at: 'spec.forProvider.manifest.' },
  { name: 'a Deployment in a namespaced Object', build: (spec, metadata) => carried(workload('Deployment', spec, metadata), 'namespaced'), at: 'spec.forProvider.manifest.spec.template.' },
];

const RES = 'app';
const id = (short: Id) => `k8s-pss-${short}`;

/** Runs one case in one shape and checks the whole decision. */
function run(c: Case, shape: (typeof SHAPES)[number]): void {
  const metadata = c.metadata ?? {};
  const resource = shape.build(structuredClone(c.spec), structuredClone(metadata));
  const before = structuredClone(resource);
  const d = evaluate(engineRequest({ [RES]: resource }, { input: input(c.input ?? {}) }), PSS_RULES);
  const at = (path: string) => `${shape.at}${path}`;
  expect(d.errors).toEqual([]);
  expect(d.findings).toEqual(
    (c.findings ?? []).map((f): Finding => ({
      resource: RES,
      rule: id(f.rule),
      action: f.action ?? 'Deny',
      path: at(f.path),
      message: f.message,
      ...(f.fix !== undefined ? { fix: { path: at(f.path), value: f.fix } } : {}),
    })),
  );
  expect(d.mutations).toEqual((c.changes ?? []).map((m): Mutation => ({ resource: RES, rule: id(m.rule), path: at(m.path), value: m.value, ...(m.note !== undefined ? { note: m.note } : {}) })));
  const changedBy = [...new Set((c.changes ?? []).map((m) => id(m.rule)))].sort().join(',');
  const mode = (c.input?.mode as string | undefined) ?? 'Enforce';
  if (changedBy === '' || mode === 'Audit') {
    expect(d.desired[RES]).toBe(resource);
  } else {
    const want = shape.build(structuredClone(c.fixed ?? c.spec), structuredClone(metadata));
    const meta = (want.metadata ??= {}) as Record<string, unknown>;
    meta.annotations = { ...(meta.annotations as object | undefined), [ANNOTATION_MUTATED_BY]: changedBy };
    expect(d.desired[RES]).toEqual(want);
  }
  expect(resource).toEqual(before); // the request is never changed in place
}

const PE = 'a process could gain more privileges than its parent (setuid binaries, file capabilities); set it to false';
const NON_ROOT = nonRootNote(false);
const WINDOWS = { os: { name: 'windows' } };
const baseline = { podSecurity: { level: 'baseline' } };
const at = (version: string, level = 'restricted') => ({ podSecurity: { level, version } });

const cases: Case[] = [
  {
    name: 'a pod that meets restricted',
    reason: 'every control is met: nothing is found and nothing changes',
    spec: restrictedSpec({
      initContainers: [restrictedContainer('init')],
      ephemeralContainers: [restrictedContainer('debug')],
      volumes: [{ name: 'cache', emptyDir: {} }, { name: 'config', configMap: { name: 'app' } }, { name: 'data', persistentVolumeClaim: { claimName: 'data' } }],
    }),
  },
  // Windows HostProcess
  {
    name: 'host-process: a container set as HostProcess',
    reason: 'a HostProcess container runs on the node itself',
    spec: restrictedSpec({ ...WINDOWS, securityContext: { runAsNonRoot: true }, containers: [container('app', { securityContext: { windowsOptions: { hostProcess: true } } })] }),
    findings: [
      {
        rule: 'host-process',
        path: 'spec.containers[0].securityContext.windowsOptions.hostProcess',
        message: 'container "app": spec.containers[0].securityContext.windowsOptions.hostProcess is true; a HostProcess container runs on the Windows node itself, with its privileges; remove it or set it to false',
      },
    ],
  },
  {
    name: 'host-process: the pod set as HostProcess',
    reason: 'the pod-level setting applies to every container',
    spec: restrictedSpec({ ...WINDOWS, securityContext: { runAsNonRoot: true, windowsOptions: { hostProcess: true } }, containers: [container()] }),
    findings: [
      { rule: 'host-process', path: 'spec.securityContext.windowsOptions.hostProcess', message: 'spec.securityContext.windowsOptions.hostProcess is true; a HostProcess container runs on the Windows node itself, with its privileges; remove it or set it to false' },
    ],
  },
  {
    name: 'host-process: false, explicitly',
    reason: 'false is the safe value',
    spec: restrictedSpec({ ...WINDOWS, securityContext: { runAsNonRoot: true, windowsOptions: { hostProcess: false } }, containers: [container()] }),
  },
  {
    name: 'host-process: windowsOptions that is not an object',
    reason: 'what cannot be read is refused, never passed',
    spec: restrictedSpec({ containers: [restrictedContainer('app', { windowsOptions: 'hostProcess' })] }),
    findings: [
      { rule: 'host-process', path: 'spec.containers[0].securityContext.windowsOptions', message: 'container "app": spec.containers[0].securityContext.windowsOptions is the string "hostProcess", not an object; it cannot be checked' },
    ],
  },
  // Host namespaces
  {
    name: "host-namespaces: the node's network, process and IPC namespaces",
    reason: 'each namespace is refused at its own field',
    spec: restrictedSpec({ hostNetwork: true, hostPID: true, hostIPC: true }),
    findings: [
      { rule: 'host-namespaces', path: 'spec.hostNetwork', message: "spec.hostNetwork is true; the pod would share the node's network namespace; remove it or set it to false" },
      { rule: 'host-namespaces', path: 'spec.hostPID', message: "spec.hostPID is true; the pod would share the node's process ID namespace; remove it or set it to false" },
      { rule: 'host-namespaces', path: 'spec.hostIPC', message: "spec.hostIPC is true; the pod would share the node's IPC namespace; remove it or set it to false" },
    ],
  },
  { name: 'host-namespaces: false, explicitly', reason: 'false is the safe value', spec: restrictedSpec({ hostNetwork: false, hostPID: false, hostIPC: false }) },
  {
    name: 'host-namespaces: a string where a boolean belongs',
    reason: 'a value of the wrong type is refused, never read as false',
    spec: restrictedSpec({ hostNetwork: 'true' }),
    findings: [{ rule: 'host-namespaces', path: 'spec.hostNetwork', message: 'spec.hostNetwork must be a boolean, got the string "true"' }],
  },
  // Privileged
  {
    name: 'privileged: an init and an ephemeral container',
    reason: 'every container list is judged',
    spec: restrictedSpec({ initContainers: [restrictedContainer('init', { privileged: true })], ephemeralContainers: [restrictedContainer('debug', { privileged: true })] }),
    findings: [
      {
        rule: 'privileged',
        path: 'spec.initContainers[0].securityContext.privileged',
        message: 'init container "init": spec.initContainers[0].securityContext.privileged is true; a privileged container has every capability and device of the node; remove it or set it to false',
      },
      {
        rule: 'privileged',
        path: 'spec.ephemeralContainers[0].securityContext.privileged',
        message: 'ephemeral container "debug": spec.ephemeralContainers[0].securityContext.privileged is true; a privileged container has every capability and device of the node; remove it or set it to false',
      },
    ],
  },
  { name: 'privileged: false, explicitly', reason: 'false is the safe value', spec: restrictedSpec({ containers: [restrictedContainer('app', { privileged: false })] }) },
  // Capabilities
  {
    name: 'capabilities: adding NET_RAW at baseline',
    reason: "NET_RAW is not in the runtime's default set",
    spec: restrictedSpec({ containers: [container('app', { securityContext: { capabilities: { add: ['NET_RAW', 'CHOWN'] } } })] }),
    input: baseline,
    findings: [
      {
        rule: 'capabilities',
        path: 'spec.containers[0].securityContext.capabilities.add',
        message: "container \"app\": spec.containers[0].securityContext.capabilities.add adds NET_RAW; only the runtime's default capabilities may be added: remove it",
      },
    ],
  },
  {
    name: 'capabilities: adding a default capability at baseline',
    reason: 'baseline allows the default set, and requires no drop',
    spec: restrictedSpec({ containers: [container('app', { securityContext: { capabilities: { add: ['CHOWN', 'NET_BIND_SERVICE'] } } })] }),
    input: baseline,
  },
  {
    name: 'capabilities: adding a default capability at restricted',
    reason: 'restricted allows only NET_BIND_SERVICE',
    spec: restrictedSpec({ containers: [restrictedContainer('app', { capabilities: { drop: ['ALL'], add: ['CHOWN', 'NET_BIND_SERVICE', 'CAP_SYS_ADMIN'] } })] }),
    findings: [
      {
        rule: 'capabilities',
        path: 'spec.containers[0].securityContext.capabilities.add',
        message: 'container "app": spec.containers[0].securityContext.capabilities.add adds CHOWN, CAP_SYS_ADMIN; at restricted, only NET_BIND_SERVICE may be added: remove them',
      },
    ],
  },
  {
    name: 'capabilities: drop absent at restricted, in every container list',
    reason: 'drop ALL is injected where there is no drop list, into an existing capabilities block or a new one',
    spec: restrictedSpec({
      containers: [container('app', { securityContext: { allowPrivilegeEscalation: false, capabilities: { add: ['NET_BIND_SERVICE'] } } })],
      initContainers: [container('init', { securityContext: { allowPrivilegeEscalation: false } })],
    }),
    changes: [
      { rule: 'capabilities', path: 'spec.containers[0].securityContext.capabilities.drop', value: ['ALL'] },
      { rule: 'capabilities', path: 'spec.initContainers[0].securityContext.capabilities.drop', value: ['ALL'] },
    ],
    fixed: restrictedSpec({
      containers: [container('app', { securityContext: { allowPrivilegeEscalation: false, capabilities: { add: ['NET_BIND_SERVICE'], drop: ['ALL'] } } })],
      initContainers: [container('init', { securityContext: { allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] } } })],
    }),
  },
  {
    name: 'capabilities: a drop list without ALL',
    reason: 'an explicit list is the author\'s choice: refused, never rewritten',
    spec: restrictedSpec({ containers: [restrictedContainer('app', { capabilities: { drop: ['NET_RAW'] } }), restrictedContainer('sidecar', { capabilities: { drop: [] } })] }),
    findings: [
      {
        rule: 'capabilities',
        path: 'spec.containers[0].securityContext.capabilities.drop',
        message: 'container "app": spec.containers[0].securityContext.capabilities.drop drops NET_RAW but not ALL; at restricted every container drops ALL: add "ALL" to the list',
      },
      {
        rule: 'capabilities',
        path: 'spec.containers[1].securityContext.capabilities.drop',
        message: 'container "sidecar": spec.containers[1].securityContext.capabilities.drop drops nothing; at restricted every container drops ALL: add "ALL" to the list',
      },
    ],
  },
  {
    name: 'capabilities: add that is not a list',
    reason: 'a malformed list is refused, never read as empty',
    spec: restrictedSpec({ containers: [restrictedContainer('app', { capabilities: { drop: ['ALL'], add: 'SYS_ADMIN' } })] }),
    findings: [
      { rule: 'capabilities', path: 'spec.containers[0].securityContext.capabilities.add', message: 'container "app": spec.containers[0].securityContext.capabilities.add must be a list of capability names, got the string "SYS_ADMIN"' },
    ],
  },
  {
    name: 'capabilities: a Windows pod at restricted',
    reason: 'from v1.25 the standard exempts Windows pods, and the API server refuses capabilities on them: nothing injected',
    spec: { ...WINDOWS, securityContext: { runAsNonRoot: true }, containers: [container()] },
  },
  {
    name: 'capabilities: restricted pinned to v1.21',
    reason: 'capabilities_restricted starts at v1.22: before, restricted is baseline here, so no drop is required and default capabilities may be added',
    spec: restrictedSpec({ containers: [container('app', { securityContext: { allowPrivilegeEscalation: false, capabilities: { add: ['CHOWN'] } } })] }),
    input: at('v1.21'),
  },
  // hostPath volumes
  {
    name: "host-path: the node's container runtime socket",
    reason: 'a hostPath volume mounts the node into the pod',
    spec: restrictedSpec({ volumes: [{ name: 'docker', hostPath: { path: '/var/run/docker.sock' } }, { name: 'tmp', emptyDir: {} }] }),
    findings: [{ rule: 'host-path', path: 'spec.volumes[0].hostPath', message: 'volume "docker": spec.volumes[0].hostPath mounts "/var/run/docker.sock" of the node into the pod; use a persistentVolumeClaim, emptyDir, configMap or secret instead' }],
  },
  {
    name: 'host-path: at baseline too',
    reason: 'hostPath is a baseline control',
    spec: restrictedSpec({ volumes: [{ name: 'root', hostPath: {} }] }),
    input: baseline,
    findings: [{ rule: 'host-path', path: 'spec.volumes[0].hostPath', message: 'volume "root": spec.volumes[0].hostPath mounts a path of the node into the pod; use a persistentVolumeClaim, emptyDir, configMap or secret instead' }],
  },
  // Host ports
  {
    name: 'host-ports: a container binding a port of the node',
    reason: 'hostPort exposes the pod on the node',
    spec: restrictedSpec({ containers: [restrictedContainer('app', {}, { ports: [{ containerPort: 8080 }, { containerPort: 8443, hostPort: 443 }, { containerPort: 9090, hostPort: 0 }] })] }),
    findings: [
      {
        rule: 'host-ports',
        path: 'spec.containers[0].ports[1].hostPort',
        message: 'container "app": spec.containers[0].ports[1].hostPort is 443: the container would bind a port of the node; remove it, and reach the pod through a Service',
      },
    ],
  },
  {
    name: 'host-ports: a port in the allowed list',
    reason: 'the standard allows host ports restricted to a known list',
    spec: restrictedSpec({ containers: [restrictedContainer('app', {}, { ports: [{ containerPort: 5555, hostPort: 5555 }, { containerPort: 8443, hostPort: 8443 }, { containerPort: 7000, hostPort: 7000 }] })] }),
    input: { rules: { 'k8s-pss-host-ports': { allowed: ['5000-6000', '8443'] } } },
    findings: [
      {
        rule: 'host-ports',
        path: 'spec.containers[0].ports[2].hostPort',
        message: 'container "app": spec.containers[0].ports[2].hostPort is 7000: the container would bind a port of the node; only 5000-6000, 8443 may be bound; remove it, and reach the pod through a Service',
      },
    ],
  },
  {
    name: 'host-ports: a string where a port belongs',
    reason: 'refused as malformed, never read as 0',
    spec: restrictedSpec({ containers: [restrictedContainer('app', {}, { ports: [{ containerPort: 80, hostPort: '80' }] })] }),
    findings: [{ rule: 'host-ports', path: 'spec.containers[0].ports[0].hostPort', message: 'container "app": spec.containers[0].ports[0].hostPort must be an integer, got the string "80"' }],
  },
  // Host probes and lifecycle hooks
  {
    name: 'host-probes: a probe and a hook sent to other hosts',
    reason: 'the kubelet makes those requests from the node',
    spec: restrictedSpec({
      containers: [
        restrictedContainer('app', {}, { livenessProbe: { httpGet: { host: '169.254.169.254', port: 80 } }, readinessProbe: { tcpSocket: { host: '', port: 80 } }, lifecycle: { preStop: { tcpSocket: { host: 'kubelet', port: 10250 } } } }),
      ],
    }),
    findings: [
      {
        rule: 'host-probes',
        path: 'spec.containers[0].livenessProbe.httpGet.host',
        message: 'container "app": spec.containers[0].livenessProbe.httpGet.host is "169.254.169.254": the kubelet would make the request from the node to that host; remove it, so the request goes to the pod',
      },
      {
        rule: 'host-probes',
        path: 'spec.containers[0].lifecycle.preStop.tcpSocket.host',
        message: 'container "app": spec.containers[0].lifecycle.preStop.tcpSocket.host is "kubelet": the kubelet would make the request from the node to that host; remove it, so the request goes to the pod',
      },
    ],
  },
  {
    name: 'host-probes: pinned to v1.33',
    reason: 'hostProbesAndHostLifecycle starts at v1.34',
    spec: restrictedSpec({ containers: [restrictedContainer('app', {}, { livenessProbe: { httpGet: { host: 'example.com', port: 80 } } })] }),
    input: at('v1.33'),
  },
  {
    name: 'host-probes: a probe that is not an object',
    reason: 'refused once, though two fields lie behind it',
    spec: restrictedSpec({ containers: [restrictedContainer('app', {}, { startupProbe: 'curl localhost' })] }),
    findings: [{ rule: 'host-probes', path: 'spec.containers[0].startupProbe', message: 'container "app": spec.containers[0].startupProbe is the string "curl localhost", not an object; it cannot be checked' }],
  },
  // AppArmor
  {
    name: 'apparmor: Unconfined in a field and in an annotation',
    reason: 'both channels are read, at every version',
    spec: restrictedSpec({ containers: [restrictedContainer('app', { appArmorProfile: { type: 'Unconfined' } })], securityContext: { ...RESTRICTED_POD_CONTEXT, appArmorProfile: { type: 'RuntimeDefault' } } }),
    metadata: { annotations: { 'container.apparmor.security.beta.kubernetes.io/app': 'unconfined', 'container.apparmor.security.beta.kubernetes.io/init': 'localhost/custom' } },
    findings: [
      {
        rule: 'apparmor',
        path: 'metadata.annotations[container.apparmor.security.beta.kubernetes.io/app]',
        message: 'metadata.annotations[container.apparmor.security.beta.kubernetes.io/app] is "unconfined"; use "runtime/default" or "localhost/<profile>", or better, securityContext.appArmorProfile',
      },
      {
        rule: 'apparmor',
        path: 'spec.containers[0].securityContext.appArmorProfile.type',
        message: 'container "app": spec.containers[0].securityContext.appArmorProfile.type is "Unconfined"; use RuntimeDefault or Localhost: Unconfined runs the container without AppArmor',
      },
    ],
  },
  {
    name: 'apparmor: a profile without a type',
    reason: 'the API server requires a type; an empty profile is not an allowed one',
    spec: restrictedSpec({ securityContext: { ...RESTRICTED_POD_CONTEXT, appArmorProfile: {} } }),
    findings: [{ rule: 'apparmor', path: 'spec.securityContext.appArmorProfile.type', message: 'spec.securityContext.appArmorProfile.type is not set; use RuntimeDefault or Localhost' }],
  },
  // SELinux
  {
    name: 'selinux: the super-privileged type, a user and a role',
    reason: 'each is refused at its field; the level may be set',
    spec: restrictedSpec({
      securityContext: { ...RESTRICTED_POD_CONTEXT, seLinuxOptions: { type: 'spc_t', level: 's0:c1' } },
      containers: [restrictedContainer('app', { seLinuxOptions: { user: 'system_u', role: 'system_r', type: 'container_t' } })],
    }),
    findings: [
      {
        rule: 'selinux',
        path: 'spec.securityContext.seLinuxOptions.type',
        message: 'spec.securityContext.seLinuxOptions.type is "spc_t"; use one of the container types (container_t, container_init_t, container_kvm_t, container_engine_t) or leave it empty',
      },
      { rule: 'selinux', path: 'spec.containers[0].securityContext.seLinuxOptions.user', message: 'container "app": spec.containers[0].securityContext.seLinuxOptions.user is "system_u"; a custom SELinux user is forbidden: remove it' },
      { rule: 'selinux', path: 'spec.containers[0].securityContext.seLinuxOptions.role', message: 'container "app": spec.containers[0].securityContext.seLinuxOptions.role is "system_r"; a custom SELinux role is forbidden: remove it' },
    ],
  },
  {
    name: 'selinux: container_engine_t at latest',
    reason: 'allowed from v1.31',
    spec: restrictedSpec({ containers: [restrictedContainer('app', { seLinuxOptions: { type: 'container_engine_t' } })] }),
  },
  {
    name: 'selinux: container_engine_t pinned to v1.30',
    reason: 'not yet allowed at v1.30',
    spec: restrictedSpec({ containers: [restrictedContainer('app', { seLinuxOptions: { type: 'container_engine_t' } })] }),
    input: at('v1.30'),
    findings: [
      {
        rule: 'selinux',
        path: 'spec.containers[0].securityContext.seLinuxOptions.type',
        message: 'container "app": spec.containers[0].securityContext.seLinuxOptions.type is "container_engine_t"; use one of the container types (container_t, container_init_t, container_kvm_t) or leave it empty',
      },
    ],
  },
  // /proc mount
  {
    name: 'proc-mount: Unmasked',
    reason: 'only the default /proc masks are allowed',
    spec: restrictedSpec({ containers: [restrictedContainer('app', { procMount: 'Unmasked' })] }),
    findings: [{ rule: 'proc-mount', path: 'spec.containers[0].securityContext.procMount', message: 'container "app": spec.containers[0].securityContext.procMount is "Unmasked"; it unmasks parts of /proc that expose the node; remove it or set it to "Default"' }],
  },
  {
    name: 'proc-mount: Unmasked in a user namespace, at baseline',
    reason: 'from v1.35 baseline allows it for a pod in a user namespace',
    spec: restrictedSpec({ hostUsers: false, containers: [restrictedContainer('app', { procMount: 'Unmasked' })] }),
    input: baseline,
  },
  {
    name: 'proc-mount: Unmasked in a user namespace, at baseline pinned to v1.34',
    reason: 'the relaxation starts at v1.35',
    spec: restrictedSpec({ hostUsers: false, containers: [restrictedContainer('app', { procMount: 'Unmasked' })] }),
    input: at('v1.34', 'baseline'),
    findings: [{ rule: 'proc-mount', path: 'spec.containers[0].securityContext.procMount', message: 'container "app": spec.containers[0].securityContext.procMount is "Unmasked"; it unmasks parts of /proc that expose the node; remove it or set it to "Default"' }],
  },
  {
    name: 'proc-mount: Unmasked in a user namespace, at restricted',
    reason: 'restricted does not relax it (procMount_restricted)',
    spec: restrictedSpec({ hostUsers: false, containers: [restrictedContainer('app', { procMount: 'Unmasked' })] }),
    findings: [{ rule: 'proc-mount', path: 'spec.containers[0].securityContext.procMount', message: 'container "app": spec.containers[0].securityContext.procMount is "Unmasked"; it unmasks parts of /proc that expose the node; remove it or set it to "Default"' }],
  },
  // Seccomp
  {
    name: 'seccomp: Unconfined on the pod, a container and an annotation',
    reason: 'a profile, where set, must keep the filter on, at any level',
    spec: restrictedSpec({ securityContext: { runAsNonRoot: true, seccompProfile: { type: 'Unconfined' } }, containers: [restrictedContainer('app', { seccompProfile: { type: 'Unconfined' } })] }),
    metadata: { annotations: { 'seccomp.security.alpha.kubernetes.io/pod': 'unconfined' } },
    input: baseline,
    findings: [
      {
        rule: 'seccomp',
        path: 'metadata.annotations[seccomp.security.alpha.kubernetes.io/pod]',
        message: 'metadata.annotations[seccomp.security.alpha.kubernetes.io/pod] is "unconfined"; seccomp must stay on: use "runtime/default" or "localhost/<profile>", or better, securityContext.seccompProfile',
      },
      { rule: 'seccomp', path: 'spec.securityContext.seccompProfile.type', message: 'spec.securityContext.seccompProfile.type is "Unconfined"; use "RuntimeDefault" or "Localhost": Unconfined turns the syscall filter off' },
      {
        rule: 'seccomp',
        path: 'spec.containers[0].securityContext.seccompProfile.type',
        message: 'container "app": spec.containers[0].securityContext.seccompProfile.type is "Unconfined"; use "RuntimeDefault" or "Localhost": Unconfined turns the syscall filter off',
      },
    ],
  },
  {
    name: 'seccomp: no profile at baseline',
    reason: 'baseline allows an unset profile (the runtime default applies where the kubelet defaults it)',
    spec: restrictedSpec({ securityContext: { runAsNonRoot: true } }),
    input: baseline,
  },
  {
    name: 'seccomp: no profile at restricted',
    reason: 'RuntimeDefault is injected on the pod, covering every container that sets none',
    spec: restrictedSpec({ securityContext: { runAsNonRoot: true }, initContainers: [restrictedContainer('init', { seccompProfile: { type: 'Localhost', localhostProfile: 'init.json' } })] }),
    findings: [],
    changes: [{ rule: 'seccomp', path: 'spec.securityContext.seccompProfile', value: { type: 'RuntimeDefault' } }],
    fixed: restrictedSpec({ securityContext: { runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } }, initContainers: [restrictedContainer('init', { seccompProfile: { type: 'Localhost', localhostProfile: 'init.json' } })] }),
  },
  {
    name: 'seccomp: every container sets its own',
    reason: 'then nothing is needed on the pod',
    spec: restrictedSpec({ securityContext: { runAsNonRoot: true }, containers: [restrictedContainer('app', { seccompProfile: { type: 'RuntimeDefault' } })] }),
  },
  {
    name: 'seccomp: a profile without a type',
    reason: 'an empty profile is explicit and invalid: refused, not filled in',
    spec: restrictedSpec({ securityContext: { runAsNonRoot: true, seccompProfile: {} } }),
    findings: [{ rule: 'seccomp', path: 'spec.securityContext.seccompProfile.type', message: 'spec.securityContext.seccompProfile.type is not set; use "RuntimeDefault" or "Localhost": no other profile is allowed' }],
  },
  {
    name: 'seccomp: a Windows pod at restricted',
    reason: 'from v1.25 Windows pods are exempt, and get no Linux-only field',
    spec: { ...WINDOWS, securityContext: { runAsNonRoot: true }, containers: [container()] },
  },
  {
    name: 'seccomp: a Windows pod at restricted pinned to v1.24',
    reason: 'the standard does not exempt it yet, and it cannot take the field: refused, never injected',
    spec: { ...WINDOWS, securityContext: { runAsNonRoot: true }, containers: [container('app', { securityContext: { allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] } } })] },
    input: at('v1.24'),
    findings: [
      {
        rule: 'seccomp',
        path: 'spec.securityContext.seccompProfile',
        message: 'spec.securityContext.seccompProfile is not set, nor does container "app"; a Windows pod cannot set it, and version v1.24 of the standard does not exempt Windows pods (v1.25 does)',
      },
    ],
  },
  // Sysctls
  {
    name: 'sysctls: an unsafe one beside safe ones',
    reason: 'only the safe set of the version is allowed; tcp_notsent_lowat is safe from v1.37',
    spec: restrictedSpec({ securityContext: { ...RESTRICTED_POD_CONTEXT, sysctls: [{ name: 'net.ipv4.tcp_notsent_lowat', value: '16384' }, { name: 'kernel.msgmax', value: '65536' }] } }),
    findings: [{ rule: 'sysctls', path: 'spec.securityContext.sysctls[1].name', message: 'spec.securityContext.sysctls[1].name is "kernel.msgmax", not one of the sysctls the standard deems safe; remove it' }],
  },
  {
    name: 'sysctls: pinned to v1.36',
    reason: 'net.ipv4.tcp_notsent_lowat is safe only from v1.37; tcp_rmem from v1.32',
    spec: restrictedSpec({ securityContext: { ...RESTRICTED_POD_CONTEXT, sysctls: [{ name: 'net.ipv4.tcp_rmem', value: '4096 87380 6291456' }, { name: 'net.ipv4.tcp_notsent_lowat', value: '16384' }] } }),
    input: at('v1.36'),
    findings: [{ rule: 'sysctls', path: 'spec.securityContext.sysctls[1].name', message: 'spec.securityContext.sysctls[1].name is "net.ipv4.tcp_notsent_lowat", not one of the sysctls the standard deems safe at v1.36; remove it' }],
  },
  {
    name: 'sysctls: not a list',
    reason: 'refused as malformed',
    spec: restrictedSpec({ securityContext: { ...RESTRICTED_POD_CONTEXT, sysctls: { 'kernel.msgmax': '65536' } } }),
    findings: [{ rule: 'sysctls', path: 'spec.securityContext.sysctls', message: 'spec.securityContext.sysctls must be a list, got an object' }],
  },
  // Volume types
  {
    name: 'volume-types: NFS, and a source this function does not know',
    reason: 'only the allowed types pass; an unknown source is refused, never passed',
    spec: restrictedSpec({
      volumes: [
        { name: 'share', nfs: { server: 'nfs.example.com', path: '/exports' } },
        { name: 'fancy', futureSource: {} },
        { name: 'img', image: { reference: 'registry.example.com/data:1' } },
        { name: 'tmp' },
      ],
    }),
    findings: [
      {
        rule: 'volume-types',
        path: 'spec.volumes[0].nfs',
        message: 'volume "share": spec.volumes[0] is of type nfs; at restricted only configMap, csi, downwardAPI, emptyDir, ephemeral, image, persistentVolumeClaim, projected, secret volumes are allowed: use a persistentVolumeClaim for other storage',
      },
      {
        rule: 'volume-types',
        path: 'spec.volumes[1].futureSource',
        message: 'volume "fancy": spec.volumes[1] is of type futureSource; at restricted only configMap, csi, downwardAPI, emptyDir, ephemeral, image, persistentVolumeClaim, projected, secret volumes are allowed: use a persistentVolumeClaim for other storage',
      },
    ],
  },
  {
    name: 'volume-types: NFS at baseline',
    reason: 'volume types are a restricted control',
    spec: restrictedSpec({ volumes: [{ name: 'share', nfs: { server: 'nfs.example.com', path: '/exports' } }] }),
    input: baseline,
  },
  {
    name: 'volume-types: hostPath at restricted',
    reason: 'hostPath is k8s-pss-host-path\'s at both levels: one finding per volume',
    spec: restrictedSpec({ volumes: [{ name: 'logs', hostPath: { path: '/var/log' } }] }),
    findings: [{ rule: 'host-path', path: 'spec.volumes[0].hostPath', message: 'volume "logs": spec.volumes[0].hostPath mounts "/var/log" of the node into the pod; use a persistentVolumeClaim, emptyDir, configMap or secret instead' }],
  },
  // Privilege escalation
  {
    name: 'privilege-escalation: absent in every container list',
    reason: 'false is injected into each container, init and ephemeral ones included',
    spec: restrictedSpec({
      containers: [container('app', { securityContext: { capabilities: { drop: ['ALL'] } } })],
      initContainers: [container('init', { securityContext: { capabilities: { drop: ['ALL'] } } })],
      ephemeralContainers: [container('debug', { securityContext: { capabilities: { drop: ['ALL'] } } })],
    }),
    changes: [
      { rule: 'privilege-escalation', path: 'spec.containers[0].securityContext.allowPrivilegeEscalation', value: false },
      { rule: 'privilege-escalation', path: 'spec.initContainers[0].securityContext.allowPrivilegeEscalation', value: false },
      { rule: 'privilege-escalation', path: 'spec.ephemeralContainers[0].securityContext.allowPrivilegeEscalation', value: false },
    ],
    fixed: restrictedSpec({ initContainers: [restrictedContainer('init')], ephemeralContainers: [restrictedContainer('debug')] }),
  },
  {
    name: 'privilege-escalation: true',
    reason: 'an explicit unsafe value is refused, never overridden',
    spec: restrictedSpec({ containers: [restrictedContainer('app', { allowPrivilegeEscalation: true })] }),
    findings: [{ rule: 'privilege-escalation', path: 'spec.containers[0].securityContext.allowPrivilegeEscalation', message: `container "app": spec.containers[0].securityContext.allowPrivilegeEscalation is true; ${PE}` }],
  },
  {
    name: 'privilege-escalation: absent on a privileged container',
    reason: 'the API server refuses false beside privileged: refused, not injected into an invalid pod',
    spec: restrictedSpec({ containers: [container('app', { securityContext: { privileged: true, capabilities: { drop: ['ALL'] } } })] }),
    findings: [
      {
        rule: 'privileged',
        path: 'spec.containers[0].securityContext.privileged',
        message: 'container "app": spec.containers[0].securityContext.privileged is true; a privileged container has every capability and device of the node; remove it or set it to false',
      },
      {
        rule: 'privilege-escalation',
        path: 'spec.containers[0].securityContext.allowPrivilegeEscalation',
        message: 'container "app": spec.containers[0].securityContext.allowPrivilegeEscalation is not set; it cannot be set to false on a privileged container; make the container unprivileged and set it to false',
      },
    ],
  },
  {
    name: 'privilege-escalation: a Windows pod',
    reason: 'exempt from v1.25: nothing injected',
    spec: { ...WINDOWS, securityContext: { runAsNonRoot: true }, containers: [container()] },
  },
  // runAsNonRoot
  {
    name: 'run-as-non-root: set nowhere',
    reason: 'true is injected on the pod, and the change says what the image must do',
    spec: restrictedSpec({ securityContext: { seccompProfile: { type: 'RuntimeDefault' } }, initContainers: [restrictedContainer('init', { runAsNonRoot: true })] }),
    changes: [{ rule: 'run-as-non-root', path: 'spec.securityContext.runAsNonRoot', value: true, note: NON_ROOT }],
    fixed: restrictedSpec({ securityContext: { seccompProfile: { type: 'RuntimeDefault' }, runAsNonRoot: true }, initContainers: [restrictedContainer('init', { runAsNonRoot: true })] }),
  },
  {
    name: 'run-as-non-root: false on the pod and on a container',
    reason: 'explicit unsafe values are refused; nothing is injected over them',
    spec: restrictedSpec({ securityContext: { seccompProfile: { type: 'RuntimeDefault' }, runAsNonRoot: false }, containers: [restrictedContainer('app', { runAsNonRoot: false })] }),
    findings: [
      { rule: 'run-as-non-root', path: 'spec.securityContext.runAsNonRoot', message: 'spec.securityContext.runAsNonRoot is false; the process could run as root: set it to true, and run the image as a non-root user' },
      {
        rule: 'run-as-non-root',
        path: 'spec.containers[0].securityContext.runAsNonRoot',
        message: 'container "app": spec.containers[0].securityContext.runAsNonRoot is false; the process could run as root: set it to true, and run the image as a non-root user',
      },
    ],
  },
  {
    name: 'run-as-non-root: every container sets it',
    reason: 'then the pod needs nothing',
    spec: restrictedSpec({ securityContext: { seccompProfile: { type: 'RuntimeDefault' } }, containers: [restrictedContainer('app', { runAsNonRoot: true })] }),
  },
  {
    name: 'run-as-non-root: a Windows pod',
    reason: 'runAsNonRoot applies to Windows pods too; the note names the Windows administrator',
    spec: { ...WINDOWS, containers: [container()] },
    changes: [{ rule: 'run-as-non-root', path: 'spec.securityContext.runAsNonRoot', value: true, note: nonRootNote(true) }],
    fixed: { ...WINDOWS, containers: [container()], securityContext: { runAsNonRoot: true } },
  },
  {
    name: 'run-as-non-root: a pod in a user namespace',
    reason: 'from v1.35 its root is not the node\'s: exempt',
    spec: restrictedSpec({ hostUsers: false, securityContext: { seccompProfile: { type: 'RuntimeDefault' } } }),
  },
  {
    name: 'run-as-non-root: a string where a boolean belongs',
    reason: 'refused as malformed, never read as true',
    spec: restrictedSpec({ securityContext: { seccompProfile: { type: 'RuntimeDefault' }, runAsNonRoot: 'true' } }),
    findings: [{ rule: 'run-as-non-root', path: 'spec.securityContext.runAsNonRoot', message: 'spec.securityContext.runAsNonRoot must be a boolean, got the string "true"' }],
  },
  // runAsUser
  {
    name: 'run-as-user: 0 on the pod and on an init container',
    reason: 'root is refused wherever it is set',
    spec: restrictedSpec({ securityContext: { ...RESTRICTED_POD_CONTEXT, runAsUser: 0 }, initContainers: [restrictedContainer('init', { runAsUser: 0 })], containers: [restrictedContainer('app', { runAsUser: 1000 })] }),
    findings: [
      { rule: 'run-as-user', path: 'spec.securityContext.runAsUser', message: 'spec.securityContext.runAsUser is 0; the process would run as root; run it as a non-zero user ID, or remove it and let the image choose a non-root user' },
      {
        rule: 'run-as-user',
        path: 'spec.initContainers[0].securityContext.runAsUser',
        message: 'init container "init": spec.initContainers[0].securityContext.runAsUser is 0; the process would run as root; run it as a non-zero user ID, or remove it and let the image choose a non-root user',
      },
    ],
  },
  {
    name: 'run-as-user: 0 pinned to v1.22',
    reason: 'runAsUser starts at v1.23',
    spec: restrictedSpec({ containers: [restrictedContainer('app', { runAsUser: 0 })] }),
    input: at('v1.22'),
  },
  {
    name: 'run-as-user: 0 in a user namespace',
    reason: 'from v1.35 a pod in a user namespace is exempt',
    spec: restrictedSpec({ hostUsers: false, containers: [restrictedContainer('app', { runAsUser: 0 })] }),
  },
  {
    name: 'run-as-user: a string where an integer belongs',
    reason: 'refused as malformed',
    spec: restrictedSpec({ containers: [restrictedContainer('app', { runAsUser: '0' })] }),
    findings: [{ rule: 'run-as-user', path: 'spec.containers[0].securityContext.runAsUser', message: 'container "app": spec.containers[0].securityContext.runAsUser must be an integer, got the string "0"' }],
  },
  // Levels and actions
  {
    name: 'level privileged: nothing is judged',
    reason: 'privileged turns every Pod Security Standards rule off',
    spec: { hostNetwork: true, containers: [container('app', { securityContext: { privileged: true } })] },
    input: { podSecurity: { level: 'privileged' } },
  },
  {
    name: 'level baseline: a pod that meets baseline only',
    reason: 'no restricted control runs: nothing injected',
    spec: { containers: [container()], volumes: [{ name: 'share', nfs: { server: 'nfs', path: '/' } }] },
    input: baseline,
  },
  {
    name: 'an action of Deny: absent values are refused, each saying what to set',
    reason: 'rules.<id>.action works as for every rule',
    spec: restrictedSpec({ containers: [container('app', { securityContext: { capabilities: { drop: ['ALL'] } } })] }),
    input: { rules: { 'k8s-pss-privilege-escalation': { action: 'Deny' } } },
    findings: [{ rule: 'privilege-escalation', path: 'spec.containers[0].securityContext.allowPrivilegeEscalation', message: `container "app": spec.containers[0].securityContext.allowPrivilegeEscalation is not set; ${PE}`, fix: false }],
  },
  {
    name: 'an action of Warn: an explicit unsafe value is reported, not refused',
    reason: 'rules.<id>.action works as for every rule',
    spec: restrictedSpec({ hostPID: true }),
    input: { rules: { 'k8s-pss-host-namespaces': { action: 'Warn' } } },
    findings: [{ rule: 'host-namespaces', action: 'Warn', path: 'spec.hostPID', message: "spec.hostPID is true; the pod would share the node's process ID namespace; remove it or set it to false" }],
  },
  {
    name: 'an action of RequireApproval: held for a person',
    reason: 'rules.<id>.action works as for every rule',
    spec: restrictedSpec({ containers: [restrictedContainer('app', { privileged: true })] }),
    input: { rules: { 'k8s-pss-privileged': { action: 'RequireApproval' } } },
    findings: [
      {
        rule: 'privileged',
        action: 'RequireApproval',
        path: 'spec.containers[0].securityContext.privileged',
        message: 'container "app": spec.containers[0].securityContext.privileged is true; a privileged container has every capability and device of the node; remove it or set it to false',
      },
    ],
  },
  {
    name: 'Audit mode: what would be injected is listed, nothing changes',
    reason: 'Audit mode works as for every rule',
    spec: restrictedSpec({ securityContext: { seccompProfile: { type: 'RuntimeDefault' } } }),
    input: { mode: 'Audit' },
    changes: [{ rule: 'run-as-non-root', path: 'spec.securityContext.runAsNonRoot', value: true, note: NON_ROOT }],
  },
];

describe('Pod Security Standards rules', () => {
  const runs = cases.flatMap((c) => SHAPES.map((shape) => ({ ...c, label: `${c.name}, as ${shape.name}`, shape })));
  it.each(runs)('$label', ({ shape, ...c }) => run(c, shape));

  it('every rule has cases here', () => {
    const covered = new Set(cases.flatMap((c) => [...(c.findings ?? []), ...(c.changes ?? [])].map((f) => id(f.rule))));
    expect(PSS_RULES.map((r) => r.id).filter((r) => !covered.has(r))).toEqual([]);
  });
});

describe('Pod Security Standards rules, as every rule', () => {
  it('an exception turns a refusal into a warning on what it matches', () => {
    const exceptions = [{ rules: ['k8s-pss-host-namespaces'], expires: '2030-01-01', justification: 'ticket SEC-7: the node agent needs the host network' }];
    const d = evaluate(engineRequest({ [RES]: pod(restrictedSpec({ hostNetwork: true })) }, { input: input({ exceptions }), now: Date.parse('2029-01-01') }), PSS_RULES);
    expect(d.findings).toEqual([
      { resource: RES, rule: 'k8s-pss-host-namespaces', action: 'Warn', path: 'spec.hostNetwork', message: "spec.hostNetwork is true; the pod would share the node's network namespace; remove it or set it to false", waivedBy: 0 },
    ]);
  });

  it('a pod whose containers are not a list is refused once, by the engine, with the strongest action of the rules kept from judging it', () => {
    const d = evaluate(engineRequest({ [RES]: workload('Deployment', { containers: { name: 'app' } }) }), PSS_RULES);
    expect(d.findings).toEqual([
      { resource: RES, rule: UNREADABLE_RULE, action: 'Deny', path: 'spec.template.spec.containers', message: 'spec.template.spec.containers is an object, not a list; what the pod runs cannot be checked' },
    ]);
  });

  it('every rule names its level, and acts only where podSecurity.level includes it', () => {
    const levels = Object.fromEntries(PSS_RULES.map((r) => [r.id, r.podSecurity?.level]));
    expect(levels).toEqual({
      'k8s-pss-host-process': 'baseline',
      'k8s-pss-host-namespaces': 'baseline',
      'k8s-pss-privileged': 'baseline',
      'k8s-pss-capabilities': 'baseline',
      'k8s-pss-host-path': 'baseline',
      'k8s-pss-host-ports': 'baseline',
      'k8s-pss-host-probes': 'baseline',
      'k8s-pss-apparmor': 'baseline',
      'k8s-pss-selinux': 'baseline',
      'k8s-pss-proc-mount': 'baseline',
      'k8s-pss-seccomp': 'baseline',
      'k8s-pss-sysctls': 'baseline',
      'k8s-pss-volume-types': 'restricted',
      'k8s-pss-privilege-escalation': 'restricted',
      'k8s-pss-run-as-non-root': 'restricted',
      'k8s-pss-run-as-user': 'restricted',
    });
    const on = (level: string) => PSS_RULES.filter((r) => r.configured?.({}, input({ podSecurity: { level } })) ?? true).map((r) => r.id);
    expect(on('restricted')).toEqual(PSS_RULES.map((r) => r.id));
    expect(on('baseline')).toEqual(PSS_RULES.filter((r) => r.podSecurity?.level === 'baseline').map((r) => r.id));
    expect(on('privileged')).toEqual([]);
    for (const r of PSS_RULES) expect(r.description).toMatch(new RegExp(`^Pod Security Standards, ${r.podSecurity!.level}`));
  });

  it('the Input refuses a host port list it cannot read, naming each entry', () => {
    const parsed = parseInput({ apiVersion: 'guardrails.fn.crossplane.io/v1beta1', kind: 'Guardrails', rules: { 'k8s-pss-host-ports': { allowed: ['8443', '6000-5000', 'http', '70000'] } } }, PSS_RULES);
    expect(parsed).toEqual({
      ok: false,
      problems: [
        'rules.k8s-pss-host-ports.allowed[1]: the range ends (5000) before it starts (6000)',
        'rules.k8s-pss-host-ports.allowed[2]: must be a port (1-65535) or a range "from-to"',
        'rules.k8s-pss-host-ports.allowed[3]: ports go up to 65535',
      ],
    });
  });
});

describe('Pod Security Standards invariants', () => {
  /** Pods that lack something restricted requires, in every container list and shape. */
  const lacking: KubeObject[] = [
    pod({ containers: [container('a'), container('b', { securityContext: {} })], initContainers: [container('i', { securityContext: { capabilities: {} } })], ephemeralContainers: [container('e')] }),
    workload('Deployment', { containers: [container()], securityContext: {} }),
    workload('CronJob', { containers: [container('a', { securityContext: { runAsNonRoot: true } })], securityContext: { seccompProfile: { type: 'Localhost', localhostProfile: 'p.json' } } }),
    carried(workload('StatefulSet', { containers: [container()] }), 'namespaced'),
    carried(pod({ ...WINDOWS, containers: [container()] })),
  ];

  it.each(lacking.map((obj, i) => ({ i, obj })))('injection only adds: every value of pod $i is kept as it was', ({ obj }) => {
    const d = evaluate(engineRequest({ [RES]: structuredClone(obj) }), PSS_RULES);
    expect(d.findings).toEqual([]);
    expect(d.mutations.length).toBeGreaterThan(0);
    expect(keptEverything(obj, d.desired[RES])).toBe(true);
  });

  it.each(lacking.map((obj, i) => ({ i, obj })))('idempotent: pod $i, once fixed, is left as it is, as desired and as observed', ({ obj }) => {
    const first = evaluate(engineRequest({ [RES]: structuredClone(obj) }), PSS_RULES).desired;
    const again = evaluate(engineRequest(structuredClone(first), { observed: structuredClone(first) }), PSS_RULES);
    expect(again.findings).toEqual([]);
    expect(again.mutations).toEqual([]);
    expect(again.desired).toEqual(first);
  });

  it('the fixed pods meet restricted: each container drops ALL and cannot escalate, the pod runs as non-root under RuntimeDefault', () => {
    const d = evaluate(engineRequest({ [RES]: pod({ containers: [container()], initContainers: [container('init')] }) }), PSS_RULES);
    expect((d.desired[RES] as { spec: unknown }).spec).toEqual({
      containers: [container('app', { securityContext: RESTRICTED_CONTAINER_CONTEXT })],
      initContainers: [container('init', { securityContext: RESTRICTED_CONTAINER_CONTEXT })],
      securityContext: { runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } },
    });
  });

  it('every other composed resource passes through as the very same object', () => {
    const others: Record<string, KubeObject> = {
      config: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'x' }, data: { a: 'b' } },
      svc: { apiVersion: 'v1', kind: 'Service', metadata: { name: 'x' }, spec: { ports: [{ port: 80 }] } },
    };
    const d = evaluate(engineRequest({ ...others }), PSS_RULES);
    expect(d.desired.config).toBe(others.config);
    expect(d.desired.svc).toBe(others.svc);
  });
});

/** Does `after` hold every value of `before` unchanged (fields may only have been added)? */
function keptEverything(before: unknown, after: unknown): boolean {
  if (Array.isArray(before)) return Array.isArray(after) && after.length === before.length && before.every((v, i) => keptEverything(v, after[i]));
  if (before !== null && typeof before === 'object') {
    if (after === null || typeof after !== 'object' || Array.isArray(after)) return false;
    return Object.entries(before).every(([k, v]) => keptEverything(v, (after as Record<string, unknown>)[k]));
  }
  return Object.is(before, after);
}
