/**
 * The Pod Security Standards, one rule per control, in the order of the
 * standard's own page (kubernetes.io/docs/concepts/security/pod-security-standards):
 * baseline, then restricted.
 */
import type { Rule } from '../../../engine/rule.js';
import { apparmor } from './apparmor.js';
import { capabilities } from './capabilities.js';
import { FIELD_RULES } from './fields.js';
import { hostPorts } from './host-ports.js';
import { hostProbes } from './host-probes.js';
import { runAsNonRoot } from './run-as-non-root.js';
import { seccomp } from './seccomp.js';
import { selinux } from './selinux.js';
import { sysctls } from './sysctls.js';
import { hostPath, volumeTypes } from './volumes.js';

const field = (id: string): Rule => FIELD_RULES.find((r) => r.id === id)!;

export const PSS_RULES: readonly Rule[] = [
  field('k8s-pss-host-process'),
  field('k8s-pss-host-namespaces'),
  field('k8s-pss-privileged'),
  capabilities,
  hostPath,
  hostPorts,
  hostProbes,
  apparmor,
  selinux,
  field('k8s-pss-proc-mount'),
  seccomp,
  sysctls,
  volumeTypes,
  field('k8s-pss-privilege-escalation'),
  runAsNonRoot,
  field('k8s-pss-run-as-user'),
];

if (new Set(PSS_RULES).size !== PSS_RULES.length || PSS_RULES.length !== FIELD_RULES.length + 10) throw new Error('every Pod Security Standards rule is listed once');
