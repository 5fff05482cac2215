import { describe, it } from 'vitest';
import { finding, runFindingsCase, withPolicies, type FindingsCase } from '../../../test/builders/aws-data.js';
import { gcpResource, served } from '../../../test/builders/gcp-data.js';
import type { Finding, KubeObject } from '../../engine/types.js';
import { IAM_RULES, iamPrivilegedGrant, iamPublicInvoker, iamPublicMember } from './iam.js';

const CLUSTER = served('cluster', 'v1beta2');
const NAMESPACED = served('namespaced', 'v1beta1');
const SHAPES = [CLUSTER, NAMESPACED, served('cluster', 'v1beta1')];

const member = (service: string, kind: string, forProvider: Record<string, unknown>, s = CLUSTER): KubeObject => gcpResource(service, kind, s, forProvider);

const PUBLIC_ADVICE = 'grant it to named users, groups or service accounts instead';
const refused = (path: string, what: string, principal: string, who = 'anyone on the internet'): Finding => finding(iamPublicMember, 'Deny', path, `${path} grants ${what}to ${JSON.stringify(principal)}: ${who}; ${PUBLIC_ADVICE}`);

const policy = (doc: unknown) => JSON.stringify(doc);

const publicCases: FindingsCase[] = [
  ...SHAPES.flatMap((s): FindingsCase[] => [
    {
      name: `${s.label}: BucketIAMMember to allUsers`,
      reason: 'a bucket anyone may read (CKV_GCP_28)',
      resource: member('storage', 'BucketIAMMember', { bucket: 'data', role: 'roles/storage.objectViewer', member: 'allUsers' }, s),
      want: [refused('spec.forProvider.member', 'roles/storage.objectViewer ', 'allUsers')],
    },
    {
      name: `${s.label}: a grant in initProvider only`,
      reason: 'initProvider is applied at creation: read like forProvider',
      resource: { ...member('storage', 'BucketIAMMember', { bucket: 'data', role: 'roles/storage.objectViewer' }, s), spec: { forProvider: { bucket: 'data', role: 'roles/storage.objectViewer' }, initProvider: { member: 'allAuthenticatedUsers' } } },
      want: [finding(iamPublicMember, 'Deny', 'spec.initProvider.member', `spec.initProvider.member grants roles/storage.objectViewer to "allAuthenticatedUsers": any Google account; ${PUBLIC_ADVICE}`)],
    },
  ]),
  {
    name: 'allAuthenticatedUsers is any Google account',
    reason: 'not only the organization: the same danger',
    resource: member('storage', 'BucketIAMMember', { bucket: 'data', role: 'roles/storage.objectViewer', member: 'allAuthenticatedUsers' }),
    want: [refused('spec.forProvider.member', 'roles/storage.objectViewer ', 'allAuthenticatedUsers', 'any Google account')],
  },
  {
    name: 'another spelling: case and spaces',
    reason: 'the principal is compared without case or surrounding space, so no spelling slips through',
    resource: member('pubsub', 'TopicIAMMember', { topic: 't', role: 'roles/pubsub.publisher', member: ' AllUsers ' }),
    want: [refused('spec.forProvider.member', 'roles/pubsub.publisher ', 'AllUsers')],
  },
  {
    name: 'principalSet://goog/public:all',
    reason: "IAM's own name for every principal",
    resource: member('secretmanager', 'SecretIAMMember', { secretId: 's', role: 'roles/secretmanager.secretAccessor', member: 'principalSet://goog/public:all' }),
    want: [refused('spec.forProvider.member', 'roles/secretmanager.secretAccessor ', 'principalSet://goog/public:all')],
  },
  {
    name: 'a service account anyone may impersonate',
    reason: 'ServiceAccountIAMMember: the same danger on another kind',
    resource: member('cloudplatform', 'ServiceAccountIAMMember', { serviceAccountId: 'sa', role: 'roles/iam.serviceAccountTokenCreator', member: 'allUsers' }),
    want: [refused('spec.forProvider.member', 'roles/iam.serviceAccountTokenCreator ', 'allUsers')],
  },
  {
    name: 'a KMS key anyone may use',
    reason: 'CKV_GCP_112',
    resource: member('kms', 'CryptoKeyIAMMember', { cryptoKeyId: 'k', role: 'roles/cloudkms.cryptoKeyDecrypter', member: 'allUsers' }, NAMESPACED),
    want: [refused('spec.forProvider.member', 'roles/cloudkms.cryptoKeyDecrypter ', 'allUsers')],
  },
  {
    name: 'an IAM member kind of a future release',
    reason: 'every *IAMMember kind is read by its name, so a kind added tomorrow is read too',
    resource: member('widgets', 'GadgetIAMMember', { gadget: 'g', role: 'roles/widgets.viewer', member: 'allUsers' }),
    want: [refused('spec.forProvider.member', 'roles/widgets.viewer ', 'allUsers')],
  },
  {
    name: 'a named user passes',
    reason: 'compliant',
    resource: member('storage', 'BucketIAMMember', { bucket: 'data', role: 'roles/storage.objectViewer', member: 'user:ana@example.com' }),
    want: [],
  },
  {
    name: 'a member that is not a string',
    reason: 'malformed: refused, never passed',
    resource: member('storage', 'BucketIAMMember', { bucket: 'data', role: 'roles/storage.objectViewer', member: ['allUsers'] }),
    want: [finding(iamPublicMember, 'Deny', 'spec.forProvider.member', 'spec.forProvider.member must be a string, got an array')],
  },
  {
    name: 'an IAM binding with allUsers among its members',
    reason: '*IAMBinding: members is a list',
    resource: member('bigquery', 'TableIAMBinding', { tableId: 't', role: 'roles/bigquery.dataViewer', members: ['group:data@example.com', 'allUsers'] }),
    want: [refused('spec.forProvider.members[1]', 'roles/bigquery.dataViewer ', 'allUsers')],
  },
  {
    name: 'binding members that are not a list',
    reason: 'a string where a list belongs: refused',
    resource: member('bigquery', 'TableIAMBinding', { tableId: 't', role: 'roles/bigquery.dataViewer', members: 'allUsers' }),
    want: [finding(iamPublicMember, 'Deny', 'spec.forProvider.members', 'spec.forProvider.members must be a list of strings, got the string "allUsers"')],
  },
  {
    name: 'an IAM policy document with allUsers',
    reason: '*IAMPolicy: the bindings of policyData are read',
    resource: member('storage', 'BucketIAMPolicy', { bucket: 'data', policyData: policy({ bindings: [{ role: 'roles/storage.objectViewer', members: ['allUsers'] }] }) }, served('cluster', 'v1beta1')),
    want: [refused('spec.forProvider.policyData', 'roles/storage.objectViewer ', 'allUsers')],
  },
  {
    name: 'an IAM policy with keys in another case',
    reason: "Go's encoding/json matches keys without case (and folds ſ): `Members` and `memberſ` are read as members",
    resource: member('storage', 'BucketIAMPolicy', { bucket: 'data', policyData: policy({ Bindings: [{ ROLE: 'roles/storage.admin', Members: ['user:a@example.com'], 'memberſ': ['allAuthenticatedUsers'] }] }) }, served('cluster', 'v1beta1')),
    want: [refused('spec.forProvider.policyData', 'roles/storage.admin ', 'allAuthenticatedUsers', 'any Google account')],
  },
  {
    name: 'an IAM policy that is not JSON',
    reason: 'a document that cannot be read cannot be judged: refused',
    resource: member('storage', 'BucketIAMPolicy', { bucket: 'data', policyData: '{"bindings": [' }, served('cluster', 'v1beta1')),
    want: [finding(iamPublicMember, 'Deny', 'spec.forProvider.policyData', `spec.forProvider.policyData is not JSON (${jsonError('{"bindings": [')}); it cannot be judged`)],
  },
  {
    name: 'an IAM policy whose bindings are not a list',
    reason: 'malformed: refused',
    resource: member('storage', 'BucketIAMPolicy', { bucket: 'data', policyData: policy({ bindings: { role: 'r', members: ['allUsers'] } }) }, served('cluster', 'v1beta1')),
    want: [finding(iamPublicMember, 'Deny', 'spec.forProvider.policyData', 'spec.forProvider.policyData: bindings must be a list, got an object')],
  },
  {
    name: 'a bucket ACL entry for allUsers',
    reason: 'Cloud Storage ACLs grant too: roleEntity READER:allUsers',
    resource: member('storage', 'BucketACL', { bucket: 'data', roleEntity: ['OWNER:user-ana@example.com', 'READER:allUsers'] }, served('cluster', 'v1beta1')),
    want: [refused('spec.forProvider.roleEntity[1]', 'READER ', 'allUsers')],
  },
  {
    name: 'a predefined public ACL',
    reason: 'publicRead on the bucket, and as the default object ACL',
    resource: member('storage', 'BucketACL', { bucket: 'data', predefinedAcl: 'publicRead', defaultAcl: 'authenticatedRead' }, served('cluster', 'v1beta1')),
    want: [refused('spec.forProvider.predefinedAcl', 'predefined ACL publicRead ', 'allUsers'), refused('spec.forProvider.defaultAcl', 'predefined ACL authenticatedRead ', 'allAuthenticatedUsers', 'any Google account')],
  },
  {
    name: 'a private predefined ACL passes',
    reason: 'compliant',
    resource: member('storage', 'BucketACL', { bucket: 'data', predefinedAcl: 'private' }, served('cluster', 'v1beta1')),
    want: [],
  },
  {
    name: 'an object access control for allUsers',
    reason: 'entity allUsers on a single object',
    resource: member('storage', 'ObjectAccessControl', { bucket: 'data', object: 'index.html', role: 'READER', entity: 'allUsers' }, served('cluster', 'v1beta1')),
    want: [refused('spec.forProvider.entity', 'READER ', 'allUsers')],
  },
  {
    name: 'BigQuery dataset access for allAuthenticatedUsers',
    reason: 'CKV_GCP_15: a special group in the dataset\'s own access blocks',
    resource: member('bigquery', 'Dataset', { location: 'EU', access: [{ role: 'OWNER', userByEmail: 'ana@example.com' }, { role: 'READER', specialGroup: 'allAuthenticatedUsers' }] }),
    want: [refused('spec.forProvider.access[1].specialGroup', 'READER ', 'allAuthenticatedUsers', 'any Google account')],
  },
  {
    name: 'BigQuery DatasetAccess for allUsers',
    reason: 'the standalone kind',
    resource: member('bigquery', 'DatasetAccess', { datasetId: 'd', role: 'READER', iamMember: 'allUsers' }),
    want: [refused('spec.forProvider.iamMember', 'READER ', 'allUsers')],
  },
  {
    name: 'BigQuery access that is not a list',
    reason: 'malformed: refused',
    resource: member('bigquery', 'Dataset', { location: 'EU', access: { specialGroup: 'allUsers' } }),
    want: [finding(iamPublicMember, 'Deny', 'spec.forProvider.access', 'spec.forProvider.access must be a list of access blocks, got an object')],
  },
  {
    name: 'Cloud Run: any other role to allUsers is refused',
    reason: 'only the invoker role is a design choice',
    resource: member('cloudrun', 'ServiceIAMMember', { service: 'api', role: 'roles/run.developer', member: 'allUsers' }),
    want: [refused('spec.forProvider.member', 'roles/run.developer ', 'allUsers')],
  },
  {
    name: 'observe-only',
    reason: "someone else's grant: not judged",
    resource: withPolicies(member('storage', 'BucketIAMMember', { bucket: 'data', role: 'roles/storage.objectViewer', member: 'allUsers' }), ['Observe']),
    want: [],
  },
];

const invokerCases: FindingsCase[] = [
  {
    name: 'a public Cloud Run service',
    reason: 'anyone may invoke it: held, not refused',
    resource: member('cloudrun', 'ServiceIAMMember', { service: 'api', role: 'roles/run.invoker', member: 'allUsers' }),
    want: [
      finding(
        iamPublicInvoker,
        'RequireApproval',
        'spec.forProvider.member',
        'spec.forProvider.member lets anyone on the internet invoke it (roles/run.invoker to "allUsers"); approve only for a service meant to be public, else grant the invoker role to named callers',
      ),
    ],
  },
  {
    name: 'a public Cloud Function (2nd gen), namespaced',
    reason: 'the same on every serving kind',
    resource: member('cloudfunctions2', 'FunctionIAMMember', { cloudFunction: 'f', role: 'roles/cloudfunctions.invoker', member: 'allAuthenticatedUsers' }, NAMESPACED),
    want: [
      finding(
        iamPublicInvoker,
        'RequireApproval',
        'spec.forProvider.member',
        'spec.forProvider.member lets any Google account invoke it (roles/cloudfunctions.invoker to "allAuthenticatedUsers"); approve only for a service meant to be public, else grant the invoker role to named callers',
      ),
    ],
  },
  {
    name: 'the invoker role on a bucket is no exception',
    reason: 'only Cloud Run and Cloud Functions serve requests',
    resource: member('storage', 'BucketIAMMember', { bucket: 'data', role: 'roles/run.invoker', member: 'allUsers' }),
    want: [refused('spec.forProvider.member', 'roles/run.invoker ', 'allUsers')],
  },
];

const grant = (kind: string, role: string, principal: string) => member('cloudplatform', kind, { project: 'acme', role, member: principal });
const held = (message: string): Finding => finding(iamPrivilegedGrant, 'RequireApproval', 'spec.forProvider.member', message);
const APPROVE = 'approve only if this principal must hold it, else grant a narrower predefined or custom role';

const privilegedCases: FindingsCase[] = [
  {
    name: 'Owner on the project',
    reason: 'a basic role (CKV_GCP_117), which also manages every service account (CKV_GCP_49)',
    resource: grant('ProjectIAMMember', 'roles/owner', 'user:ana@example.com'),
    want: [held(`spec.forProvider.member grants roles/owner on the project to user:ana@example.com: roles/owner is a basic role: every permission of every service in the project; ${APPROVE}`)],
  },
  {
    name: 'Service Account User on the project',
    reason: 'lets the user act as every service account of the project (CKV_GCP_41)',
    resource: grant('ProjectIAMMember', 'roles/iam.serviceAccountUser', 'user:ana@example.com'),
    want: [held(`spec.forProvider.member grants roles/iam.serviceAccountUser on the project to user:ana@example.com: roles/iam.serviceAccountUser lets user:ana@example.com act as, or manage, the project's service accounts or IAM; ${APPROVE}`)],
  },
  {
    name: 'a role to the default compute service account',
    reason: 'CKV_GCP_46: every VM without its own account acts as it',
    resource: grant('ProjectIAMMember', 'roles/storage.objectViewer', 'serviceAccount:123456789012-compute@developer.gserviceaccount.com'),
    want: [held(`spec.forProvider.member grants roles/storage.objectViewer on the project to serviceAccount:123456789012-compute@developer.gserviceaccount.com: serviceAccount:123456789012-compute@developer.gserviceaccount.com is a default service account, which any VM or App Engine app without its own may act as; ${APPROVE}`)],
  },
  {
    name: 'an admin role to a service account',
    reason: 'CKV_GCP_42',
    resource: grant('ProjectIAMMember', 'roles/compute.admin', 'serviceAccount:ci@acme.iam.gserviceaccount.com'),
    want: [held(`spec.forProvider.member grants roles/compute.admin on the project to serviceAccount:ci@acme.iam.gserviceaccount.com: roles/compute.admin is an administrator role granted to a service account; ${APPROVE}`)],
  },
  {
    name: 'Editor on a folder',
    reason: 'CKV_GCP_116, and CKV_GCP_44: the same on folders',
    resource: member('cloudplatform', 'FolderIAMMember', { folder: 'folders/1', role: 'roles/editor', member: 'group:dev@example.com' }, NAMESPACED),
    want: [held(`spec.forProvider.member grants roles/editor on the folder to group:dev@example.com: roles/editor is a basic role: every permission of every service in the folder; ${APPROVE}`)],
  },
  {
    name: 'the App Engine default account on the organization',
    reason: 'CKV_GCP_47',
    resource: member('cloudplatform', 'OrganizationIAMMember', { orgId: '1', role: 'roles/logging.viewer', member: 'serviceAccount:acme@appspot.gserviceaccount.com' }),
    want: [held(`spec.forProvider.member grants roles/logging.viewer on the organization to serviceAccount:acme@appspot.gserviceaccount.com: serviceAccount:acme@appspot.gserviceaccount.com is a default service account, which any VM or App Engine app without its own may act as; ${APPROVE}`)],
  },
  {
    name: 'an agent makes a user cluster-admin of every GKE cluster: Kubernetes Engine Admin on the project is held',
    reason: 'roles/container.admin is container.*, every Kubernetes API object of every cluster in the project',
    resource: grant('ProjectIAMMember', 'roles/container.admin', 'user:ana@example.com'),
    want: [held(`spec.forProvider.member grants roles/container.admin on the project to user:ana@example.com: roles/container.admin is cluster-admin in every GKE cluster of the project: every Kubernetes API object of each; ${APPROVE}`)],
  },
  {
    name: 'Kubernetes Engine Admin to a service account, padded, on a folder binding',
    reason: 'one reason, not the generic admin-to-a-service-account one as well; the role is trimmed as elsewhere',
    resource: member('cloudplatform', 'FolderIAMBinding', { folder: 'folders/1', role: ' roles/container.admin ', members: ['serviceAccount:ci@acme.iam.gserviceaccount.com'] }, NAMESPACED),
    want: [
      finding(
        iamPrivilegedGrant,
        'RequireApproval',
        'spec.forProvider.members[0]',
        `spec.forProvider.members[0] grants roles/container.admin on the folder to serviceAccount:ci@acme.iam.gserviceaccount.com: roles/container.admin is cluster-admin in every GKE cluster of the folder: every Kubernetes API object of each; ${APPROVE}`,
      ),
    ],
  },
  {
    name: 'Kubernetes Engine Cluster Admin on the project is held',
    reason: 'roles/container.clusterAdmin creates, changes and deletes every cluster and node pool',
    resource: grant('ProjectIAMMember', 'roles/container.clusterAdmin', 'group:platform@example.com'),
    want: [held(`spec.forProvider.member grants roles/container.clusterAdmin on the project to group:platform@example.com: roles/container.clusterAdmin creates, reconfigures and deletes every GKE cluster and node pool of the project; ${APPROVE}`)],
  },
  {
    name: 'Kubernetes Engine Admin in a project IAM policy document',
    reason: 'the same grant written as a whole policy',
    resource: member('cloudplatform', 'ProjectIAMPolicy', { project: 'acme', policyData: policy({ bindings: [{ role: 'roles/container.admin', members: ['user:ana@example.com'] }] }) }),
    want: [
      finding(
        iamPrivilegedGrant,
        'RequireApproval',
        'spec.forProvider.policyData',
        `spec.forProvider.policyData grants roles/container.admin on the project to user:ana@example.com: roles/container.admin is cluster-admin in every GKE cluster of the project: every Kubernetes API object of each; ${APPROVE}`,
      ),
    ],
  },
  {
    name: 'Kubernetes Engine Viewer passes',
    reason: 'read-only; not a cluster administrator role',
    resource: grant('ProjectIAMMember', 'roles/container.viewer', 'user:ana@example.com'),
    want: [],
  },
  {
    name: 'a narrow role to a user passes',
    reason: 'compliant',
    resource: grant('ProjectIAMMember', 'roles/storage.objectViewer', 'user:ana@example.com'),
    want: [],
  },
];

function jsonError(text: string): string {
  try {
    JSON.parse(text);
  } catch (err) {
    return (err as Error).message;
  }
  throw new Error('fixture is valid JSON');
}

describe('GCP IAM', () => {
  it.each(publicCases)('public members: $name', (c) => runFindingsCase(c, IAM_RULES));
  it.each(invokerCases)('public invokers: $name', (c) => runFindingsCase(c, IAM_RULES));
  it.each(privilegedCases)('privileged grants: $name', (c) => runFindingsCase(c, IAM_RULES));
});
