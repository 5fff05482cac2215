/**
 * SELinux (k8s.io/pod-security-admission `check_seLinuxOptions.go`): a pod
 * or container may pick only the container SELinux types, and never a
 * custom SELinux user or role.
 */
import { formatFieldPath, isObject } from '../../../lang/fieldpath.js';
import type { Rule } from '../../../engine/rule.js';
import { describe } from '../../params.js';
import { minorOf, prefix, pssRule, setters } from './standard.js';

/** The allowed `seLinuxOptions.type` values, by version: `selinuxAllowedTypes1_0`, then `container_engine_t` from v1.31. */
const TYPES: readonly { since: number; types: readonly string[] }[] = [
  { since: 0, types: ['', 'container_t', 'container_init_t', 'container_kvm_t'] },
  { since: 31, types: ['container_engine_t'] },
];

export const selinux = pssRule({
  id: 'k8s-pss-selinux',
  title: 'Pods and containers use the container SELinux types only',
  severity: 'high',
  level: 'baseline',
  description:
    'Refuses `securityContext.seLinuxOptions` on the pod or on any container whose `type` is not empty, `container_t`, `container_init_t`, `container_kvm_t` or (from v1.31) `container_engine_t`, or that sets a `user` or a `role`: another SELinux label can lift the confinement the runtime applies. Reference check: `seLinuxOptions`.',
  references: { trivy: ['KSV-0025'] },
  check(ctx, spec) {
    const minor = minorOf(ctx.input);
    const allowed = new Set(TYPES.filter((t) => t.since <= minor).flatMap((t) => t.types));
    for (const s of setters(spec)) {
      const options = s.context?.seLinuxOptions;
      if (options === undefined || options === null) continue;
      const base = [...s.at, 'seLinuxOptions'];
      if (!isObject(options)) {
        ctx.unsafe(formatFieldPath(base), `${prefix(s.who)}${formatFieldPath(base)} is ${describe(options)}, not an object; it cannot be checked`);
        continue;
      }
      for (const key of ['type', 'user', 'role'] as const) {
        const value = options[key];
        if (value === undefined || value === null) continue;
        const path = formatFieldPath([...base, key]);
        if (typeof value !== 'string') ctx.unsafe(path, `${prefix(s.who)}${path} must be a string, got ${describe(value)}`);
        else if (key === 'type' && !allowed.has(value)) ctx.unsafe(path, `${prefix(s.who)}${path} is ${JSON.stringify(value)}; use one of the container types (${[...allowed].filter(Boolean).join(', ')}) or leave it empty`);
        else if (key !== 'type' && value !== '') ctx.unsafe(path, `${prefix(s.who)}${path} is ${JSON.stringify(value)}; a custom SELinux ${key} is forbidden: remove it`);
      }
    }
  },
}) satisfies Rule;
