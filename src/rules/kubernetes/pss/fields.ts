/**
 * The Pod Security Standards controls that are one field's value, on the pod
 * or on every container (regular, init and ephemeral alike): a table, read by
 * one guard. Each row names the field, its type, the values the standard
 * allows (k8s.io/pod-security-admission `policy/check_<check>.go`), and what
 * is injected where it is absent, if anything. Trivy IDs from
 * aquasecurity/defsec `avd_docs/rules/kubernetes/pss`.
 */
import { formatFieldPath, type Segment } from '../../../lang/fieldpath.js';
import type { PodSecurityLevel, Rule, RuleContext } from '../../../engine/rule.js';
import type { Severity } from '../../../engine/types.js';
import type { Guardrails } from '../../../input/schema.js';
import { describe } from '../../params.js';
import { windowsPod, type ContainerAt } from '../pods.js';
import {
  containersOf,
  fieldAt,
  inUserNamespace,
  malformed,
  minorOf,
  prefix,
  pssRule,
  reachable,
  typed,
  USER_NAMESPACE_RELAXED_SINCE,
  WINDOWS_EXEMPT_SINCE,
  type FieldType,
} from './standard.js';

interface FieldControl {
  id: string;
  title: string;
  severity: Severity;
  level: PodSecurityLevel;
  /** The reference implementation's check, and the version it starts at. */
  check: string;
  since?: number;
  description: string;
  restricted?: string;
  fix?: string;
  trivy?: readonly string[];
  /** Fields of the pod, each a path under `spec`. */
  pod?: readonly (readonly string[])[];
  /** The field of every container, a path under the container. */
  container?: readonly string[];
  type: FieldType;
  /** Is an explicit value allowed? */
  allowed(value: unknown): boolean;
  /** After a value that is not: why it is unsafe and what to do, by the field's last name. */
  advice(field: string): string;
  /**
   * What is injected in each container where the field is absent, and what
   * the finding says then; without it, absence is allowed. `blocked` says
   * why it cannot be injected into this container, if it cannot.
   */
  inject?: { value: unknown; missing: string; blocked?(c: ContainerAt, spec: Record<string, unknown>, input: Guardrails): string | undefined };
  /** The pod the standard exempts from this control, if any. */
  exempt?(spec: Record<string, unknown>, input: Guardrails): boolean;
}

const notTrue = (v: unknown) => v !== true;
const relaxedInUserNamespace = (spec: Record<string, unknown>, input: Guardrails) => minorOf(input) >= USER_NAMESPACE_RELAXED_SINCE && inUserNamespace(spec);

const HOST_NAMESPACE: Record<string, string> = { hostNetwork: 'network', hostPID: 'process ID', hostIPC: 'IPC' };

const FIELD_CONTROLS: readonly FieldControl[] = [
  {
    id: 'k8s-pss-host-process',
    title: 'Pods do not run Windows HostProcess containers',
    severity: 'critical',
    level: 'baseline',
    check: 'windowsHostProcess',
    description:
      'Refuses `securityContext.windowsOptions.hostProcess: true` on the pod or on any container: a Windows HostProcess container runs as a process on the node, with the node\'s privileges.',
    pod: [['securityContext', 'windowsOptions', 'hostProcess']],
    container: ['securityContext', 'windowsOptions', 'hostProcess'],
    type: 'boolean',
    allowed: notTrue,
    advice: () => 'a HostProcess container runs on the Windows node itself, with its privileges; remove it or set it to false',
  },
  {
    id: 'k8s-pss-host-namespaces',
    title: "Pods do not share the node's namespaces",
    severity: 'critical',
    level: 'baseline',
    check: 'hostNamespaces',
    description: "Refuses `spec.hostNetwork`, `spec.hostPID` or `spec.hostIPC` set to true: the pod would share the node's network, process or IPC namespace, and see and reach what the node's own processes do.",
    trivy: ['KSV-0008', 'KSV-0009', 'KSV-0010'],
    pod: [['hostNetwork'], ['hostPID'], ['hostIPC']],
    type: 'boolean',
    allowed: notTrue,
    advice: (field) => `the pod would share the node's ${HOST_NAMESPACE[field] ?? field} namespace; remove it or set it to false`,
  },
  {
    id: 'k8s-pss-privileged',
    title: 'Containers are not privileged',
    severity: 'critical',
    level: 'baseline',
    check: 'privileged',
    description: 'Refuses `securityContext.privileged: true` on any container, init and ephemeral containers included: a privileged container has every capability and device of the node, and can take it over.',
    trivy: ['KSV-0017'],
    container: ['securityContext', 'privileged'],
    type: 'boolean',
    allowed: notTrue,
    advice: () => 'a privileged container has every capability and device of the node; remove it or set it to false',
  },
  {
    id: 'k8s-pss-proc-mount',
    title: 'Containers keep the default /proc masks',
    severity: 'high',
    level: 'baseline',
    check: 'procMount (procMount_restricted at restricted)',
    description:
      'Refuses a `securityContext.procMount` other than `Default` on any container: `Unmasked` exposes the parts of /proc the runtime hides (the node\'s kernel settings and more). From v1.35, baseline allows any value in a pod in a user namespace (`spec.hostUsers: false`).',
    restricted: 'no exemption for a pod in a user namespace',
    trivy: ['KSV-0027'],
    container: ['securityContext', 'procMount'],
    type: 'string',
    allowed: (v) => v === 'Default',
    advice: () => 'it unmasks parts of /proc that expose the node; remove it or set it to "Default"',
    exempt: (spec, input) => input.podSecurity.level === 'baseline' && relaxedInUserNamespace(spec, input),
  },
  {
    id: 'k8s-pss-privilege-escalation',
    title: 'Containers cannot gain more privileges than their parent process',
    severity: 'high',
    level: 'restricted',
    check: 'allowPrivilegeEscalation',
    since: 8,
    description:
      'Requires `securityContext.allowPrivilegeEscalation: false` on every container, init and ephemeral containers included: injects it where absent and refuses `true`. A privileged container, or one that adds SYS_ADMIN, cannot take it (the API server refuses the pair): it is refused instead. A Windows pod (`spec.os.name: windows`) is exempt from v1.25, and never gets it injected.',
    fix: 'injects `allowPrivilegeEscalation: false` into each container\'s securityContext where absent.',
    trivy: ['KSV-0001'],
    container: ['securityContext', 'allowPrivilegeEscalation'],
    type: 'boolean',
    allowed: (v) => v === false,
    advice: () => 'a process could gain more privileges than its parent (setuid binaries, file capabilities); set it to false',
    inject: {
      value: false,
      missing: 'a process could gain more privileges than its parent (setuid binaries, file capabilities); set it to false',
      blocked(c, spec, input) {
        if (windowsPod(spec)) return `a Windows pod cannot set it, and version v1.${minorOf(input)} of the standard does not exempt Windows pods (v1.${WINDOWS_EXEMPT_SINCE} does)`;
        const context = c.container.securityContext as Record<string, unknown> | undefined;
        if (context?.privileged === true) return 'it cannot be set to false on a privileged container; make the container unprivileged and set it to false';
        const caps = context?.capabilities as Record<string, unknown> | undefined;
        const add = Array.isArray(caps?.add) ? caps.add : [];
        if (add.includes('SYS_ADMIN') || add.includes('CAP_SYS_ADMIN')) return 'it cannot be set to false on a container that adds SYS_ADMIN; remove SYS_ADMIN and set it to false';
        return undefined;
      },
    },
    exempt: (spec, input) => minorOf(input) >= WINDOWS_EXEMPT_SINCE && windowsPod(spec),
  },
  {
    id: 'k8s-pss-run-as-user',
    title: 'Pods and containers do not run as user 0',
    severity: 'high',
    level: 'restricted',
    check: 'runAsUser',
    since: 23,
    description:
      'Refuses `securityContext.runAsUser: 0` on the pod or on any container: the process would run as root. Unset is allowed (`k8s-pss-run-as-non-root` then keeps root out). From v1.35, a pod in a user namespace (`spec.hostUsers: false`) is exempt: its root is not the node\'s.',
    pod: [['securityContext', 'runAsUser']],
    container: ['securityContext', 'runAsUser'],
    type: 'integer',
    allowed: (v) => v !== 0,
    advice: () => 'the process would run as root; run it as a non-zero user ID, or remove it and let the image choose a non-root user',
    exempt: relaxedInUserNamespace,
  },
];

/** One row of the table as a rule. */
function fieldRule(row: FieldControl): Rule {
  return pssRule({
    id: row.id,
    title: row.title,
    severity: row.severity,
    level: row.level,
    ...(row.restricted !== undefined ? { restricted: row.restricted } : {}),
    ...(row.since !== undefined ? { since: row.since } : {}),
    description: `${row.description} Reference check: \`${row.check}\`.`,
    ...(row.fix !== undefined ? { fix: row.fix } : {}),
    ...(row.trivy !== undefined && row.trivy.length > 0 ? { references: { trivy: row.trivy } } : {}),
    check(ctx, spec) {
      if (row.exempt?.(spec, ctx.input) === true) return;
      for (const path of row.pod ?? []) judge(ctx, row, spec, ['spec'], path);
      if (row.container === undefined) return;
      for (const c of containersOf(spec)) {
        const field = judge(ctx, row, c.container, c.at, row.container, c.label);
        if (field !== 'absent' || row.inject === undefined) continue;
        const path = [...c.at, ...row.container];
        const at = formatFieldPath(path);
        const blocked = row.inject.blocked?.(c, spec, ctx.input);
        if (blocked !== undefined) ctx.unsafe(at, `${c.label}: ${at} is not set; ${blocked}`);
        else ctx.missing(path, row.inject.value, `${c.label}: ${at} is not set; ${row.inject.missing}`);
      }
    },
  });
}

/** Judges the field at `path` of `obj` (the pod spec, or a container at `base`): 'absent', or what was found. */
function judge(ctx: RuleContext, row: FieldControl, obj: Record<string, unknown>, base: readonly Segment[], path: readonly string[], who?: string): 'absent' | 'present' {
  if (!reachable(ctx, obj, base, path, who)) return 'present';
  const field = fieldAt(obj, base, path);
  if (field === undefined) return 'absent';
  if (!typed(field.value, row.type)) malformed(ctx, field, row.type, who);
  else if (!row.allowed(field.value)) ctx.unsafe(field.path, `${prefix(who)}${field.path} is ${describe(field.value, true)}; ${row.advice(path.at(-1)!)}`);
  return 'present';
}

export const FIELD_RULES: readonly Rule[] = FIELD_CONTROLS.map(fieldRule);
