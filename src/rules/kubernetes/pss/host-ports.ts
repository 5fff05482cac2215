/**
 * Host ports (k8s.io/pod-security-admission `check_hostPorts.go`): a
 * container binds no port of the node. The standard allows a known list
 * instead ("HostPorts should be disallowed entirely (recommended) or
 * restricted to a known list"): `allowed` is that list, empty by default.
 */
import { z } from 'zod';
import { formatFieldPath, isObject } from '../../../lang/fieldpath.js';
import type { Rule } from '../../../engine/rule.js';
import { describe } from '../../params.js';
import { containersOf, pssRule } from './standard.js';

const PORT = /^([1-9]\d{0,4})(?:-([1-9]\d{0,4}))?$/;

/** `"8443"` or `"5000-6000"`: the ports it covers, or why it covers none. */
function parseRange(text: string): { from: number; to: number } | string {
  const m = PORT.exec(text);
  if (m === null) return 'must be a port (1-65535) or a range "from-to"';
  const from = Number(m[1]);
  const to = m[2] === undefined ? from : Number(m[2]);
  if (from > 65535 || to > 65535) return 'ports go up to 65535';
  if (to < from) return `the range ends (${to}) before it starts (${from})`;
  return { from, to };
}

const ranges = z
  .array(
    z.string().superRefine((text, ctx) => {
      const r = parseRange(text);
      if (typeof r === 'string') ctx.addIssue({ code: 'custom', message: r });
    }),
  )
  .max(64)
  .meta({ description: 'Host ports a container may bind, each a port ("8443") or a range ("5000-6000"), as the standard allows "a known list". Unset: no host port.' });

export const hostPorts = pssRule({
  id: 'k8s-pss-host-ports',
  title: "Containers bind no port of the node",
  severity: 'high',
  level: 'baseline',
  description:
    "Refuses a `hostPort` other than 0 on any port of any container, init and ephemeral containers included: it exposes the pod on the node's own address, outside Services and network policies, and can take a port the node's agents use. `allowed` lists the host ports the platform accepts instead. Reference check: `hostPorts`.",
  references: { trivy: ['KSV-0024'] },
  params: z.object({ allowed: ranges }),
  check(ctx, spec, { allowed }) {
    const known = (allowed ?? []).map(parseRange).filter((r) => typeof r !== 'string');
    for (const c of containersOf(spec)) {
      const ports = Array.isArray(c.container.ports) ? c.container.ports : [];
      ports.forEach((port: unknown, i) => {
        const value = isObject(port) ? port.hostPort : undefined;
        if (value === undefined || value === null || value === 0) return;
        const path = formatFieldPath([...c.at, 'ports', i, 'hostPort']);
        if (!Number.isInteger(value)) ctx.unsafe(path, `${c.label}: ${path} must be an integer, got ${describe(value)}`);
        else if (!known.some((r) => (value as number) >= r.from && (value as number) <= r.to)) {
          const list = allowed !== undefined && allowed.length > 0 ? `; only ${allowed.join(', ')} may be bound` : '';
          ctx.unsafe(path, `${c.label}: ${path} is ${String(value)}: the container would bind a port of the node${list}; remove it, and reach the pod through a Service`);
        }
      });
    }
  },
}) satisfies Rule;
