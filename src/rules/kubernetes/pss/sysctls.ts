/**
 * Sysctls (k8s.io/pod-security-admission `check_sysctls.go`): a pod sets
 * only the sysctls the standard deems safe, namespaced to the pod and
 * isolated from other pods on the node. The safe set grew by version.
 */
import { formatFieldPath, isObject } from '../../../lang/fieldpath.js';
import type { Rule } from '../../../engine/rule.js';
import { describe } from '../../params.js';
import { minorOf, podContext, pssRule } from './standard.js';

/**
 * The safe sysctls, by the version that made them safe: `sysctlsAllowedV1Dot0`,
 * `V1Dot27`, `V1Dot29`, `V1Dot32` and `V1Dot37` of the reference
 * implementation (the v1.37 pair is in its v1.37 fixture
 * `baseline/v1.37/pass/sysctls1.yaml`).
 */
const SAFE_SYSCTLS: readonly { since: number; names: readonly string[] }[] = [
  { since: 0, names: ['kernel.shm_rmid_forced', 'net.ipv4.ip_local_port_range', 'net.ipv4.tcp_syncookies', 'net.ipv4.ping_group_range', 'net.ipv4.ip_unprivileged_port_start'] },
  { since: 27, names: ['net.ipv4.ip_local_reserved_ports'] },
  { since: 29, names: ['net.ipv4.tcp_keepalive_time', 'net.ipv4.tcp_fin_timeout', 'net.ipv4.tcp_keepalive_intvl', 'net.ipv4.tcp_keepalive_probes'] },
  { since: 32, names: ['net.ipv4.tcp_rmem', 'net.ipv4.tcp_wmem'] },
  { since: 37, names: ['net.ipv4.tcp_slow_start_after_idle', 'net.ipv4.tcp_notsent_lowat'] },
];

/** The safe sysctls at minor version `minor` of the standard. */
export function safeSysctls(minor: number): ReadonlySet<string> {
  return new Set(SAFE_SYSCTLS.filter((s) => s.since <= minor).flatMap((s) => s.names));
}

const versions = SAFE_SYSCTLS.map((s) => (s.since === 0 ? s.names.map((n) => `\`${n}\``).join(', ') : `from v1.${s.since} ${s.names.map((n) => `\`${n}\``).join(', ')}`)).join('; ');

export const sysctls = pssRule({
  id: 'k8s-pss-sysctls',
  title: 'Pods set only safe sysctls',
  severity: 'high',
  level: 'baseline',
  description: `Refuses a sysctl in \`spec.securityContext.sysctls\` outside the safe set of the version asked for: ${versions}. Any other sysctl can turn off a protection or reach every pod of the node. Names are compared exactly, as the reference implementation does. Reference check: \`sysctls\`.`,
  references: { trivy: ['KSV-0026'] },
  check(ctx, spec) {
    const list = podContext(spec)?.sysctls;
    if (list === undefined || list === null) return;
    const base = ['spec', 'securityContext', 'sysctls'];
    if (!Array.isArray(list)) {
      ctx.unsafe(formatFieldPath(base), `${formatFieldPath(base)} must be a list, got ${describe(list)}`);
      return;
    }
    const minor = minorOf(ctx.input);
    const safe = safeSysctls(minor);
    list.forEach((sysctl: unknown, i) => {
      const path = formatFieldPath([...base, i, 'name']);
      const name = isObject(sysctl) ? sysctl.name : undefined;
      if (typeof name !== 'string') ctx.unsafe(path, `${path} must be a string, got ${describe(isObject(sysctl) ? name : sysctl)}`);
      else if (!safe.has(name)) ctx.unsafe(path, `${path} is ${JSON.stringify(name)}, not one of the sysctls the standard deems safe${Number.isFinite(minor) ? ` at v1.${minor}` : ''}; remove it`);
    });
  },
}) satisfies Rule;
