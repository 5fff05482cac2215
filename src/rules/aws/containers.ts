/**
 * Containers AWS runs from a task or job definition: ECS TaskDefinition
 * `containerDefinitions` and Batch JobDefinition `containerProperties`, both a
 * JSON document in a string field (provider-upjet-aws, read in the ECS CRD;
 * Batch's from the Terraform attribute), the task's own namespaces and roles,
 * its EFS volumes, and the ECS cluster's Container Insights. The JSON is read
 * strictly and boundedly: a document that cannot be read is refused, never
 * passed.
 */
import { formatFieldPath, isObject, type Segment } from '../../lang/fieldpath.js';
import { defineRule, refOf, type ProviderKindRef, type Rule, type RuleContext } from '../../engine/rule.js';
import { describe, explicitParams, PARAM_BLOCKS } from '../params.js';
import { jsonField } from './service-checks.js';

const TASK: ProviderKindRef = { cloud: 'aws', service: 'ecs', kind: 'TaskDefinition' };
const JOB: ProviderKindRef = { cloud: 'aws', service: 'batch', kind: 'JobDefinition' };
const CLUSTER: ProviderKindRef = { cloud: 'aws', service: 'ecs', kind: 'Cluster' };

interface Container {
  /** The field the document is in. */
  path: string;
  /** `containerDefinitions[1] (web)`, `containerProperties`. */
  label: string;
  value: Record<string, unknown>;
}

/** The containers of an ECS task definition or a Batch job definition; unreadable documents are reported. */
function containers(ctx: RuleContext): Container[] {
  const task = ctx.type.ref === refOf(TASK);
  const out: Container[] = [];
  for (const { path, value } of explicitParams(ctx.resource, [task ? 'containerDefinitions' : 'containerProperties'])) {
    const doc = jsonField(ctx, path, value);
    if (doc === undefined) continue;
    if (task) {
      if (!Array.isArray(doc)) {
        ctx.unsafe(path, `${path} must be a JSON list of container definitions, got ${describe(doc)}`);
        continue;
      }
      doc.forEach((c, i) => {
        if (isObject(c)) out.push({ path, label: `containerDefinitions[${i}]${typeof c.name === 'string' ? ` (${c.name})` : ''}`, value: c });
        else ctx.unsafe(path, `${path} [${i}] must be an object, got ${describe(c)}`);
      });
    } else if (isObject(doc)) out.push({ path, label: 'containerProperties', value: doc });
    else ctx.unsafe(path, `${path} must be a JSON object, got ${describe(doc)}`);
  }
  return out;
}

export const containerPrivileged = defineRule({
  id: 'aws-container-privileged',
  title: 'ECS and Batch containers are not privileged',
  severity: 'critical',
  defaultAction: 'Deny',
  description:
    'Refuses an ECS TaskDefinition whose `containerDefinitions`, or a Batch JobDefinition whose `containerProperties`, runs a container with `privileged` not `false` (`true`, or `"true"`): such a container is root on its host, with every device. A document that is not readable JSON is refused too.',
  references: { checkov: ['CKV_AWS_334', 'CKV_AWS_210'] },
  kinds: [TASK, JOB],
  check(ctx) {
    for (const c of containers(ctx)) {
      const p = c.value.privileged;
      if (p !== undefined && p !== null && p !== false) ctx.unsafe(c.path, `${c.label} has privileged: ${JSON.stringify(p)}, which gives it root on the host and every device; remove it and grant only the capabilities it needs`);
    }
  },
}) satisfies Rule;

export const containerReadOnlyRoot = defineRule({
  id: 'aws-ecs-read-only-root',
  title: 'ECS containers have a read-only root file system',
  severity: 'low',
  defaultAction: 'Warn',
  description:
    'Reports an ECS TaskDefinition container whose `readonlyRootFilesystem` is not `true`: an intruder can then change the image\'s binaries at run time. Nothing is injected: the container may need to write, and only its author knows where (a volume for that). Warn by default.',
  references: { checkov: ['CKV_AWS_336'] },
  kinds: [TASK],
  check(ctx) {
    for (const c of containers(ctx)) {
      if (c.value.readonlyRootFilesystem !== true) ctx.unsafe(c.path, `${c.label} has readonlyRootFilesystem ${c.value.readonlyRootFilesystem === undefined ? 'unset' : JSON.stringify(c.value.readonlyRootFilesystem)}; set it to true and mount a volume where the container must write`);
    }
  },
}) satisfies Rule;

export const ecsHostNamespaces = defineRule({
  id: 'aws-ecs-host-namespaces',
  title: 'ECS tasks do not share the host\'s process or IPC namespace',
  severity: 'high',
  defaultAction: 'Deny',
  description: 'Refuses an ECS TaskDefinition with `pidMode: host` or `ipcMode: host`: its containers then see and signal every process of the instance, or share its memory segments.',
  references: { checkov: ['CKV_AWS_335'] },
  kinds: [TASK],
  check(ctx) {
    for (const field of ['pidMode', 'ipcMode']) {
      for (const { path, value } of explicitParams(ctx.resource, [field])) {
        if (typeof value !== 'string') ctx.unsafe(path, `${path} must be a string, got ${describe(value)}`);
        else if (value === 'host') ctx.unsafe(path, `${path} is "host"; use "task" (or remove it) so the task's containers share only their own namespace`);
      }
    }
  },
}) satisfies Rule;

export const ecsTaskRoles = defineRule({
  id: 'aws-ecs-task-roles',
  title: 'ECS tasks do not run with their execution role',
  severity: 'medium',
  defaultAction: 'Warn',
  description:
    "Reports an ECS TaskDefinition whose `taskRoleArn` is its `executionRoleArn` (the same ARN, or references to the same Role): the role ECS uses to pull images and read secrets is then also the application's, which can read every secret of every task using it. Warn by default.",
  references: { checkov: ['CKV_AWS_249'] },
  kinds: [TASK],
  check(ctx) {
    const first = (field: string) => explicitParams(ctx.resource, [field])[0];
    const task = first('taskRoleArn');
    const exec = first('executionRoleArn');
    const taskRef = first('taskRoleArnRef');
    const execRef = first('executionRoleArnRef');
    const sameArn = task !== undefined && exec !== undefined && typeof task.value === 'string' && task.value === exec.value;
    const sameRef = taskRef !== undefined && execRef !== undefined && isObject(taskRef.value) && isObject(execRef.value) && taskRef.value.name === execRef.value.name;
    if (sameArn || sameRef) {
      const at = (sameArn ? task : taskRef)!;
      ctx.unsafe(at.path, `${at.path} names the execution role too; give the application a role of its own, with only what it needs`);
    }
  },
}) satisfies Rule;

export const ecsEfsTransitEncryption = defineRule({
  id: 'aws-ecs-efs-transit-encryption',
  title: 'ECS tasks mount EFS with encryption in transit',
  severity: 'high',
  defaultAction: 'Mutate',
  description:
    'Injects `transitEncryption: ENABLED` into each `volume[].efsVolumeConfiguration` of an ECS TaskDefinition that does not set it (the default is DISABLED), and refuses an explicit `DISABLED`: file contents then cross the network in clear text.',
  fix: 'injects `transitEncryption: "ENABLED"` into each EFS volume configuration.',
  references: { checkov: ['CKV_AWS_97'], trivy: ['AWS-0035'] },
  kinds: [TASK],
  check(ctx) {
    const spec = isObject(ctx.resource.spec) ? ctx.resource.spec : {};
    for (const block of PARAM_BLOCKS) {
      const volumes = isObject(spec[block]) ? (spec[block] as Record<string, unknown>).volume : undefined;
      if (!Array.isArray(volumes)) continue;
      volumes.forEach((v, i) => {
        const efs = isObject(v) ? v.efsVolumeConfiguration : undefined;
        const [config, segments]: [unknown, Segment[]] = Array.isArray(efs) ? [efs[0], ['spec', block, 'volume', i, 'efsVolumeConfiguration', 0]] : [efs, ['spec', block, 'volume', i, 'efsVolumeConfiguration']];
        if (!isObject(config)) return;
        const value = config.transitEncryption;
        const path = formatFieldPath([...segments, 'transitEncryption']);
        if (value === undefined || value === null) {
          if (block === 'forProvider') ctx.missing([...segments, 'transitEncryption'], 'ENABLED', 'EFS transit encryption was not set');
          else ctx.unsafe(path, `${path} is absent in initProvider; set it to "ENABLED"`);
        } else if (value !== 'ENABLED') ctx.unsafe(path, `${path} is ${describe(value, true)}; set it to "ENABLED" (or remove it) so file contents are encrypted on the network`);
      });
    }
  },
}) satisfies Rule;

export const ecsContainerInsights = defineRule({
  id: 'aws-ecs-container-insights',
  title: 'ECS clusters have Container Insights',
  severity: 'low',
  defaultAction: 'Mutate',
  description:
    'Injects `setting: [{name: containerInsights, value: enabled}]` into an ECS Cluster that has no `setting`; reports one whose settings do not turn Container Insights on, and refuses `value: disabled`. `enhanced` passes too.',
  fix: 'injects `setting: [{name: containerInsights, value: enabled}]`.',
  references: { checkov: ['CKV_AWS_65'], trivy: ['AWS-0034'] },
  kinds: [CLUSTER],
  check(ctx) {
    const found = explicitParams(ctx.resource, ['setting']);
    if (found.length === 0) {
      ctx.missing(['spec', 'forProvider', 'setting'], [{ name: 'containerInsights', value: 'enabled' }], 'Container Insights were not turned on');
      return;
    }
    for (const { path, value } of found) {
      if (!Array.isArray(value)) {
        ctx.unsafe(path, `${path} must be a list, got ${describe(value)}`);
        continue;
      }
      const i = value.findIndex((s) => isObject(s) && s.name === 'containerInsights');
      if (i < 0) ctx.unsafe(path, `${path} does not turn Container Insights on; add {name: containerInsights, value: enabled}`);
      else {
        const v = (value[i] as Record<string, unknown>).value;
        if (v !== 'enabled' && v !== 'enhanced') ctx.unsafe(`${path}[${i}].value`, `${path}[${i}].value is ${v === undefined ? 'absent' : describe(v, true)}; set it to "enabled" so the cluster's metrics and events are kept`);
      }
    }
  },
}) satisfies Rule;

/** The rules of this module in evaluation order. */
export const CONTAINER_RULES = [containerPrivileged, containerReadOnlyRoot, ecsHostNamespaces, ecsTaskRoles, ecsEfsTransitEncryption, ecsContainerInsights] as const satisfies readonly Rule[];
