/**
 * Host probes and lifecycle hooks (k8s.io/pod-security-admission
 * `check_hostProbesAndhostLifecycle.go`, from v1.34): the kubelet makes the
 * requests of probes and lifecycle hooks from the node, so a `host` there
 * lets a pod make the node reach any address it can.
 */
import { formatFieldPath, isObject } from '../../../lang/fieldpath.js';
import type { Rule } from '../../../engine/rule.js';
import { describe } from '../../params.js';
import { containersOf, pssRule } from './standard.js';

/** Where a request is made from the node: every probe, and every lifecycle hook. */
const HANDLERS: readonly (readonly string[])[] = [['livenessProbe'], ['readinessProbe'], ['startupProbe'], ['lifecycle', 'postStart'], ['lifecycle', 'preStop']];

/** The container fields every handler lies under. */
const ROOTS = [...new Set(HANDLERS.map((h) => h[0]!))];

/** The ways a handler names where to send its request. */
const ACTIONS = ['httpGet', 'tcpSocket'] as const;

export const hostProbes = pssRule({
  id: 'k8s-pss-host-probes',
  title: 'Probes and lifecycle hooks reach only the pod',
  severity: 'medium',
  level: 'baseline',
  since: 34,
  description:
    "Refuses a non-empty `host` in the `httpGet` or `tcpSocket` of any container's liveness, readiness or startup probe, or of its `postStart` or `preStop` hook: the kubelet sends those requests from the node, so a host there makes the node reach any address for the pod. Without it the request goes to the pod's own IP. Reference check: `hostProbesAndHostLifecycle`.",
  check(ctx, spec) {
    for (const c of containersOf(spec)) {
      // A container without probes or hooks has nothing to read (the common case).
      if (ROOTS.every((k) => c.container[k] === undefined || c.container[k] === null)) continue;
      // Each object on the way is read, and refused if it is not one, once, though several fields lie behind it.
      const seen = new Map<string, Record<string, unknown> | undefined>();
      const objectAt = (path: readonly string[]): Record<string, unknown> | undefined => {
        const key = path.join('/');
        if (seen.has(key)) return seen.get(key);
        const parent = path.length === 1 ? c.container : objectAt(path.slice(0, -1));
        const value = parent?.[path.at(-1)!];
        let out: Record<string, unknown> | undefined;
        if (isObject(value)) out = value;
        else if (value !== undefined && value !== null) {
          const at = formatFieldPath([...c.at, ...path]);
          ctx.unsafe(at, `${c.label}: ${at} is ${describe(value)}, not an object; it cannot be checked`);
        }
        seen.set(key, out);
        return out;
      };
      for (const handler of HANDLERS) {
        for (const action of ACTIONS) {
          const host = objectAt([...handler, action])?.host;
          if (host === undefined || host === null || host === '') continue;
          const path = formatFieldPath([...c.at, ...handler, action, 'host']);
          if (typeof host !== 'string') ctx.unsafe(path, `${c.label}: ${path} must be a string, got ${describe(host)}`);
          else ctx.unsafe(path, `${c.label}: ${path} is ${JSON.stringify(host)}: the kubelet would make the request from the node to that host; remove it, so the request goes to the pod`);
        }
      }
    }
  },
}) satisfies Rule;
