/**
 * The Pod Security Standards, attacked over gRPC: an agent composes a
 * privileged workload, wrapped or not, tries to hide it behind fields the
 * API server drops, or leaves out what restricted requires; the platform
 * lowers the level. What Crossplane would apply is checked, not only the
 * findings.
 */
import { describe, expect, it } from 'vitest';
import { container, pod, restrictedSpec, workload, WORKLOAD_KINDS, templatePath, type WorkloadKind } from '../builders/pods.js';
import { REFUSED, applied, condition, input, lines, request, resourceOf, severities, wrapped } from './attacks.js';
import { serveDuringSuite, type JsonObject } from './harness.js';

const server = serveDuringSuite();

const PRIVILEGED = (resource: string, at: string) =>
  `[k8s-pss-privileged] ${resource}: container "app": spec.containers[0].securityContext.privileged is true; a privileged container has every capability and device of the node; remove it or set it to false${at === '' ? '' : ` (${at}spec.containers[0].securityContext.privileged)`}`;
const NOT_ESCALATABLE = (resource: string, at: string) =>
  `[k8s-pss-privilege-escalation] ${resource}: container "app": spec.containers[0].securityContext.allowPrivilegeEscalation is not set; it cannot be set to false on a privileged container; make the container unprivileged and set it to false${at === '' ? '' : ` (${at}spec.containers[0].securityContext.allowPrivilegeEscalation)`}`;

const privileged = () => ({ containers: [container('app', { securityContext: { privileged: true, capabilities: { drop: ['ALL'] } } })], securityContext: { runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } } });

/** Where the pod is in a workload, as a path prefix. */
const prefix = (kind: WorkloadKind) => `${templatePath(kind).join('.')}.`;

describe('a privileged pod, in every workload kind, bare and wrapped', () => {
  const shapes = WORKLOAD_KINDS.flatMap((kind) => [
    { name: `a ${kind}`, resource: () => workload(kind, privileged()) as JsonObject, at: prefix(kind) },
    { name: `a ${kind} in a namespaced Object`, resource: () => wrapped(workload(kind, privileged()) as JsonObject, 'namespaced'), at: `spec.forProvider.manifest.${prefix(kind)}` },
  ]);
  it.each([{ name: 'a bare Pod', resource: () => pod(privileged()) as JsonObject, at: '' }, { name: 'a Pod in an Object', resource: () => wrapped(pod(privileged()) as JsonObject), at: 'spec.forProvider.manifest.' }, ...shapes])(
    'an agent composes $name running a privileged container: refused, nothing applied',
    async ({ resource, at }) => {
      const rsp = await server.rpc.runJson(request({ web: resource() }));
      expect(severities(rsp)).toEqual(['SEVERITY_WARNING', 'SEVERITY_FATAL']);
      expect(lines(rsp)).toEqual([PRIVILEGED('web', at), NOT_ESCALATABLE('web', at), REFUSED(2)]);
      expect(applied(rsp)).toEqual([]);
    },
  );

  it('an agent marks the Deployment and its pod template observe-only, fields the API server drops: still refused', async () => {
    const deployment = workload('Deployment', { ...privileged(), managementPolicies: ['Observe'] }) as JsonObject;
    (deployment.spec as JsonObject).managementPolicies = ['Observe'];
    const rsp = await server.rpc.runJson(request({ web: wrapped(deployment) }));
    expect(lines(rsp)).toEqual([PRIVILEGED('web', 'spec.forProvider.manifest.spec.template.'), NOT_ESCALATABLE('web', 'spec.forProvider.manifest.spec.template.'), REFUSED(2)]);
    expect(applied(rsp)).toEqual([]);
  });
});

describe('a workload that leaves out what restricted requires', () => {
  it('gets it injected into the manifest, and the condition says what the image must do', async () => {
    const rsp = await server.rpc.runJson(request({ web: wrapped(workload('Deployment', { containers: [container('app')] }) as JsonObject, 'namespaced') }));
    expect(severities(rsp)).toEqual(['SEVERITY_NORMAL']);
    expect(condition(rsp)).toMatchObject({ status: 'STATUS_CONDITION_TRUE', reason: 'Remediated' });
    const at = 'spec.forProvider.manifest.spec.template.spec';
    expect(lines(rsp)).toEqual([
      `[k8s-pss-capabilities] web: set ${at}.containers[0].securityContext.capabilities.drop to ["ALL"]`,
      `[k8s-pss-seccomp] web: set ${at}.securityContext.seccompProfile to {"type":"RuntimeDefault"}`,
      `[k8s-pss-privilege-escalation] web: set ${at}.containers[0].securityContext.allowPrivilegeEscalation to false`,
      `[k8s-pss-run-as-non-root] web: set ${at}.securityContext.runAsNonRoot to true; each image must run as a non-root user (a non-zero numeric USER in the image, or securityContext.runAsUser): the kubelet refuses to start a container that would run as root`,
    ]);
    const manifest = ((resourceOf(rsp, 'web')?.spec as JsonObject).forProvider as JsonObject).manifest as JsonObject;
    expect(((manifest.spec as JsonObject).template as JsonObject).spec).toEqual(restrictedSpec());
  });

  it('a drop list without ALL is the author\'s: refused, never rewritten', async () => {
    const rsp = await server.rpc.runJson(request({ web: workload('CronJob', restrictedSpec({ containers: [container('app', { securityContext: { allowPrivilegeEscalation: false, capabilities: { drop: ['NET_RAW'] } } })] })) as JsonObject }));
    expect(lines(rsp)).toEqual([
      '[k8s-pss-capabilities] web: container "app": spec.containers[0].securityContext.capabilities.drop drops NET_RAW but not ALL; at restricted every container drops ALL: add "ALL" to the list (spec.jobTemplate.spec.template.spec.containers[0].securityContext.capabilities.drop)',
      REFUSED(1),
    ]);
    expect(applied(rsp)).toEqual([]);
  });
});

describe('the level the platform chose', () => {
  it('baseline: the same bare pod passes as it is', async () => {
    const bare = workload('Deployment', { containers: [container('app')] }) as JsonObject;
    const rsp = await server.rpc.runJson(request({ web: bare }, { input: input({}, { podSecurity: { level: 'baseline' } }) }));
    expect(severities(rsp)).toEqual([]);
    expect(resourceOf(rsp, 'web')).toEqual(bare);
  });

  it('privileged: nothing is judged, a privileged pod included', async () => {
    const rsp = await server.rpc.runJson(request({ web: pod(privileged()) as JsonObject }, { input: input({}, { podSecurity: { level: 'privileged' } }) }));
    expect(severities(rsp)).toEqual([]);
    expect(applied(rsp)).toHaveLength(1);
  });
});
