/**
 * Capabilities (k8s.io/pod-security-admission `check_capabilities_baseline.go`
 * and `check_capabilities_restricted.go`). Baseline: a container adds only
 * capabilities of the runtime's default set. Restricted (from v1.22): it
 * drops ALL and adds nothing but NET_BIND_SERVICE; the restricted check
 * replaces the baseline one, and from v1.25 a Windows pod is exempt (the API
 * server refuses capabilities on it).
 */
import { formatFieldPath } from '../../../lang/fieldpath.js';
import type { Rule, RuleContext } from '../../../engine/rule.js';
import { describe } from '../../params.js';
import { objectAt, windowsPod, type ContainerAt } from '../pods.js';
import { containersOf, minorOf, pssRule, restrictedFrom, WINDOWS_EXEMPT_SINCE } from './standard.js';

/** The capabilities container runtimes grant by default, which baseline lets a container add (`capabilities_allowed_1_0`). */
export const BASELINE_CAPABILITIES: ReadonlySet<string> = new Set([
  'AUDIT_WRITE',
  'CHOWN',
  'DAC_OVERRIDE',
  'FOWNER',
  'FSETID',
  'KILL',
  'MKNOD',
  'NET_BIND_SERVICE',
  'SETFCAP',
  'SETGID',
  'SETPCAP',
  'SETUID',
  'SYS_CHROOT',
]);

/** The one capability restricted lets a container add. */
const NET_BIND_SERVICE = 'NET_BIND_SERVICE';

/** The first version with the restricted check (`capabilities_restricted`). */
const RESTRICTED_SINCE = 22;

export const capabilities = pssRule({
  id: 'k8s-pss-capabilities',
  title: 'Containers add no capabilities beyond the allowed set',
  severity: 'high',
  level: 'baseline',
  restricted: 'from v1.22, every container drops ALL (injected where `drop` is absent) and adds nothing but NET_BIND_SERVICE',
  description: `Refuses a container (init and ephemeral containers included) that adds a capability outside the runtime's default set (${[...BASELINE_CAPABILITIES].join(', ')}); NET_RAW and SYS_ADMIN are not in it. At restricted, from v1.22: every container must drop \`ALL\` and may add only \`NET_BIND_SERVICE\`; an absent \`capabilities.drop\` is injected as \`[ALL]\`, and a \`drop\` list without \`ALL\` is an explicit choice, refused, never rewritten. From v1.25 a Windows pod is exempt at restricted, and never gets it injected. Names are compared exactly, as the reference implementation does (\`CAP_SYS_ADMIN\` is not in any allowed set). Reference checks: \`capabilities_baseline\`, \`capabilities_restricted\`.`,
  fix: 'at restricted, injects `capabilities.drop: [ALL]` into each container\'s securityContext where `drop` is absent.',
  references: { trivy: ['KSV-0022'] },
  check(ctx, spec) {
    const restricted = restrictedFrom(ctx.input, RESTRICTED_SINCE);
    const windows = windowsPod(spec);
    if (restricted && windows && minorOf(ctx.input) >= WINDOWS_EXEMPT_SINCE) return;
    for (const c of containersOf(spec)) judgeContainer(ctx, c, restricted, windows);
  },
}) satisfies Rule;

function judgeContainer(ctx: RuleContext, c: ContainerAt, restricted: boolean, windows: boolean): void {
  const caps = objectAt(objectAt(c.container, 'securityContext'), 'capabilities');
  const base = [...c.at, 'securityContext', 'capabilities'];
  const add = listAt(ctx, c, caps, [...base, 'add']);
  if (add !== undefined) {
    const allowed = restricted ? (cap: string) => cap === NET_BIND_SERVICE : (cap: string) => BASELINE_CAPABILITIES.has(cap);
    const extra = [...new Set(add.filter((cap) => !allowed(cap)))];
    if (extra.length > 0) {
      const path = formatFieldPath([...base, 'add']);
      const rule = restricted ? 'at restricted, only NET_BIND_SERVICE may be added' : "only the runtime's default capabilities may be added";
      ctx.unsafe(path, `${c.label}: ${path} adds ${extra.join(', ')}; ${rule}: remove ${extra.length === 1 ? 'it' : 'them'}`);
    }
  }
  if (!restricted) return;
  const drop = listAt(ctx, c, caps, [...base, 'drop']);
  const dropPath = formatFieldPath([...base, 'drop']);
  if (drop === undefined) {
    if (caps?.drop !== undefined && caps.drop !== null) return; // malformed: refused by listAt
    if (windows) {
      ctx.unsafe(dropPath, `${c.label}: ${dropPath} is not set; a Windows pod cannot set it, and version v1.${minorOf(ctx.input)} of the standard does not exempt Windows pods (v1.${WINDOWS_EXEMPT_SINCE} does)`);
      return;
    }
    ctx.missing([...base, 'drop'], ['ALL'], `${c.label}: ${dropPath} is not set; drop ALL capabilities, so the process keeps none of the runtime's defaults (add back NET_BIND_SERVICE if it binds a port below 1024)`);
    return;
  }
  if (!drop.includes('ALL')) {
    const dropped = drop.length === 0 ? 'drops nothing' : `drops ${drop.join(', ')} but not ALL`;
    ctx.unsafe(dropPath, `${c.label}: ${dropPath} ${dropped}; at restricted every container drops ALL: add "ALL" to the list`);
  }
}

/** A list of capability names at `path`, or undefined where absent; a list that is not one of strings is refused. */
function listAt(ctx: RuleContext, c: ContainerAt, caps: Record<string, unknown> | undefined, path: (string | number)[]): string[] | undefined {
  const value = caps?.[String(path.at(-1))];
  if (value === undefined || value === null) return undefined;
  if (Array.isArray(value) && value.every((v) => typeof v === 'string')) return value as string[];
  const at = formatFieldPath(path);
  ctx.unsafe(at, `${c.label}: ${at} must be a list of capability names, got ${describe(value)}`);
  return undefined;
}
