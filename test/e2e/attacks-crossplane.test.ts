/**
 * Crossplane's own fields, attacked over gRPC: adopting cloud resources
 * that already exist, choosing the credentials a resource acts with,
 * reading another namespace's secrets, and kinds that run a template or a
 * script no rule can read field by field.
 */
import { describe, expect, it } from 'vitest';
import { rdsInstance } from '../builders.js';
import { HOLDING, REFUSED, applied, approveLine, condition, desiredNames, digestIn, input, lines, managed, request, severities, withPolicies, type RequestOptions } from './attacks.js';
import { serveDuringSuite, type JsonObject } from './harness.js';

const server = serveDuringSuite();
const run = (desired: Record<string, JsonObject>, opts: RequestOptions = {}) => server.rpc.runJson(request(desired, opts));

/** Holds `r` and returns the condition's lines after the first, the approve line checked against `rules`. */
async function held(r: JsonObject, rules: string, opts: RequestOptions = {}): Promise<string[]> {
  const rsp = await run({ r }, opts);
  expect(desiredNames(rsp)).toEqual([]);
  expect(severities(rsp)).toEqual(['SEVERITY_WARNING']);
  const digest = digestIn(condition(rsp)?.message)!;
  const all = lines(rsp);
  expect(all[0]).toBe(HOLDING('r'));
  expect(all).toContain(approveLine('r', digest, rules));
  return all.filter((l) => !l.startsWith('[approval] ')).slice(1);
}

/** A compliant database, so only the field under attack is judged. */
const db = (forProvider: JsonObject = {}, group: 'cluster' | 'namespaced' = 'cluster'): JsonObject =>
  rdsInstance(
    { instanceClass: 'db.t4g.micro', storageEncrypted: true, publiclyAccessible: false, backupRetentionPeriod: 7, iamDatabaseAuthenticationEnabled: true, deletionProtection: true, copyTagsToSnapshot: true, enabledCloudwatchLogsExports: ['postgresql'], ...forProvider },
    { group },
  ) as JsonObject;
const withSpec = (r: JsonObject, spec: JsonObject): JsonObject => ({ ...r, spec: { ...(r.spec as JsonObject), ...spec } });
const annotated = (r: JsonObject, metadata: JsonObject): JsonObject => ({ ...r, metadata });

const trust = (account: string) => JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${account}:root` }, Action: 'sts:AssumeRole' }] });
const FOREIGN =
  "[aws-iam-trust-foreign-account] r: Statement[0] lets account 999988887777 (AWS \"arn:aws:iam::999988887777:root\") assume this role (sts:AssumeRole) with no sts:ExternalId condition, and no account is listed as the platform's own in rules.aws-iam-trust-foreign-account.accounts, so every account is foreign; list the account there if it is the platform's, add a Condition on sts:ExternalId agreed with the third party, or have a human approve it (spec.forProvider.assumeRolePolicy)";
const adopts = (name: string, what = 'change and delete it') =>
  `[crossplane-adoption] r: metadata.annotations[crossplane.io/external-name] is "${name}" on a new managed resource: Crossplane adopts the existing cloud resource of that name instead of creating one, and can then ${what}. Remove the annotation to create a new resource, or get approval; the approval covers exactly "${name}"`;

/** The organisation's trail, logging as it should; with `logging: false`, stopped. */
const trail = (metadata: JsonObject, logging = true) =>
  managed(
    'cloudtrail.aws.upbound.io/v1beta1',
    'Trail',
    {
      s3BucketName: 'org-trail-logs',
      enableLogging: logging,
      isMultiRegionTrail: true,
      enableLogFileValidation: true,
      kmsKeyId: 'arn:aws:kms:eu-west-1:111122223333:key/trail',
      cloudWatchLogsGroupArn: 'arn:aws:logs:eu-west-1:111122223333:log-group:org-trail:*',
      cloudWatchLogsRoleArn: 'arn:aws:iam::111122223333:role/org-trail-logs',
      snsTopicName: 'org-trail-deliveries',
    },
    { metadata },
  );
const LOGGING_OFF =
  '[aws-cloudtrail-logging] r: spec.forProvider.enableLogging is false; set it to true (or remove it): a trail that does not log records nothing';

describe('adoption', () => {
  it('an agent adopts a production database by external name on a not-yet-observed resource with managementPolicies ["Observe","Delete"]', async () => {
    const r = withPolicies(annotated(db(), { annotations: { 'crossplane.io/external-name': 'prod-orders' } }), ['Observe', 'Delete']);
    expect(await held(r, 'crossplane-adoption')).toEqual([adopts('prod-orders', 'delete it')]);
  });

  it("an agent adopts the organisation's CloudTrail by external name", async () => {
    expect(await held(trail({ annotations: { 'crossplane.io/external-name': 'organization-trail' } }), 'crossplane-adoption')).toEqual([adopts('organization-trail')]);
  });

  it("an agent adopts the organisation's CloudTrail by external name, with logging off: refused", async () => {
    const rsp = await run({ r: trail({ annotations: { 'crossplane.io/external-name': 'organization-trail' } }, false) });
    expect(severities(rsp)).toEqual(['SEVERITY_WARNING', 'SEVERITY_FATAL']);
    expect(lines(rsp)[0]).toBe(LOGGING_OFF);
    expect(applied(rsp)).toEqual([]);
  });

  it("an agent adopts the organisation's CloudTrail by metadata.name alone, where the platform judges names", async () => {
    const opts = { input: input({ 'crossplane-adoption': { names: true } }) };
    expect(await held(trail({ name: 'organization-trail' }), 'crossplane-adoption', opts)).toEqual([
      '[crossplane-adoption] r: metadata.name is "organization-trail" on a new managed resource without an external name: Crossplane takes over an existing object of that name that no XR controls, and providers name the cloud resource after it, so Crossplane adopts an existing one called "organization-trail" and can then change and delete it. Leave metadata.name to Crossplane, or get approval; the approval covers exactly "organization-trail"',
    ]);
  });

  // With the default Input (`crossplane-adoption.names: false`) an explicit metadata.name is not judged, though for the
  // kinds named after it (a Trail's external name starts as its metadata.name) it adopts like the annotation does: a
  // documented limit (README, SECURITY.md; platforms where claims choose names turn `names` on). What such an adoption
  // may do is still judged: the trail cannot be made to stop logging.
  it("an agent adopts the organisation's CloudTrail by metadata.name alone, with the default Input, and turns its logging off: refused", async () => {
    const rsp = await run({ r: trail({ name: 'organization-trail' }, false) });
    expect(severities(rsp)).toEqual(['SEVERITY_WARNING', 'SEVERITY_FATAL']);
    expect(lines(rsp)).toEqual([LOGGING_OFF, REFUSED(1)]);
    expect(applied(rsp)).toEqual([]);
  });

  it('an agent rewrites OrganizationAccountAccessRole, adopted by external name, to trust another account', async () => {
    const role = { apiVersion: 'iam.aws.upbound.io/v1beta1', kind: 'Role', metadata: { annotations: { 'crossplane.io/external-name': 'OrganizationAccountAccessRole' } }, spec: { forProvider: { assumeRolePolicy: trust('999988887777') } } };
    expect(await held(role, 'aws-iam-trust-foreign-account, crossplane-adoption')).toEqual([adopts('OrganizationAccountAccessRole'), FOREIGN]);
  });

  it('an agent rewrites OrganizationAccountAccessRole, adopted by metadata.name, to trust another account', async () => {
    const role = { apiVersion: 'iam.aws.upbound.io/v1beta1', kind: 'Role', metadata: { name: 'OrganizationAccountAccessRole' }, spec: { forProvider: { assumeRolePolicy: trust('999988887777') } } };
    expect(await held(role, 'aws-iam-trust-foreign-account')).toEqual([FOREIGN]);
  });
});

describe('credentials', () => {
  it('an agent points a database at a providerConfigRef outside crossplane-provider-config.allowed', async () => {
    const rsp = await run({ r: withSpec(db(), { providerConfigRef: { name: 'prod-admin' } }) }, { input: input({ 'crossplane-provider-config': { allowed: ['team-a-*'] } }) });
    expect(severities(rsp)).toEqual(['SEVERITY_WARNING', 'SEVERITY_FATAL']);
    expect(lines(rsp)).toEqual([
      '[crossplane-provider-config] r: spec.providerConfigRef names ProviderConfig "prod-admin", not one of the allowed provider configs (team-a-*); name an allowed one (spec.providerConfigRef.name)',
      REFUSED(1),
    ]);
    expect(applied(rsp)).toEqual([]);
  });

  it('an agent points a namespaced database at a ClusterProviderConfig', async () => {
    const r = withSpec(db({}, 'namespaced'), { providerConfigRef: { kind: 'ClusterProviderConfig', name: 'prod-admin' } });
    expect(await held(r, 'crossplane-cluster-provider-config')).toEqual([
      '[crossplane-cluster-provider-config] r: spec.providerConfigRef names ClusterProviderConfig "prod-admin": a namespaced managed resource reaches credentials shared by the whole cluster. Name a ProviderConfig in the resource\'s namespace, or get approval (spec.providerConfigRef.kind)',
    ]);
  });

  const secrets = [
    {
      name: 'an agent uses crossplane-system/aws-credentials as a database password',
      resource: db({ username: 'admin', passwordSecretRef: { namespace: 'crossplane-system', name: 'aws-credentials', key: 'credentials' } }),
      want: '[crossplane-secret-namespace] r: spec.forProvider.passwordSecretRef.namespace is "crossplane-system": the provider reads crossplane-system/aws-credentials with its own permissions, outside the XR\'s namespace "team-a"; refer only to "team-a"',
    },
    {
      name: 'an agent writes a database connection secret into crossplane-system, under an approval name',
      resource: withSpec(db(), { writeConnectionSecretToRef: { namespace: 'crossplane-system', name: 'guardrails-approval-1' } }),
      want: '[crossplane-secret-namespace] r: spec.writeConnectionSecretToRef.namespace is "crossplane-system": the provider writes its connection details to crossplane-system/guardrails-approval-1 with its own permissions, outside the XR\'s namespace "team-a"; refer only to "team-a"',
    },
    {
      name: 'an agent patches crossplane-system/aws-credentials into an Object it composes',
      resource: {
        apiVersion: 'kubernetes.crossplane.io/v1alpha2',
        kind: 'Object',
        spec: {
          forProvider: { manifest: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'leak', namespace: 'team-a' } } },
          providerConfigRef: { name: 'in-cluster' },
          references: [{ patchesFrom: { apiVersion: 'v1', kind: 'Secret', name: 'aws-credentials', namespace: 'crossplane-system', fieldPath: 'data.credentials' }, toFieldPath: 'data.creds' }],
        },
      },
      want: '[crossplane-secret-namespace] r: spec.references[0].patchesFrom.namespace is "crossplane-system": the provider reads Secret crossplane-system/aws-credentials with its own permissions, outside the XR\'s namespace "team-a"; refer only to "team-a"',
      // A patch into the manifest is also held on its own: what is applied is not what was judged.
      also: [
        "[crossplane-object-patches] r: the manifest's data.creds is patched at apply time from Secret crossplane-system/aws-credentials data.credentials, so what is applied is not what function-guardrails judged; write the value into the manifest, or get approval for these exact references (spec.references[0].patchesFrom)",
      ],
    },
  ];
  it.each(secrets)('$name', async ({ resource, want, also }) => {
    const rsp = await run({ r: resource });
    expect(severities(rsp)).toEqual(['SEVERITY_WARNING', 'SEVERITY_FATAL']);
    expect(lines(rsp).filter((l) => !l.startsWith('[approval] '))).toEqual([want, ...(also ?? []), REFUSED(1)]);
    expect(applied(rsp)).toEqual([]);
  });
});

describe('kinds that run a template or a script', () => {
  const cases: { name: string; resource: JsonObject; why: string }[] = [
    {
      name: 'an agent composes a CloudFormation Stack',
      // It notifies a topic, so aws-cloudformation-notifications has nothing to add to the hold.
      resource: managed('cloudformation.aws.upbound.io/v1beta1', 'Stack', { name: 'infra', templateBody: '{"Resources": {"Admin": {"Type": "AWS::IAM::User"}}}', capabilities: ['CAPABILITY_IAM'], notificationArns: ['arn:aws:sns:eu-west-1:111122223333:stack-events'] }),
      why: 'Stack cannot be judged field by field: a CloudFormation template can create any AWS resource.',
    },
    {
      name: 'an agent composes a Cloud Control Resource',
      resource: managed('cloudcontrol.aws.upbound.io/v1beta1', 'Resource', { typeName: 'AWS::IAM::User', desiredState: '{"UserName": "agent"}' }),
      why: 'Resource cannot be judged field by field: Cloud Control creates a resource of any type from a JSON document.',
    },
    {
      name: 'an agent composes a Terraform Workspace',
      resource: { apiVersion: 'tf.upbound.io/v1beta1', kind: 'Workspace', spec: { forProvider: { source: 'Inline', module: 'resource "aws_iam_user" "agent" { name = "agent" }' } } },
      why: "Workspace cannot be judged field by field: a Terraform module can create anything the provider's credentials allow.",
    },
    {
      name: 'an agent composes an SSM Association running a shell script on every instance',
      resource: managed('ssm.aws.upbound.io/v1beta1', 'Association', { name: 'AWS-RunShellScript', targets: [{ key: 'InstanceIds', values: ['*'] }] }),
      why: 'Association cannot be judged field by field: an SSM association runs a document (commands, an automation) on instances or with a role.',
    },
    {
      name: 'an agent composes an SSM Document',
      resource: managed('ssm.aws.upbound.io/v1beta1', 'Document', { documentType: 'Command', content: '{"schemaVersion": "2.2", "mainSteps": []}' }),
      why: 'Document cannot be judged field by field: an SSM document is a script or an automation, run with the permissions of whatever executes it.',
    },
    {
      name: 'an agent composes a Lambda Invocation',
      resource: managed('lambda.aws.upbound.io/v1beta1', 'Invocation', { functionName: 'rotate-keys', input: '{"user": "admin"}' }),
      why: "Invocation cannot be judged field by field: an Invocation runs a Lambda function with an input of its choosing, with the function's role.",
    },
    // Found by this suite and fixed in src/rules/crossplane/opaque.ts: Crossplane's own kinds that run a pipeline or
    // code were Compliant, so an agent's composition could compose a Composition (or an Operation, or a package) that
    // runs without these guardrails.
    {
      name: 'an agent composes a Composition of its own, whose pipeline has no guardrails',
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
      why: "Composition cannot be judged field by field: a Composition is a pipeline of functions that composes any resources with Crossplane's permissions, for any XR that selects it, and these guardrails judge only the pipelines they are a step of.",
    },
    {
      name: 'an agent composes a Crossplane Operation',
      resource: { apiVersion: 'ops.crossplane.io/v1alpha1', kind: 'Operation', metadata: { name: 'once' }, spec: { mode: 'Pipeline', pipeline: [{ step: 'go', functionRef: { name: 'function-go-templating' } }] } },
      why: "Operation cannot be judged field by field: an Operation runs a pipeline of functions that can create or change any resources with Crossplane's permissions.",
    },
    {
      name: 'an agent composes a Crossplane Function package of its own',
      resource: { apiVersion: 'pkg.crossplane.io/v1', kind: 'Function', metadata: { name: 'helper' }, spec: { package: 'registry.example.com/agent/helper:v1' } },
      why: 'Function cannot be judged field by field: it installs or configures a package, which runs code (or brings Compositions) from an image of its choosing, with the permissions Crossplane grants it.',
    },
  ];
  it.each(cases)('$name: held, saying why', async ({ resource, why }) => {
    expect(await held(resource, 'crossplane-opaque-template')).toEqual([
      `[crossplane-opaque-template] r: ${why} Compose the resources it would create instead, or get approval for this exact spec (a template fetched from a URL or repository can change after approval: approve only pinned sources)`,
    ]);
  });
});
