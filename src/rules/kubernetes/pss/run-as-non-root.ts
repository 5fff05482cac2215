/**
 * Running as non-root (k8s.io/pod-security-admission `check_runAsNonRoot.go`):
 * at restricted every container runs with `runAsNonRoot: true`, set on the
 * pod or on the container. The kubelet then refuses to start a container
 * whose image would run as root, so the injection is a promise the image
 * must keep: the note on the change says so.
 */
import { formatFieldPath } from '../../../lang/fieldpath.js';
import type { Rule, RuleContext } from '../../../engine/rule.js';
import { windowsPod } from '../pods.js';
import { inUserNamespace, malformed, minorOf, prefix, pssRule, setters, USER_NAMESPACE_RELAXED_SINCE, type Setter } from './standard.js';

/** What `runAsNonRoot: true` asks of every image of the pod. */
export function nonRootNote(windows: boolean): string {
  return windows
    ? 'each image must run as a user other than ContainerAdministrator (securityContext.windowsOptions.runAsUserName, or the image\'s USER): the kubelet refuses to start a container that would run as the administrator'
    : "each image must run as a non-root user (a non-zero numeric USER in the image, or securityContext.runAsUser): the kubelet refuses to start a container that would run as root";
}

export const runAsNonRoot = pssRule({
  id: 'k8s-pss-run-as-non-root',
  title: 'Containers run as a non-root user',
  severity: 'high',
  level: 'restricted',
  description:
    'Requires `securityContext.runAsNonRoot: true` for every container, set on the pod or on the container: refuses `false` on either, and where the pod does not set it and a container does not set its own, injects `spec.securityContext.runAsNonRoot: true`. The kubelet then refuses to start a container whose image would run as root, so every image must run as a non-root user (a non-zero numeric USER, or `runAsUser`); the change says so. It applies to Windows pods too (a user other than ContainerAdministrator). From v1.35, a pod in a user namespace (`spec.hostUsers: false`) is exempt. Reference check: `runAsNonRoot`.',
  fix: 'injects `runAsNonRoot: true` into the pod\'s securityContext where neither it nor every container sets it.',
  references: { trivy: ['KSV-0012'] },
  check(ctx, spec) {
    if (minorOf(ctx.input) >= USER_NAMESPACE_RELAXED_SINCE && inUserNamespace(spec)) return;
    const [pod, ...containers] = setters(spec).map((s) => ({ s, state: judge(ctx, s) }));
    if (pod!.state !== 'absent') return; // true, or refused
    const uncovered = containers.filter((c) => c.state === 'absent').map((c) => c.s.who!);
    if (uncovered.length === 0) return;
    const path = 'spec.securityContext.runAsNonRoot';
    const note = nonRootNote(windowsPod(spec));
    ctx.missing(['spec', 'securityContext', 'runAsNonRoot'], true, `${path} is not set, nor ${uncovered.length === 1 ? 'does' : 'do'} ${uncovered.join(', ')}; set it to true: ${note}`, { note });
  },
}) satisfies Rule;

function judge(ctx: RuleContext, s: Setter): 'absent' | 'true' | 'refused' {
  const value = s.context?.runAsNonRoot;
  if (value === undefined || value === null) return 'absent';
  const path = formatFieldPath([...s.at, 'runAsNonRoot']);
  if (typeof value !== 'boolean') {
    malformed(ctx, { value, segments: [...s.at, 'runAsNonRoot'], path }, 'boolean', s.who);
    return 'refused';
  }
  if (value) return 'true';
  ctx.unsafe(path, `${prefix(s.who)}${path} is false; the process could run as root: set it to true, and run the image as a non-root user`);
  return 'refused';
}
