/**
 * Kinds that cannot be judged field by field. A CloudFormation stack, an ARM
 * template deployment, a Terraform workspace, a Helm release or an SSM
 * document carries a template or a script that can create anything the
 * provider's credentials allow; guardrails sees a string, not the resources
 * it makes. They are held for a person, who reads the template.
 *
 * Upbound kinds come from the providers' CRDs (provider-upjet-aws 75a4c571,
 * provider-upjet-azure a983cb47, provider-upjet-gcp 8da2207a; every version,
 * both groups). The other groups are those the providers serve, cluster-scoped
 * and namespaced: upbound/provider-terraform (`tf.upbound.io`,
 * `tf.m.upbound.io`, formerly `tf.crossplane.io`), upbound/provider-opentofu,
 * and crossplane-contrib's provider-helm, provider-http, provider-ansible and
 * provider-aws (the community AWS provider's CloudFormation Stack). GCP has no Deployment
 * Manager kind in provider-upjet-gcp; its OS Config kinds run scripts on VMs.
 * Crossplane's own Compositions, Operations and packages run pipelines or code
 * of their own: composed by an agent, they would escape this pipeline. So do
 * what steers them (docs.crossplane.io: Composition revisions, Environment
 * Configs, Image Configs, Managed Resource Definitions): a revision XRs select,
 * the data other Compositions patch from, where package images come from, and
 * the definitions of APIs.
 */
import type { Cloud } from '../../engine/gvk.js';
import { defineRule, type Rule } from '../../engine/rule.js';

/** Kinds of one Upbound service, and what makes them opaque. */
interface UpboundKinds {
  cloud: Cloud;
  service: string;
  kinds: readonly string[];
  why: string;
}

/** Kinds of another provider, in its cluster-scoped and namespaced groups. */
interface OtherKinds {
  groups: readonly string[];
  kinds: readonly string[];
  why: string;
}

const UPBOUND: readonly UpboundKinds[] = [
  { cloud: 'aws', service: 'cloudformation', kinds: ['Stack'], why: 'a CloudFormation template can create any AWS resource' },
  { cloud: 'aws', service: 'cloudformation', kinds: ['StackSet', 'StackSetInstance'], why: 'a CloudFormation StackSet deploys a template, which can create any AWS resource, into other accounts and regions' },
  { cloud: 'aws', service: 'cloudcontrol', kinds: ['Resource'], why: 'Cloud Control creates a resource of any type from a JSON document' },
  { cloud: 'aws', service: 'ssm', kinds: ['Document'], why: 'an SSM document is a script or an automation, run with the permissions of whatever executes it' },
  { cloud: 'aws', service: 'ssm', kinds: ['Association'], why: 'an SSM association runs a document (commands, an automation) on instances or with a role' },
  { cloud: 'aws', service: 'ssm', kinds: ['MaintenanceWindowTask'], why: 'a maintenance window task runs commands, automations, Lambda functions or Step Functions' },
  { cloud: 'aws', service: 'lambda', kinds: ['Invocation'], why: 'an Invocation runs a Lambda function with an input of its choosing, with the function\'s role' },
  {
    cloud: 'azure',
    service: 'resources',
    kinds: ['ResourceGroupTemplateDeployment', 'SubscriptionTemplateDeployment'],
    why: 'an ARM template can create any Azure resource in its scope',
  },
  {
    cloud: 'azure',
    service: 'resources',
    kinds: ['ResourceDeploymentScriptAzureCli', 'ResourceDeploymentScriptAzurePowerShell'],
    why: 'a deployment script runs any Azure CLI or PowerShell script, with a managed identity',
  },
  { cloud: 'azure', service: 'compute', kinds: ['VirtualMachineRunCommand'], why: 'a run command runs a script on a virtual machine, with its managed identity' },
  { cloud: 'gcp', service: 'osconfig', kinds: ['OsPolicyAssignment'], why: 'an OS policy assignment runs scripts on VMs, with their service account' },
  { cloud: 'gcp', service: 'osconfig', kinds: ['PatchDeployment'], why: 'a patch deployment runs pre- and post-patch scripts on VMs, with their service account' },
];

const OTHERS: readonly OtherKinds[] = [
  // tf.crossplane.io: provider-terraform before it moved to tf.upbound.io.
  { groups: ['tf.upbound.io', 'tf.m.upbound.io', 'tf.crossplane.io'], kinds: ['Workspace'], why: 'a Terraform module can create anything the provider\'s credentials allow' },
  // crossplane-contrib/provider-aws, the community AWS provider.
  { groups: ['cloudformation.aws.crossplane.io'], kinds: ['Stack'], why: 'a CloudFormation template can create any AWS resource' },
  { groups: ['opentofu.upbound.io', 'opentofu.m.upbound.io'], kinds: ['Workspace'], why: 'an OpenTofu module can create anything the provider\'s credentials allow' },
  {
    groups: ['helm.crossplane.io', 'helm.m.crossplane.io'],
    kinds: ['Release'],
    why: 'a Helm chart installs any Kubernetes objects, RBAC included, with the provider\'s permissions',
  },
  {
    groups: ['http.crossplane.io', 'http.m.crossplane.io'],
    kinds: ['Request', 'DisposableRequest'],
    why: 'it sends any HTTP request to any endpoint, with the secrets the provider fills in',
  },
  { groups: ['ansible.crossplane.io', 'ansible.m.crossplane.io'], kinds: ['AnsibleRun'], why: 'an Ansible playbook runs anything on the hosts it reaches' },
  // Crossplane's own: a composition that composes these escapes the pipeline guardrails runs in.
  {
    groups: ['apiextensions.crossplane.io'],
    kinds: ['Composition'],
    why: "a Composition is a pipeline of functions that composes any resources with Crossplane's permissions, for any XR that selects it, and these guardrails judge only the pipelines they are a step of",
  },
  {
    groups: ['apiextensions.crossplane.io'],
    kinds: ['CompositionRevision'],
    why: "a CompositionRevision is a Composition's pipeline as XRs run it: one that selects revisions by label or name runs whatever this one composes, with Crossplane's permissions",
  },
  {
    groups: ['apiextensions.crossplane.io'],
    kinds: ['EnvironmentConfig'],
    why: "every Composition that selects an EnvironmentConfig reads its data: patched into other XRs' resources, it decides what they compose (their accounts, regions and address ranges among them)",
  },
  {
    groups: ['apiextensions.crossplane.io'],
    kinds: ['CompositeResourceDefinition', 'ManagedResourceDefinition'],
    why: 'it defines a cluster-wide API, whose CRD Crossplane creates with its own permissions; under an existing name it takes over that API for everyone who uses it',
  },
  {
    groups: ['ops.crossplane.io'],
    kinds: ['Operation', 'CronOperation', 'WatchOperation'],
    why: "an Operation runs a pipeline of functions that can create or change any resources with Crossplane's permissions",
  },
  {
    groups: ['pkg.crossplane.io'],
    kinds: ['Provider', 'Function', 'Configuration', 'DeploymentRuntimeConfig', 'ProviderRevision', 'FunctionRevision', 'ConfigurationRevision'],
    why: 'it installs or configures a package, which runs code (or brings Compositions) from an image of its choosing, with the permissions Crossplane grants it',
  },
  {
    groups: ['pkg.crossplane.io'],
    kinds: ['ImageConfig'],
    why: "an ImageConfig tells Crossplane's package manager where to pull the images of every matching package from, with which credentials and signature checks: it can swap the code of any provider or function on its next install or upgrade",
  },
];

/** Why a kind is opaque, keyed by its `ResourceType.ref` (`aws/cloudformation/Stack`, `tf.upbound.io/Workspace`); built once. */
const WHY: ReadonlyMap<string, string> = new Map([
  ...UPBOUND.flatMap((u) => u.kinds.map((k): [string, string] => [`${u.cloud}/${u.service}/${k}`, u.why])),
  ...OTHERS.flatMap((o) => o.groups.flatMap((g) => o.kinds.map((k): [string, string] => [`${g}/${k}`, o.why]))),
]);

export const crossplaneOpaqueTemplate = defineRule({
  id: 'crossplane-opaque-template',
  title: 'Kinds that run templates or code need approval',
  severity: 'high',
  defaultAction: 'RequireApproval',
  description: `Holds for approval the kinds that carry a template, a script or a request that can create anything and cannot be judged field by field: ${[
    ...UPBOUND.map((u) => `${u.cloud} ${u.service} ${u.kinds.join(', ')}`),
    ...OTHERS.map((o) => `${o.kinds.join(', ')} (${o.groups.join(', ')})`),
  ].join('; ')}. The message says why. The approval covers the exact spec, so any change to the template needs a new one; a template or chart fetched from elsewhere (\`templateUrl\`, a remote module, a chart version) can change after approval, so approve only pinned, immutable sources. Observe-only resources run nothing and are not judged.`,
  kinds: { summary: 'kinds that run templates or code (CloudFormation, Cloud Control, SSM, Lambda Invocation, ARM deployments, deployment scripts, run commands, OS Config, Terraform, OpenTofu, Helm, HTTP requests, Ansible, Crossplane Compositions and their revisions, EnvironmentConfigs, API definitions, Operations, packages, their revisions and image configs)', test: (type) => WHY.has(type.ref) },
  check(ctx) {
    ctx.unsafe('spec', `${ctx.type.kind} cannot be judged field by field: ${WHY.get(ctx.type.ref) ?? 'it runs a template'}. Compose the resources it would create instead, or get approval for this exact spec (a template fetched from a URL or repository can change after approval: approve only pinned sources)`);
  },
}) satisfies Rule;
