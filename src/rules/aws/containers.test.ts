import { describe, it } from 'vitest';
import { awsResource, finding, injected, jsonError, mutation, runCase, SAME, served, withInit, withPolicies, type Case, type Served } from '../../../test/builders/aws-data.js';
import { carried } from '../../../test/builders.js';
import { containerPrivileged, containerReadOnlyRoot, ecsContainerInsights, ecsEfsTransitEncryption, ecsHostNamespaces, ecsTaskRoles } from './containers.js';

/** Both shapes and both groups: cluster-scoped v1beta1 (one-element lists), namespaced v1beta1 (objects). */
const SHAPES: readonly Served[] = [served('cluster', 'v1beta1'), served('namespaced', 'v1beta1')];
const one = (s: Served, block: Record<string, unknown>) => (s.blocks === 'array' ? [block] : block);
const idx = (s: Served) => (s.blocks === 'array' ? '[0]' : '');
const FP = 'spec.forProvider';

const task = (s: Served, defs: unknown[], fp: Record<string, unknown> = {}) => awsResource('ecs', 'TaskDefinition', s, { family: 'app', containerDefinitions: JSON.stringify(defs), ...fp });
const job = (s: Served, props: Record<string, unknown>) => awsResource('batch', 'JobDefinition', s, { name: 'job', type: 'container', containerProperties: JSON.stringify(props) });
const cluster = (s: Served, fp: Record<string, unknown> = {}) => awsResource('ecs', 'Cluster', s, fp);
const APP = { name: 'app', image: 'app:1', readonlyRootFilesystem: true };
const ROLE = 'arn:aws:iam::111122223333:role/';

const perShape = (s: Served): Case[] => {
  const at = s.label;
  return [
    { name: `${at}: a read-only, unprivileged container passes`, reason: 'compliant', resource: task(s, [APP]), rules: [containerPrivileged, containerReadOnlyRoot], want: { desired: SAME, mutations: [], findings: [] } },
    {
      name: `${at}: an agent runs a privileged ECS container: refused`,
      reason: 'root on the host',
      resource: task(s, [APP, { name: 'sidecar', image: 'x:1', privileged: true, readonlyRootFilesystem: true }]),
      rules: [containerPrivileged],
      want: { desired: SAME, mutations: [], findings: [finding(containerPrivileged, 'Deny', `${FP}.containerDefinitions`, 'containerDefinitions[1] (sidecar) has privileged: true, which gives it root on the host and every device; remove it and grant only the capabilities it needs')] },
    },
    {
      name: `${at}: an agent writes privileged as a string: refused`,
      reason: 'anything but false counts',
      resource: task(s, [{ ...APP, privileged: 'true' }]),
      rules: [containerPrivileged],
      want: { desired: SAME, mutations: [], findings: [finding(containerPrivileged, 'Deny', `${FP}.containerDefinitions`, 'containerDefinitions[0] (app) has privileged: "true", which gives it root on the host and every device; remove it and grant only the capabilities it needs')] },
    },
    {
      name: `${at}: an agent runs a privileged Batch job: refused`,
      reason: 'the same danger in Batch',
      resource: job(s, { image: 'x:1', privileged: true }),
      rules: [containerPrivileged],
      want: { desired: SAME, mutations: [], findings: [finding(containerPrivileged, 'Deny', `${FP}.containerProperties`, 'containerProperties has privileged: true, which gives it root on the host and every device; remove it and grant only the capabilities it needs')] },
    },
    {
      name: `${at}: a writable root file system: reported`,
      reason: 'Warn: only the author knows where the container writes',
      resource: task(s, [{ name: 'app', image: 'app:1' }]),
      rules: [containerReadOnlyRoot],
      want: { desired: SAME, mutations: [], findings: [finding(containerReadOnlyRoot, 'Warn', `${FP}.containerDefinitions`, 'containerDefinitions[0] (app) has readonlyRootFilesystem unset; set it to true and mount a volume where the container must write')] },
    },
    {
      name: `${at}: an agent shares the host PID namespace: refused`,
      reason: 'pidMode host sees every process of the instance',
      resource: task(s, [APP], { pidMode: 'host' }),
      rules: [ecsHostNamespaces],
      want: { desired: SAME, mutations: [], findings: [finding(ecsHostNamespaces, 'Deny', `${FP}.pidMode`, `${FP}.pidMode is "host"; use "task" (or remove it) so the task's containers share only their own namespace`)] },
    },
    {
      name: `${at}: an agent shares the host IPC namespace in initProvider: refused`,
      reason: 'initProvider is applied at creation',
      resource: withInit(task(s, [APP]), { ipcMode: 'host' }),
      rules: [ecsHostNamespaces],
      want: { desired: SAME, mutations: [], findings: [finding(ecsHostNamespaces, 'Deny', 'spec.initProvider.ipcMode', `spec.initProvider.ipcMode is "host"; use "task" (or remove it) so the task's containers share only their own namespace`)] },
    },
    {
      name: `${at}: the same role for the task and its execution: reported`,
      reason: 'the application could read every secret the execution role reads',
      resource: task(s, [APP], { taskRoleArn: `${ROLE}ecs`, executionRoleArn: `${ROLE}ecs` }),
      rules: [ecsTaskRoles],
      want: { desired: SAME, mutations: [], findings: [finding(ecsTaskRoles, 'Warn', `${FP}.taskRoleArn`, `${FP}.taskRoleArn names the execution role too; give the application a role of its own, with only what it needs`)] },
    },
    {
      name: `${at}: the same Role by reference for both: reported`,
      reason: 'references to one Role are one role',
      resource: task(s, [APP], { taskRoleArnRef: { name: 'ecs' }, executionRoleArnRef: { name: 'ecs' } }),
      rules: [ecsTaskRoles],
      want: { desired: SAME, mutations: [], findings: [finding(ecsTaskRoles, 'Warn', `${FP}.taskRoleArnRef`, `${FP}.taskRoleArnRef names the execution role too; give the application a role of its own, with only what it needs`)] },
    },
    { name: `${at}: distinct roles pass`, reason: 'compliant', resource: task(s, [APP], { taskRoleArn: `${ROLE}app`, executionRoleArn: `${ROLE}ecs` }), rules: [ecsTaskRoles], want: { desired: SAME, mutations: [], findings: [] } },
    {
      name: `${at}: an EFS volume without transit encryption: injected`,
      reason: 'the default is DISABLED',
      resource: task(s, [APP], { volume: [{ name: 'data', efsVolumeConfiguration: one(s, { fileSystemId: 'fs-1' }) }] }),
      rules: [ecsEfsTransitEncryption],
      want: {
        desired: injected(task(s, [APP], { volume: [{ name: 'data', efsVolumeConfiguration: one(s, { fileSystemId: 'fs-1', transitEncryption: 'ENABLED' }) }] }), {}, ecsEfsTransitEncryption.id),
        mutations: [mutation(ecsEfsTransitEncryption, `${FP}.volume[0].efsVolumeConfiguration${idx(s)}.transitEncryption`, 'ENABLED')],
        findings: [],
      },
    },
    {
      name: `${at}: an agent mounts EFS with transit encryption DISABLED: refused`,
      reason: 'file contents in clear text on the network',
      resource: task(s, [APP], { volume: [{ name: 'a', hostPath: '/x' }, { name: 'data', efsVolumeConfiguration: one(s, { fileSystemId: 'fs-1', transitEncryption: 'DISABLED' }) }] }),
      rules: [ecsEfsTransitEncryption],
      want: { desired: SAME, mutations: [], findings: [finding(ecsEfsTransitEncryption, 'Deny', `${FP}.volume[1].efsVolumeConfiguration${idx(s)}.transitEncryption`, `${FP}.volume[1].efsVolumeConfiguration${idx(s)}.transitEncryption is "DISABLED"; set it to "ENABLED" (or remove it) so file contents are encrypted on the network`)] },
    },
    {
      name: `${at}: a cluster without settings: Container Insights injected`,
      reason: 'metrics and events kept',
      resource: cluster(s),
      rules: [ecsContainerInsights],
      want: { desired: injected(cluster(s), { setting: [{ name: 'containerInsights', value: 'enabled' }] }, ecsContainerInsights.id), mutations: [mutation(ecsContainerInsights, `${FP}.setting`, [{ name: 'containerInsights', value: 'enabled' }])], findings: [] },
    },
    {
      name: `${at}: an agent disables Container Insights: refused`,
      reason: 'explicit unsafe value',
      resource: cluster(s, { setting: [{ name: 'containerInsights', value: 'disabled' }] }),
      rules: [ecsContainerInsights],
      want: { desired: SAME, mutations: [], findings: [finding(ecsContainerInsights, 'Deny', `${FP}.setting[0].value`, `${FP}.setting[0].value is "disabled"; set it to "enabled" so the cluster's metrics and events are kept`)] },
    },
    { name: `${at}: enhanced Container Insights pass`, reason: 'more than enabled', resource: cluster(s, { setting: [{ name: 'containerInsights', value: 'enhanced' }] }), rules: [ecsContainerInsights], want: { desired: SAME, mutations: [], findings: [] } },
  ];
};

const c = SHAPES[0]!;
const cases: Case[] = [
  ...SHAPES.flatMap(perShape),
  {
    name: 'an agent sends container definitions that are not JSON: refused',
    reason: 'what cannot be read cannot pass',
    resource: awsResource('ecs', 'TaskDefinition', c, { family: 'app', containerDefinitions: '[{"privileged": true' }),
    rules: [containerPrivileged],
    want: { desired: SAME, mutations: [], findings: [finding(containerPrivileged, 'Deny', `${FP}.containerDefinitions`, `${FP}.containerDefinitions is not valid JSON (${jsonError('[{"privileged": true')}); it cannot be judged`)] },
  },
  {
    name: 'an agent writes one container definition as an object, not a list: refused',
    reason: 'ECS takes a list; an object cannot be judged as one',
    resource: awsResource('ecs', 'TaskDefinition', c, { family: 'app', containerDefinitions: JSON.stringify({ name: 'app', privileged: true }) }),
    rules: [containerPrivileged],
    want: { desired: SAME, mutations: [], findings: [finding(containerPrivileged, 'Deny', `${FP}.containerDefinitions`, `${FP}.containerDefinitions must be a JSON list of container definitions, got an object`)] },
  },
  { name: 'an observe-only privileged task passes', reason: 'someone else\'s', resource: withPolicies(task(c, [{ ...APP, privileged: true }]), ['Observe']), rules: [containerPrivileged], want: { desired: SAME, mutations: [], findings: [] } },
  {
    name: 'an agent carries a privileged task in an Object: refused inside the manifest',
    reason: 'what an Object carries is created as is',
    resource: carried(task(c, [{ ...APP, privileged: true }]), 'namespaced'),
    rules: [containerPrivileged],
    want: { desired: SAME, mutations: [], findings: [finding(containerPrivileged, 'Deny', `spec.forProvider.manifest.${FP}.containerDefinitions`, 'containerDefinitions[0] (app) has privileged: true, which gives it root on the host and every device; remove it and grant only the capabilities it needs')] },
  },
];

describe('ECS and Batch containers', () => {
  it.each(cases)('$name', (c) => runCase(c));
});
