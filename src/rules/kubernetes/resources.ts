/**
 * Every container says what it needs and how much memory it may take: CPU
 * and memory requests and a memory limit, as Kyverno's
 * best-practices/require-pod-requests-limits requires. Without them the
 * scheduler places a pod blind and one leaking container can starve its node.
 *
 * Judged: `containers` and `initContainers`, which a LimitRange defaults too
 * (plugin/pkg/admission/limitranger). Not judged: `ephemeralContainers`, which
 * may carry no resources at all (the API server refuses them there, and never
 * creates a pod or a template with ephemeral containers), so requiring them,
 * as Kyverno's pattern does, could only refuse; injecting them would make the
 * object invalid.
 */
import { z } from 'zod';
import { formatFieldPath, isObject, type Segment } from '../../lang/fieldpath.js';
import { defineRule, type Rule, type RuleContext } from '../../engine/rule.js';
import { compareQuantities, quantityOf, type Quantity } from '../kit/quantity.js';
import { describe } from '../params.js';
import { containersOf, objectAt, podSpec, POD, type ContainerAt } from './pods.js';

const RULE_ID = 'k8s-requests-limits';

/** The fields every container must set, in the order they are reported and injected. */
const REQUIRED = [
  ['requests', 'cpu'],
  ['requests', 'memory'],
  ['limits', 'memory'],
] as const;

type Block = 'requests' | 'limits';

/** A quantity in the Input: it parses as the API server would parse it, and is not negative. */
function quantity(description: string, opts: { nonZero?: true } = {}) {
  return z
    .string()
    .superRefine((text, ctx) => {
      const q = quantityOf(text);
      if (!q.ok) ctx.addIssue({ code: 'custom', message: `"${text}" is not a Kubernetes quantity (e.g. 250m, 0.5, 512Mi, 1Gi): ${q.error}` });
      else if (q.quantity.sign < 0) ctx.addIssue({ code: 'custom', message: `"${text}" is negative` });
      else if (opts.nonZero === true && q.quantity.sign === 0) ctx.addIssue({ code: 'custom', message: `"${text}" is zero, which the kubelet reads as no memory limit at all` });
    })
    .meta({ description });
}

const Defaults = z
  .strictObject({
    requests: z
      .strictObject({
        cpu: quantity('CPU request injected where a container has none, e.g. 100m.').optional(),
        memory: quantity('Memory request injected where a container has none, e.g. 128Mi.').optional(),
      })
      .optional()
      .meta({ description: 'Requests injected where absent.' }),
    limits: z
      .strictObject({ memory: quantity('Memory limit injected where a container has none, e.g. 512Mi.', { nonZero: true }).optional() })
      .optional()
      .meta({ description: 'Limits injected where absent.' }),
  })
  // Judged once each default is valid on its own: a misspelt one is reported as such, not as none.
  .refine((d) => d.requests?.cpu !== undefined || d.requests?.memory !== undefined || d.limits?.memory !== undefined, {
    message: 'name at least one default; remove defaults to refuse what is missing instead',
    when: (payload) => payload.issues.length === 0,
  })
  .superRefine((d, ctx) => {
    const request = d.requests?.memory === undefined ? undefined : quantityOf(d.requests.memory);
    const limit = d.limits?.memory === undefined ? undefined : quantityOf(d.limits.memory);
    if (request?.ok === true && limit?.ok === true && compareQuantities(request.quantity, limit.quantity) > 0) {
      ctx.addIssue({ code: 'custom', path: ['requests', 'memory'], message: `the memory request ${d.requests!.memory!} is above the memory limit ${d.limits!.memory!}: a pod given both is invalid` });
    }
  })
  .meta({
    description:
      'Values to inject where a container has none, as a LimitRange would: a missing request is set to the container\'s own limit for that resource where it has one (as Kubernetes does for a Pod), else to this default. Unset: what is missing is refused.',
  });

type DefaultsOf = z.output<typeof Defaults>;

/** One quantity a container sets, read. */
interface Read {
  raw: unknown;
  quantity: Quantity | undefined;
}

/**
 * The container's `resources.<block>` entries, each checked as a quantity
 * (every entry, not only cpu and memory: all are quantities the API server
 * parses); undefined where the block cannot be read, which is reported.
 */
function readBlock(ctx: RuleContext, c: ContainerAt, resources: Record<string, unknown> | undefined, block: Block): ReadonlyMap<string, Read> | undefined {
  const value = resources?.[block];
  if (value === undefined || value === null) return NOTHING_SET;
  if (!isObject(value)) {
    ctx.unsafe(formatFieldPath([...c.at, 'resources', block]), `${c.label} has resources.${block} that is ${describe(value)}, not a map of quantities`);
    return undefined;
  }
  const out = new Map<string, Read>();
  // for-in over own keys rather than Object.entries: no list of pairs per container.
  for (const name in value) {
    if (!Object.hasOwn(value, name)) continue;
    const raw = value[name];
    if (raw === undefined || raw === null) continue;
    const q = quantityOf(raw);
    // The path is for findings: built only where one is reported.
    if (!q.ok) {
      const path = formatFieldPath([...c.at, 'resources', block, name]);
      ctx.unsafe(path, `${c.label} has resources.${block}.${name} ${describe(raw, true)}, which is not a Kubernetes quantity (e.g. 250m, 0.5, 512Mi, 1Gi): ${q.error}`);
      out.set(name, { raw, quantity: undefined });
    } else if (q.quantity.sign < 0) {
      const path = formatFieldPath([...c.at, 'resources', block, name]);
      ctx.unsafe(path, `${c.label} has resources.${block}.${name} ${describe(raw, true)}, a negative quantity the API server refuses`);
      out.set(name, { raw, quantity: undefined });
    } else {
      out.set(name, { raw, quantity: q.quantity });
    }
  }
  return out;
}

function judge(ctx: RuleContext, c: ContainerAt, defaults: DefaultsOf | undefined): void {
  const resources = objectAt(c.container, 'resources');
  const requests = readBlock(ctx, c, resources, 'requests');
  const limits = readBlock(ctx, c, resources, 'limits');
  for (const [block, name] of REQUIRED) {
    const read = block === 'requests' ? requests : limits;
    if (read === undefined) continue; // the block is not a map: reported
    const explicit = read.get(name);
    // Set: judged by readBlock, unless it is a memory limit of zero.
    if (explicit !== undefined && !(block === 'limits' && explicit.quantity?.sign === 0)) continue;
    const path: Segment[] = [...c.at, 'resources', block, name];
    const field = `resources.${block}.${name}`;
    if (explicit !== undefined) {
      ctx.unsafe(formatFieldPath(path), `${c.label} has ${field} ${describe(explicit.raw, true)}, which the kubelet reads as no memory limit at all; set a limit above zero`);
      continue;
    }
    if (defaults === undefined) {
      ctx.unsafe(formatFieldPath(path), `${c.label} sets no ${field}; every container needs CPU and memory requests and a memory limit`);
      continue;
    }
    const value = injected(block, name, defaults, limits);
    if (value === MALFORMED) continue; // the limit it would copy is reported
    if (value === undefined) {
      ctx.unsafe(formatFieldPath(path), `${c.label} sets no ${field}, and the rule has no default for it; set it`);
      continue;
    }
    if (block === 'limits') {
      // A default limit below the container's own request makes an invalid pod: the container must say.
      const request = requests?.get(name)?.quantity;
      const limit = quantityOf(value);
      if (request !== undefined && limit.ok && compareQuantities(request, limit.quantity) > 0) {
        ctx.unsafe(
          formatFieldPath(path),
          `${c.label} sets no ${field}, and its resources.requests.${name} ${describe(requests!.get(name)!.raw, true)} is above the default limit ${String(value)}; set ${field} to at least the request`,
        );
        continue;
      }
    }
    ctx.missing(path, value, `${c.label} sets no ${field}`);
  }
}

/** An absent block: it sets nothing (shared, and only ever read). */
const NOTHING_SET: ReadonlyMap<string, Read> = new Map();

/** The container's own limit it would copy cannot be read (and is reported). */
const MALFORMED = Symbol('malformed');

/**
 * What to inject at `block.name`: a request copies the container's own limit
 * for that resource, as Kubernetes defaults a Pod (pkg/apis/core/v1
 * `SetDefaults_Pod`); else the default, if any.
 */
function injected(block: Block, name: 'cpu' | 'memory', defaults: DefaultsOf, limits: ReadonlyMap<string, Read> | undefined): unknown {
  if (block === 'limits') return name === 'memory' ? defaults.limits?.memory : undefined;
  const own = limits?.get(name);
  if (own !== undefined) return own.quantity !== undefined ? own.raw : MALFORMED;
  return defaults.requests?.[name];
}

export const requestsLimits = defineRule({
  id: RULE_ID,
  title: 'Containers request CPU and memory and limit memory',
  severity: 'medium',
  defaultAction: 'Mutate',
  description:
    "Every container and init container of a Pod or a workload's pod template (Deployment, StatefulSet, DaemonSet, ReplicaSet, Job, CronJob, ReplicationController, PodTemplate, Argo Rollout; bare or carried by a provider-kubernetes Object) must set `resources.requests.cpu`, `resources.requests.memory` and `resources.limits.memory` (Kyverno's best-practices/require-pod-requests-limits). Without `defaults`, a missing one is refused, naming the container and the field. With `defaults`, it is injected as a LimitRange would: a missing request takes the container's own limit for that resource where it has one (what Kubernetes does for a Pod), else the default; a default memory limit below the container's own memory request is refused instead, since the pod would be invalid. Never over an explicit value. Every quantity in `requests` and `limits` must parse as the API server parses it (k8s.io/apimachinery `resource.Quantity`: decimal and binary suffixes, exponents) and must not be negative; a memory limit of 0, which the kubelet reads as no limit, is refused. Ephemeral containers are not judged: Kubernetes allows them no resources.",
  fix: 'with `defaults` set, injects the missing requests and memory limit.',
  references: { checkov: ['CKV_K8S_10', 'CKV_K8S_12', 'CKV_K8S_13'], trivy: ['KSV-0015', 'KSV-0016', 'KSV-0018'] },
  kinds: POD,
  params: z.object({ defaults: Defaults }),
  check(ctx, { defaults }) {
    const spec = podSpec(ctx);
    if (spec === undefined) return;
    for (const c of containersOf(spec)) if (c.list !== 'ephemeralContainers') judge(ctx, c, defaults);
  },
}) satisfies Rule;
