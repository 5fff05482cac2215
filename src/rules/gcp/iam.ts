/**
 * GCP IAM, as a class: every way a composition can grant on a GCP resource.
 * provider-upjet-gcp has an IAM member kind for most resources
 * (`BucketIAMMember`, `TopicIAMMember`, `CryptoKeyIAMMember`,
 * `ServiceAccountIAMMember`, `ProjectIAMMember`, ...), and newer releases add
 * `*IAMBinding` (a role's member list) and `*IAMPolicy` (a whole policy as
 * JSON) kinds; Cloud Storage also grants through ACL kinds, and BigQuery
 * through a dataset's `access` blocks and `DatasetAccess`. The rules read
 * every one of them by name, so a kind a future release adds is read the
 * day it exists.
 *
 * `gcp-iam-public-member` refuses a grant to anyone (`allUsers`,
 * `allAuthenticatedUsers`); `gcp-iam-public-invoker` holds the one public
 * grant that is a normal design, anyone invoking a Cloud Run service or a
 * Cloud Function; `gcp-iam-privileged-grant` holds project, folder and
 * organization grants that give away the project (basic roles, roles that
 * impersonate service accounts, grants to default service accounts).
 */
import { isObject } from '../../lang/fieldpath.js';
import type { ResourceType } from '../../engine/gvk.js';
import { defineRule, type Rule, type RuleContext } from '../../engine/rule.js';
import { describe, explicitParams } from '../params.js';

/** One principal granted a role, where it is written. */
export interface Grant {
  path: string;
  principal: string;
  /** The role, where the kind names one (`roles/storage.objectViewer`, an ACL's `READER`). */
  role?: string;
}

/** What a resource grants, and what could not be read. */
export interface Grants {
  grants: Grant[];
  malformed: { path: string; message: string }[];
}

const IAM_SUFFIX = /IAM(Member|Binding|Policy)$/;

/** Cloud Storage ACL kinds: `roleEntity` lists (`READER:allUsers`), single `entity` fields, predefined ACL names. */
const ACL_KINDS: Readonly<Record<string, { roleEntity?: true; entity?: true; predefined?: readonly string[] }>> = {
  'gcp/storage/BucketACL': { roleEntity: true, predefined: ['predefinedAcl', 'defaultAcl'] },
  'gcp/storage/DefaultObjectACL': { roleEntity: true },
  'gcp/storage/ObjectACL': { roleEntity: true, predefined: ['predefinedAcl'] },
  'gcp/storage/BucketAccessControl': { entity: true },
  'gcp/storage/DefaultObjectAccessControl': { entity: true },
  'gcp/storage/ObjectAccessControl': { entity: true },
};

/** Predefined ACLs that grant to anyone (Cloud Storage JSON API `predefinedAcl`). */
const PUBLIC_ACLS = new Set(['publicread', 'publicreadwrite', 'authenticatedread']);

/** Does the kind grant access? */
export function grantsAccess(type: ResourceType): boolean {
  if (type.cloud !== 'gcp') return false;
  return IAM_SUFFIX.test(type.kind) || type.ref in ACL_KINDS || type.ref === 'gcp/bigquery/Dataset' || type.ref === 'gcp/bigquery/DatasetAccess';
}

/**
 * Principals that mean anyone: `allUsers`, `allAuthenticatedUsers` (any
 * Google account), and IAM's `principalSet://goog/public:all`. Compared
 * without case or surrounding space, so no spelling slips through.
 */
const ANYONE = new Set(['allusers', 'allauthenticatedusers', 'principalset://goog/public:all']);

export const isAnyone = (principal: string) => ANYONE.has(principal.trim().toLowerCase());

/** The longest IAM policy read: IAM allows 64 KiB. */
const MAX_POLICY = 65_536;

/** Every grant the resource's parameters make, in forProvider then initProvider. */
export function grantsOf(ctx: RuleContext): Grants {
  const out: Grants = { grants: [], malformed: [] };
  const bad = (path: string, message: string) => out.malformed.push({ path, message });
  const strings = (field: string, fn: (path: string, value: string) => void, list = false) => {
    for (const { path, value } of explicitParams(ctx.resource, [field])) {
      if (!list) {
        if (typeof value === 'string') fn(path, value);
        else bad(path, `${path} must be a string, got ${describe(value)}`);
        continue;
      }
      if (!Array.isArray(value)) {
        bad(path, `${path} must be a list of strings, got ${describe(value)}`);
        continue;
      }
      value.forEach((v: unknown, i) => (typeof v === 'string' ? fn(`${path}[${i}]`, v) : bad(`${path}[${i}]`, `${path}[${i}] must be a string, got ${describe(v)}`)));
    }
  };
  const role = (): string | undefined => {
    const r = explicitParams(ctx.resource, ['role'])[0]?.value;
    return typeof r === 'string' ? r : undefined;
  };
  const { kind, ref } = ctx.type;
  if (kind.endsWith('IAMMember')) strings('member', (path, principal) => out.grants.push({ path, principal, ...withRole(role()) }));
  else if (kind.endsWith('IAMBinding')) strings('members', (path, principal) => out.grants.push({ path, principal, ...withRole(role()) }), true);
  else if (kind.endsWith('IAMPolicy')) strings('policyData', (path, text) => readPolicyData(path, text, out));
  const acl = ACL_KINDS[ref];
  if (acl?.roleEntity === true) {
    strings('roleEntity', (path, text) => {
      const colon = text.indexOf(':');
      out.grants.push({ path, principal: colon < 0 ? text : text.slice(colon + 1), ...withRole(colon < 0 ? undefined : text.slice(0, colon)) });
    }, true);
  }
  if (acl?.entity === true) strings('entity', (path, principal) => out.grants.push({ path, principal, ...withRole(role()) }));
  for (const field of acl?.predefined ?? []) {
    strings(field, (path, name) => {
      if (PUBLIC_ACLS.has(name.trim().toLowerCase())) out.grants.push({ path, principal: name.trim().toLowerCase() === 'authenticatedread' ? 'allAuthenticatedUsers' : 'allUsers', role: `predefined ACL ${name}` });
    });
  }
  if (ref === 'gcp/bigquery/DatasetAccess') for (const f of ['iamMember', 'specialGroup']) strings(f, (path, principal) => out.grants.push({ path, principal, ...withRole(role()) }));
  if (ref === 'gcp/bigquery/Dataset') {
    for (const { path, value } of explicitParams(ctx.resource, ['access'])) {
      if (!Array.isArray(value)) {
        bad(path, `${path} must be a list of access blocks, got ${describe(value)}`);
        continue;
      }
      value.forEach((entry: unknown, i) => {
        const at = `${path}[${i}]`;
        if (!isObject(entry)) return bad(at, `${at} must be an object, got ${describe(entry)}`);
        for (const f of ['iamMember', 'specialGroup']) {
          const v = entry[f];
          if (v === undefined || v === null) continue;
          if (typeof v === 'string') out.grants.push({ path: `${at}.${f}`, principal: v, ...withRole(typeof entry.role === 'string' ? entry.role : undefined) });
          else bad(`${at}.${f}`, `${at}.${f} must be a string, got ${describe(v)}`);
        }
      });
    }
  }
  return out;
}

const withRole = (role: string | undefined) => (role === undefined ? {} : { role });

/**
 * The grants of an IAM policy document (`{"bindings": [{"role", "members"}]}`).
 * The provider decodes it with Go's encoding/json, which matches keys without
 * regard to case (and folds `ſ` and the Kelvin sign), keeping the last of
 * repeated keys: every key that folds to `bindings`, `role` or `members` is
 * read, so `"Members": ["allUsers"]` is not missed. A document that does not
 * parse, or is too long, cannot be judged.
 */
function readPolicyData(path: string, text: string, out: Grants): void {
  if (text.length > MAX_POLICY) return void out.malformed.push({ path, message: `${path} is ${text.length.toLocaleString('en-US')} characters long, more than the ${MAX_POLICY.toLocaleString('en-US')} an IAM policy may have; it cannot be judged` });
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (err) {
    return void out.malformed.push({ path, message: `${path} is not JSON (${err instanceof Error ? err.message : String(err)}); it cannot be judged` });
  }
  if (!isObject(doc)) return void out.malformed.push({ path, message: `${path} must be a JSON object with bindings, got ${describe(doc)}` });
  for (const bindings of keyed(doc, 'bindings')) {
    if (!Array.isArray(bindings)) {
      out.malformed.push({ path, message: `${path}: bindings must be a list, got ${describe(bindings)}` });
      continue;
    }
    bindings.forEach((b: unknown, i) => {
      if (!isObject(b)) return void out.malformed.push({ path, message: `${path}: bindings[${i}] must be an object, got ${describe(b)}` });
      const role = keyed(b, 'role').find((r): r is string => typeof r === 'string');
      for (const members of keyed(b, 'members')) {
        if (!Array.isArray(members)) {
          out.malformed.push({ path, message: `${path}: bindings[${i}].members must be a list, got ${describe(members)}` });
          continue;
        }
        members.forEach((m: unknown, j) =>
          typeof m === 'string'
            ? out.grants.push({ path, principal: m, ...withRole(role) })
            : out.malformed.push({ path, message: `${path}: bindings[${i}].members[${j}] must be a string, got ${describe(m)}` }),
        );
      }
    });
  }
}

/** The values of every key of `obj` that Go's encoding/json would read as `name`. */
function keyed(obj: Record<string, unknown>, name: string): unknown[] {
  return Object.entries(obj)
    .filter(([k]) => k.normalize('NFKC').toLowerCase() === name)
    .map(([, v]) => v);
}

/** Roles that let anyone call a Cloud Run service or a Cloud Function over HTTPS: a public API or site. */
const INVOKER_ROLES = new Set(['roles/run.invoker', 'roles/cloudfunctions.invoker']);

/** The serving kinds whose public invoker is a design choice, not a leak. */
const SERVING_SERVICES = new Set(['cloudrun', 'cloudfunctions', 'cloudfunctions2']);

/** Is this a grant of the invoker role to anyone on a Cloud Run service or Cloud Function? */
const publicInvoker = (ctx: RuleContext, g: Grant) =>
  SERVING_SERVICES.has(ctx.type.group.split('.')[0]!) && g.role !== undefined && INVOKER_ROLES.has(g.role.trim()) && isAnyone(g.principal);

/** Every GCP kind that grants access, as a rule's kinds. */
export const GRANTING = { summary: 'every GCP kind that grants access: `*IAMMember`, `*IAMBinding` and `*IAMPolicy` kinds of every service, Cloud Storage ACL kinds, BigQuery Dataset `access` and DatasetAccess', test: grantsAccess };

const who = (principal: string) => (principal.trim().toLowerCase() === 'allauthenticatedusers' ? 'any Google account' : 'anyone on the internet');

export const iamPublicMember = defineRule({
  id: 'gcp-iam-public-member',
  title: 'Nothing is granted to anyone on the internet',
  severity: 'critical',
  defaultAction: 'Deny',
  description:
    'Refuses a grant to `allUsers`, `allAuthenticatedUsers` (any Google account, not only the organization\'s) or `principalSet://goog/public:all`, in any case and with any surrounding space, on every GCP kind that grants: the `member` of every `*IAMMember` kind (buckets, projects, folders, datasets, tables, topics, subscriptions, secrets, functions, KMS keys and key rings, service accounts, images, disks, ...), the `members` of every `*IAMBinding`, the bindings of every `*IAMPolicy` document (keys read as Go reads them, without case), a Cloud Storage ACL entity or `roleEntity` (`READER:allUsers`) and the predefined ACLs `publicRead`, `publicReadWrite` and `authenticatedRead`, a BigQuery Dataset `access` block or DatasetAccess with such an `iamMember` or `specialGroup`. A member list that is not a list, a member that is not a string, or a policy that is not JSON is refused: it cannot be judged. Anyone invoking a Cloud Run service or a Cloud Function is left to `gcp-iam-public-invoker`.',
  references: {
    checkov: ['CKV_GCP_15', 'CKV_GCP_28', 'CKV_GCP_99', 'CKV_GCP_100', 'CKV_GCP_101', 'CKV_GCP_102', 'CKV_GCP_107', 'CKV_GCP_112', 'CKV2_GCP_6', 'CKV2_GCP_8', 'CKV2_GCP_9'],
    trivy: ['GCP-0001', 'GCP-0046'],
  },
  kinds: GRANTING,
  check(ctx) {
    const { grants, malformed } = grantsOf(ctx);
    for (const m of malformed) ctx.unsafe(m.path, m.message);
    for (const g of grants) {
      if (!isAnyone(g.principal) || publicInvoker(ctx, g)) continue;
      ctx.unsafe(g.path, `${g.path} grants ${g.role !== undefined ? `${g.role} ` : ''}to ${JSON.stringify(g.principal.trim())}: ${who(g.principal)}; grant it to named users, groups or service accounts instead`);
    }
  },
}) satisfies Rule;

export const iamPublicInvoker = defineRule({
  id: 'gcp-iam-public-invoker',
  title: 'A public Cloud Run service or Cloud Function needs approval',
  severity: 'high',
  defaultAction: 'RequireApproval',
  description:
    'Holds for approval a grant of `roles/run.invoker` or `roles/cloudfunctions.invoker` to `allUsers` or `allAuthenticatedUsers` on a Cloud Run service or a Cloud Function (1st or 2nd gen): anyone may then call it. A public API or site does this on purpose; a person should confirm it. Any other role granted to anyone there is refused by `gcp-iam-public-member`.',
  references: { checkov: ['CKV_GCP_102', 'CKV_GCP_107'] },
  kinds: { summary: 'the IAM kinds of Cloud Run and Cloud Functions', test: (type) => grantsAccess(type) && SERVING_SERVICES.has(type.group.split('.')[0]!) },
  check(ctx) {
    for (const g of grantsOf(ctx).grants) {
      if (publicInvoker(ctx, g)) ctx.unsafe(g.path, `${g.path} lets ${who(g.principal)} invoke it (${g.role} to ${JSON.stringify(g.principal.trim())}); approve only for a service meant to be public, else grant the invoker role to named callers`);
    }
  },
}) satisfies Rule;

/** Basic roles: every permission of a service, or of all of them (Checkov AbsGoogleBasicRoles). */
const BASIC_ROLES = new Set(['roles/owner', 'roles/editor', 'roles/viewer']);

/** Roles that impersonate or manage service accounts, or grant IAM itself (Checkov AbsGoogleImpersonationRoles). */
export const IMPERSONATION_ROLES: ReadonlySet<string> = new Set([
  'roles/owner',
  'roles/editor',
  'roles/iam.securityAdmin',
  'roles/iam.serviceAccountAdmin',
  'roles/iam.serviceAccountKeyAdmin',
  'roles/iam.serviceAccountUser',
  'roles/iam.serviceAccountTokenCreator',
  'roles/iam.workloadIdentityUser',
  'roles/dataproc.editor',
  'roles/dataproc.admin',
  'roles/dataflow.developer',
  'roles/resourcemanager.folderAdmin',
  'roles/resourcemanager.folderIamAdmin',
  'roles/resourcemanager.projectIamAdmin',
  'roles/resourcemanager.organizationAdmin',
  'roles/serverless.serviceAgent',
  'roles/dataproc.serviceAgent',
]);

/**
 * GKE roles that administer every cluster of the project (Google Cloud's IAM
 * reference, "Google Kubernetes Engine roles and permissions": both are
 * granted on a project at the lowest): `roles/container.admin` is
 * `container.*`, "full management of clusters and their Kubernetes API
 * objects", which GKE honours in every cluster alongside Kubernetes RBAC
 * (cluster-admin everywhere); `roles/container.clusterAdmin` creates,
 * changes and deletes every cluster and node pool.
 */
const KUBERNETES_ADMIN_ROLES: ReadonlyMap<string, string> = new Map([
  ['roles/container.admin', 'is cluster-admin in every GKE cluster of the {scope}: every Kubernetes API object of each'],
  ['roles/container.clusterAdmin', 'creates, reconfigures and deletes every GKE cluster and node pool of the {scope}'],
]);

/** The Compute Engine and App Engine default service accounts (Editor on the project when created). */
const DEFAULT_SA = /(^|:)(\d+-compute@developer\.gserviceaccount\.com|[^@:]+@appspot\.gserviceaccount\.com)$/i;
const USER_MANAGED_SA = /^serviceaccount:[^@]+@[^@]+\.iam\.gserviceaccount\.com$/i;
const ADMIN_ROLE = /admin|editor|owner/i;

const RESOURCE_MANAGER = /^(Project|Folder|Organization)IAM(Member|Binding|Policy)$/;

export const iamPrivilegedGrant = defineRule({
  id: 'gcp-iam-privileged-grant',
  title: 'Powerful project, folder and organization grants need approval',
  severity: 'high',
  defaultAction: 'RequireApproval',
  description:
    'Holds for approval a grant on a project, folder or organization (`ProjectIAMMember`, `FolderIAMMember`, `OrganizationIAMMember`, and their `*IAMBinding` and `*IAMPolicy` kinds) of a basic role (`roles/owner`, `roles/editor`, `roles/viewer`: every permission of every service), of a role that impersonates or manages service accounts or IAM itself (`roles/iam.serviceAccountUser`, `roles/iam.serviceAccountTokenCreator`, `roles/iam.workloadIdentityUser`, `roles/resourcemanager.projectIamAdmin`, ... ), of a GKE role that administers every cluster of the project (`roles/container.admin`: cluster-admin in each; `roles/container.clusterAdmin`: create, reconfigure and delete each cluster and node pool), to a default service account (`<number>-compute@developer.gserviceaccount.com`, `<project>@appspot.gserviceaccount.com`, which every VM or App Engine app without its own may act as), or of an admin, editor or owner role to a user-managed service account. Each is a way to take over the project; a person should confirm it.',
  references: {
    checkov: ['CKV_GCP_41', 'CKV_GCP_42', 'CKV_GCP_44', 'CKV_GCP_45', 'CKV_GCP_46', 'CKV_GCP_47', 'CKV_GCP_48', 'CKV_GCP_49', 'CKV_GCP_115', 'CKV_GCP_116', 'CKV_GCP_117'],
    trivy: ['GCP-0004', 'GCP-0005', 'GCP-0006', 'GCP-0007', 'GCP-0008', 'GCP-0009', 'GCP-0011'],
  },
  kinds: { summary: 'project, folder and organization IAM kinds', test: (type) => type.cloud === 'gcp' && type.group.split('.')[0] === 'cloudplatform' && RESOURCE_MANAGER.test(type.kind) },
  check(ctx) {
    const { grants, malformed } = grantsOf(ctx);
    // A member or policy that cannot be read is refused by gcp-iam-public-member; held here too, so disabling that rule does not pass it.
    for (const m of malformed) ctx.unsafe(m.path, m.message);
    const scope = ctx.type.kind.replace(/IAM.*$/, '').toLowerCase();
    for (const g of grants) {
      const role = g.role?.trim() ?? '';
      const principal = g.principal.trim();
      const why: string[] = [];
      if (BASIC_ROLES.has(role)) why.push(`${role} is a basic role: every permission of every service in the ${scope}`);
      if (IMPERSONATION_ROLES.has(role) && !BASIC_ROLES.has(role)) why.push(`${role} lets ${principal} act as, or manage, the ${scope}'s service accounts or IAM`);
      const kubernetes = KUBERNETES_ADMIN_ROLES.get(role);
      if (kubernetes !== undefined) why.push(`${role} ${kubernetes.replace('{scope}', scope)}`);
      if (DEFAULT_SA.test(principal)) why.push(`${principal} is a default service account, which any VM or App Engine app without its own may act as`);
      if (USER_MANAGED_SA.test(principal) && ADMIN_ROLE.test(role) && !BASIC_ROLES.has(role) && kubernetes === undefined) why.push(`${role} is an administrator role granted to a service account`);
      if (why.length === 0) continue;
      ctx.unsafe(g.path, `${g.path} grants ${role === '' ? 'a role' : role} on the ${scope} to ${principal}: ${why.join('; ')}; approve only if this principal must hold it, else grant a narrower predefined or custom role`);
    }
  },
}) satisfies Rule;

/** The GCP IAM rules in evaluation order. */
export const IAM_RULES = [iamPublicMember, iamPublicInvoker, iamPrivilegedGrant] as const satisfies readonly Rule[];
