/**
 * Seccomp (k8s.io/pod-security-admission `check_seccompProfile_baseline.go`
 * and `check_seccompProfile_restricted.go`). Baseline: a seccomp profile, if
 * set, is the runtime's default or one on the node, never `Unconfined`.
 * Restricted (from v1.19): every container runs under one, set on the pod or
 * on the container itself; from v1.25 a Windows pod is exempt.
 */
import { formatFieldPath, isObject } from '../../../lang/fieldpath.js';
import type { Rule, RuleContext } from '../../../engine/rule.js';
import { describe } from '../../params.js';
import { windowsPod } from '../pods.js';
import { annotationsWhere, minorOf, prefix, pssRule, restrictedFrom, setters, WINDOWS_EXEMPT_SINCE, type Setter } from './standard.js';

/** The profile types the standard allows in `seccompProfile.type`. */
const ALLOWED_TYPES = ['RuntimeDefault', 'Localhost'];

/** The alpha annotations seccomp was set with before v1.19, and the values they allow (`validSeccompAnnotationValue`). */
const POD_ANNOTATION = 'seccomp.security.alpha.kubernetes.io/pod';
const CONTAINER_ANNOTATION_PREFIX = 'container.seccomp.security.alpha.kubernetes.io/';
const allowedAnnotation = (v: string) => v === 'runtime/default' || v === 'docker/default' || v.startsWith('localhost/');

const RESTRICTED_SINCE = 19;

export const seccomp = pssRule({
  id: 'k8s-pss-seccomp',
  title: 'Containers run under a seccomp profile',
  severity: 'high',
  level: 'baseline',
  restricted: 'from v1.19, every container runs under RuntimeDefault or Localhost, set on the pod (injected where needed) or on the container',
  description:
    'Refuses a `securityContext.seccompProfile` on the pod or on any container whose `type` is not `RuntimeDefault` or `Localhost` (`Unconfined` turns the syscall filter off), and the alpha annotations `seccomp.security.alpha.kubernetes.io/pod` and `container.seccomp.security.alpha.kubernetes.io/*` with a value other than `runtime/default`, `docker/default` or `localhost/*`. The reference implementation reads those annotations only before v1.19; they are refused at every version here, since a cluster may still honour them. At restricted, from v1.19, every container must run under an allowed profile: where the pod sets none and a container does not set its own, `spec.securityContext.seccompProfile.type: RuntimeDefault` is injected. From v1.25 a Windows pod is exempt at restricted, and never gets it injected. Reference checks: `seccompProfile_baseline`, `seccompProfile_restricted`.',
  fix: 'at restricted, injects `seccompProfile: {type: RuntimeDefault}` into the pod\'s securityContext where neither it nor every container sets one.',
  references: { trivy: ['KSV-0030'] },
  check(ctx, spec) {
    for (const a of annotationsWhere(ctx, (key) => key === POD_ANNOTATION || key.startsWith(CONTAINER_ANNOTATION_PREFIX))) {
      if (!allowedAnnotation(a.value)) ctx.unsafe(a.path, `${a.path} is ${JSON.stringify(a.value)}; seccomp must stay on: use "runtime/default" or "localhost/<profile>", or better, securityContext.seccompProfile`);
    }
    const [pod, ...containers] = setters(spec).map((s) => ({ s, state: judge(ctx, s) }));
    const windows = windowsPod(spec);
    if (!restrictedFrom(ctx.input, RESTRICTED_SINCE) || (windows && minorOf(ctx.input) >= WINDOWS_EXEMPT_SINCE)) return;
    if (pod!.state !== 'absent') return; // allowed, or refused above
    const uncovered = containers.filter((c) => c.state === 'absent').map((c) => c.s.who!);
    if (uncovered.length === 0) return;
    const path = 'spec.securityContext.seccompProfile';
    const who = `nor ${uncovered.length === 1 ? 'does' : 'do'} ${uncovered.join(', ')}`;
    if (windows) {
      ctx.unsafe(path, `${path} is not set, ${who}; a Windows pod cannot set it, and version v1.${minorOf(ctx.input)} of the standard does not exempt Windows pods (v1.${WINDOWS_EXEMPT_SINCE} does)`);
      return;
    }
    ctx.missing(['spec', 'securityContext', 'seccompProfile'], { type: 'RuntimeDefault' }, `${path} is not set, ${who}; set its type to RuntimeDefault (or Localhost), so every container runs under a seccomp filter`);
  },
}) satisfies Rule;

/** A security context's seccomp profile: absent, allowed, or refused here (a type outside the allowed ones, or malformed). */
function judge(ctx: RuleContext, s: Setter): 'absent' | 'allowed' | 'refused' {
  const profile = s.context?.seccompProfile;
  if (profile === undefined || profile === null) return 'absent';
  const path = formatFieldPath([...s.at, 'seccompProfile']);
  if (!isObject(profile)) {
    ctx.unsafe(path, `${prefix(s.who)}${path} is ${describe(profile)}, not an object; it cannot be checked`);
    return 'refused';
  }
  const type = profile.type;
  if (typeof type === 'string' && ALLOWED_TYPES.includes(type)) return 'allowed';
  const shown = type === undefined || type === null ? 'not set' : typeof type === 'string' ? JSON.stringify(type) : describe(type);
  ctx.unsafe(`${path}.type`, `${prefix(s.who)}${path}.type is ${shown}; use "RuntimeDefault" or "Localhost": ${type === 'Unconfined' ? 'Unconfined turns the syscall filter off' : 'no other profile is allowed'}`);
  return 'refused';
}
