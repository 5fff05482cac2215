/**
 * Administrator power through Azure RBAC: a role assignment (plain, or PIM
 * active or eligible) of a role that administers its scope or a Kubernetes
 * cluster, and the custom role definitions that would. One judgement, two
 * rules: administrator roles are refused, merely broad ones held for a
 * person, as `aws-iam-admin-attachment` and `aws-iam-power-user-attachment`
 * split AWS's managed policies.
 *
 * A role is named four ways, each read: `roleDefinitionName` (Azure looks
 * the name up without case: terraform-provider-azurerm#3499, "acrpull"
 * assigns AcrPull), `roleDefinitionId` (a bare GUID, or an ID ending in
 * `/providers/Microsoft.Authorization/roleDefinitions/<guid>` at any scope:
 * a built-in role has the same GUID everywhere), and on RoleAssignment a
 * `roleDefinitionIdRef` or `roleDefinitionIdSelector` to a composed
 * RoleDefinition (Upjet resolves it to the definition's
 * `roleDefinitionResourceId`). A composed RoleDefinition is also reached by
 * its `name`, its `roleDefinitionId` GUID or the GUID its external name or
 * observed ID carries, and judged by what its permissions allow.
 *
 * Field names are provider-upjet-azure's (apis/authorization/v1beta1
 * zz_*_types.go and package/crds; the same in both groups, v1beta1 only):
 * RoleAssignment `roleDefinitionName`, `roleDefinitionId` (+ `Ref`,
 * `Selector`), `scope`, `principalId`; PimActiveRoleAssignment and
 * PimEligibleRoleAssignment `roleDefinitionId`, `scope`, `principalId`;
 * RoleDefinition `name`, `roleDefinitionId`, `permissions` (a list of
 * `actions`, `notActions`, `dataActions`, `notDataActions`),
 * `assignableScopes`, `scope`. Role names and GUIDs are Microsoft's, from
 * the Azure built-in roles reference (MicrosoftDocs/azure-docs
 * articles/role-based-access-control/built-in-roles, the Privileged and
 * Containers pages).
 */
import { getPath, isObject } from '../../lang/fieldpath.js';
import { defineRule, type ProviderKindRef, type Rule, type RuleContext } from '../../engine/rule.js';
import { placementOf } from '../../engine/targets.js';
import type { KubeObject } from '../../engine/types.js';
import { type Candidate, externalName, type Named, namedBy, type RefTarget, resolve, selfOf } from '../kit/references.js';
import { describe, explicitParams } from '../params.js';
import { globMatch } from '../../lang/glob.js';

/** A built-in role the rules know: its name, its GUID, and why it matters. */
export interface BuiltInRole {
  name: string;
  id: string;
  why: string;
}

/**
 * Built-in roles that administer their scope or a Kubernetes cluster,
 * refused wherever they are assigned: each can grant itself anything
 * there, or is cluster-admin.
 */
export const ADMIN_ROLES: readonly BuiltInRole[] = [
  { name: 'Owner', id: '8e3af657-a8ff-443c-a75c-2fe8c4bcb635', why: 'allows every action (actions "*"), assigning any role to anyone included' },
  { name: 'User Access Administrator', id: '18d7d88d-d35e-4fb5-a5c3-7773c20a72d9', why: 'manages authorization (Microsoft.Authorization/*), so it can assign itself Owner' },
  { name: 'Role Based Access Control Administrator', id: 'f58310d9-a9f6-439a-9e8d-f62e7b41a168', why: 'writes role assignments, so it can assign itself Owner' },
  { name: 'Azure Kubernetes Service RBAC Cluster Admin', id: 'b1ff04bb-8a4e-4dc4-8eb5-8693973ce19b', why: 'allows every Kubernetes action of the AKS clusters in scope (data actions Microsoft.ContainerService/managedClusters/*): cluster-admin' },
  { name: 'Azure Kubernetes Service Cluster Admin Role', id: '0ab0b1a8-8aac-4efd-b8c2-3ee1fb270be8', why: "lists the AKS clusters' cluster-admin credential and runs commands on them (listClusterAdminCredential, runcommand)" },
  { name: 'Azure Kubernetes Service Arc Cluster Admin Role', id: 'b29efa5f-7782-4dc3-9537-4d5bc70a5e9f', why: 'lists the admin kubeconfig of AKS clusters on Azure Arc (provisionedClusterInstances/listAdminKubeconfig)' },
  { name: 'Azure Arc Kubernetes Cluster Admin', id: '8393591c-06b9-48a2-a542-1bd6b377f6a2', why: 'allows every Kubernetes action of the Arc-enabled clusters in scope (data actions Microsoft.Kubernetes/connectedClusters/*): cluster-admin' },
  { name: 'Azure Kubernetes Fleet Manager RBAC Cluster Admin', id: '18ab4d3d-a1bf-4477-8ad9-8359bc988f69', why: 'allows every Kubernetes action of the fleet hub clusters in scope (data actions Microsoft.ContainerService/fleets/*): cluster-admin' },
];

/**
 * Built-in roles that fall short of administration only by what they leave
 * out, held for a person: Microsoft lists the first two among its
 * privileged roles, the AKS ones manage clusters or nearly everything in
 * them.
 */
export const BROAD_ROLES: readonly BuiltInRole[] = [
  { name: 'Contributor', id: 'b24988ac-6180-42a0-ab88-20f7382dd24c', why: "allows every action but authorization (actions \"*\"), every AKS cluster's admin credential in scope included" },
  { name: 'Reservations Administrator', id: 'a8889054-8d42-49c9-bc1c-52486c10e7cd', why: 'manages every reservation of the tenant and assigns roles on them (assignable only under /providers/Microsoft.Capacity)' },
  { name: 'Azure Kubernetes Service Contributor Role', id: 'ed7f3fbd-7b88-4dd4-9017-9adb7ce333f8', why: 'creates, changes and deletes the AKS clusters in scope (Microsoft.ContainerService/managedClusters/*), their admin credential included' },
  { name: 'Azure Kubernetes Service RBAC Admin', id: '3498e952-d568-435e-9b2c-8d77e338d7f7', why: 'allows every Kubernetes action but on resource quotas and namespaces, Roles and RoleBindings included: a namespace admin, and near cluster-admin on a whole cluster' },
];

type Level = 'admin' | 'broad';

/** Role names as Azure compares them: without case; trimmed and with single spaces, so no spelling slips through (one Azure would refuse is refused too, never passed). */
const roleName = (name: string) => name.trim().replace(/\s+/g, ' ').toLowerCase();

const BUILT_IN = [...ADMIN_ROLES.map((role) => ({ level: 'admin' as const, role })), ...BROAD_ROLES.map((role) => ({ level: 'broad' as const, role }))];
const BY_NAME = new Map(BUILT_IN.map((b) => [roleName(b.role.name), b]));
const BY_ID = new Map(BUILT_IN.map((b) => [b.role.id, b]));

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const IN_ID = /\/roledefinitions\/+([^/|?\s]+)/i;

/**
 * The GUID a role definition ID names, lowercase: a bare GUID, or the
 * segment after `roleDefinitions/` in an ID at any scope (an external name
 * `<id>|<scope>` included).
 */
export function roleDefinitionGuid(id: string): string | undefined {
  const s = id.trim();
  const guid = GUID.test(s) ? s : IN_ID.exec(s)?.[1];
  return guid !== undefined && GUID.test(guid) ? guid.toLowerCase() : undefined;
}

/** The built-in role a `roleDefinitionName` or `roleDefinitionId` names, if the tables know it. */
export function builtInRole(field: 'name' | 'id', value: string): { level: Level; role: BuiltInRole } | undefined {
  if (field === 'name') return BY_NAME.get(roleName(value));
  const guid = roleDefinitionGuid(value);
  return guid === undefined ? undefined : BY_ID.get(guid);
}

// ---------------------------------------------------------------------------
// What a custom role definition allows.

/**
 * Does the Azure action pattern `p` match `action`? `*` matches any run of
 * characters, and Azure compares actions without case. `globMatch` walks two
 * pointers (time linear in the pattern times the action), not a regular
 * expression an agent's pattern could make backtrack.
 */
function matches(p: string, action: string): boolean {
  return globMatch(p.trim().toLowerCase(), action.toLowerCase());
}

/** A character no real action holds: a pattern that matches a probe through it matches whatever stands there. */
const ANY = '\u0001';

interface Block {
  path: string;
  actions: string[];
  notActions: string[];
  dataActions: string[];
  notDataActions: string[];
}

/** Does the block allow `action` (in `allow`, not taken away by `deny`)? The pattern that allows it, if so. */
function allows(allow: readonly string[], deny: readonly string[], action: string): string | undefined {
  const hit = allow.find((p) => matches(p, action));
  return hit !== undefined && !deny.some((p) => matches(p, action)) ? hit : undefined;
}

/** Writing these lets a role's holder grant itself anything in the role's scopes (Trivy AZU-0052 names the second). */
const AUTHORIZATION_WRITES = ['Microsoft.Authorization/roleAssignments/write', 'Microsoft.Authorization/roleDefinitions/write'];

/** The Kubernetes data actions of each cluster kind: all of them is cluster-admin. */
const CLUSTER_KINDS = [
  { prefix: 'Microsoft.ContainerService/managedClusters', what: 'AKS clusters' },
  { prefix: 'Microsoft.Kubernetes/connectedClusters', what: 'Arc-enabled Kubernetes clusters' },
  { prefix: 'Microsoft.ContainerService/fleets', what: 'fleet hub clusters' },
];

const quoted = (s: string) => JSON.stringify(s.trim());

/** What one permissions block allows at each level, in words, the highest first. */
function blockGrants(b: Block): { level: Level; why: string } | undefined {
  for (const action of AUTHORIZATION_WRITES) {
    const via = allows(b.actions, b.notActions, action);
    if (via !== undefined) return { level: 'admin', why: `allows ${action} (through actions ${quoted(via)}): whoever holds the role can assign any role, Owner included, in its scopes` };
  }
  let partial: string | undefined;
  for (const { prefix, what } of CLUSTER_KINDS) {
    const probe = `${prefix}/${ANY}`;
    const via = b.dataActions.find((p) => matches(p, probe));
    if (via === undefined || b.notDataActions.some((p) => matches(p, probe))) continue;
    // What notDataActions take away may be part of a cluster's actions: a wildcard, or a pattern under its prefix.
    const carved = b.notDataActions.some((p) => p.includes('*') || p.trim().toLowerCase().startsWith(`${prefix.toLowerCase()}/`));
    if (!carved) return { level: 'admin', why: `allows every Kubernetes action of the ${what} in its scopes (through dataActions ${quoted(via)}): cluster-admin` };
    partial ??= `allows the Kubernetes actions of the ${what} in its scopes but those notDataActions take away (through dataActions ${quoted(via)}): near cluster-admin`;
  }
  const every = allows(b.actions, b.notActions, `${ANY}/${ANY}`);
  if (every !== undefined) return { level: 'broad', why: `allows every action but writing role assignments and definitions (through actions ${quoted(every)}): Contributor's power over its scopes` };
  return partial === undefined ? undefined : { level: 'broad', why: partial };
}

/** The permissions blocks of a RoleDefinition's parameters, and what cannot be read of them. */
function blocksOf(obj: KubeObject): { blocks: Block[]; malformed: { path: string; message: string }[] } {
  const blocks: Block[] = [];
  const malformed: { path: string; message: string }[] = [];
  for (const { path, value } of explicitParams(obj, ['permissions'])) {
    if (!Array.isArray(value)) {
      malformed.push({ path, message: `${path} must be a list of permissions blocks, got ${describe(value)}` });
      continue;
    }
    value.forEach((block: unknown, i) => {
      const at = `${path}[${i}]`;
      if (!isObject(block)) return void malformed.push({ path: at, message: `${at} must be an object, got ${describe(block)}` });
      const lists = { actions: [] as string[], notActions: [] as string[], dataActions: [] as string[], notDataActions: [] as string[] };
      for (const field of ['actions', 'notActions', 'dataActions', 'notDataActions'] as const) {
        const v = block[field];
        if (v === undefined || v === null) continue;
        if (!Array.isArray(v)) {
          malformed.push({ path: `${at}.${field}`, message: `${at}.${field} must be a list of actions, got ${describe(v)}` });
          continue;
        }
        v.forEach((a: unknown, j) => (typeof a === 'string' ? lists[field].push(a) : malformed.push({ path: `${at}.${field}[${j}]`, message: `${at}.${field}[${j}] must be an action (a string), got ${describe(a)}` })));
      }
      blocks.push({ path: at, ...lists });
    });
  }
  return { blocks, malformed };
}

const DEFINITION_REF = 'azure/authorization/RoleDefinition';

/**
 * What a composed RoleDefinition grants at its highest: a built-in role it
 * adopts (its `roleDefinitionId` or external name carries the built-in's
 * GUID), else what its permissions allow.
 */
function definitionGrants(c: Candidate): { level: Level; why: string } | undefined {
  // Candidates are made once per evaluation: every assignment that names one reads its answer, not its permissions again.
  if (granted.has(c)) return granted.get(c);
  const g = grantsOf(c);
  granted.set(c, g);
  return g;
}
const granted = new WeakMap<Candidate, { level: Level; why: string } | undefined>();

function grantsOf(c: Candidate): { level: Level; why: string } | undefined {
  for (const id of definitionIds(c)) {
    const known = typeof id === 'string' ? builtInRole('id', id) : undefined;
    if (known !== undefined) return { level: known.level, why: `is the built-in role ${known.role.name} (${quoted(id as string)}), which ${known.role.why}` };
  }
  let best: { level: Level; why: string } | undefined;
  for (const b of blocksOf(c.object).blocks) {
    const g = blockGrants(b);
    if (g !== undefined && (best === undefined || (best.level === 'broad' && g.level === 'admin'))) best = { level: g.level, why: `${g.why} (${b.path})` };
  }
  return best;
}

/** The identifiers a composed RoleDefinition is known by: its `roleDefinitionId`, its external name, and the IDs Azure reported for it. */
function definitionIds(c: Candidate): unknown[] {
  return [
    ...explicitParams(c.object, ['roleDefinitionId']).map((e) => e.value),
    externalName(c.object),
    externalName(c.observed),
    getPath(c.observed, ['status', 'atProvider', 'roleDefinitionResourceId']),
    getPath(c.observed, ['status', 'atProvider', 'roleDefinitionId']),
  ];
}

/** Composed RoleDefinitions, desired (carried too, anywhere) and observed leftovers, by the GUID they are known by. */
const BY_GUID: RefTarget = {
  kinds: [DEFINITION_REF],
  ids: definitionIds,
  compare: (id) => roleDefinitionGuid(id) ?? id.trim().toLowerCase(),
  anywhere: true,
  leftovers: true,
};

/** The same, by the role name they define (`name`), compared as Azure compares names. */
const BY_ROLE_NAME: RefTarget = {
  kinds: [DEFINITION_REF],
  ids: (c) => explicitParams(c.object, ['name']).map((e) => e.value),
  compare: roleName,
  anywhere: true,
  leftovers: true,
};

const picks = (ctx: RuleContext, named: readonly Named[], to: RefTarget) =>
  resolve(ctx, selfOf(ctx) ?? { placement: placementOf([]), type: ctx.type, object: ctx.resource, at: ctx.at }, named, to, { limit: Number.POSITIVE_INFINITY });

// ---------------------------------------------------------------------------
// The rules.

const ASSIGNMENTS: readonly { kind: string; verb: string }[] = [
  { kind: 'RoleAssignment', verb: 'assigns' },
  { kind: 'PimActiveRoleAssignment', verb: 'assigns, through PIM,' },
  { kind: 'PimEligibleRoleAssignment', verb: 'makes the principal eligible, through PIM, for' },
];

const ADVICE = 'assign a role that grants only what the principal needs (a narrower built-in role, or a custom role listing its actions)';
const DEFINITION_ADVICE = 'list the actions the role needs';

/** Reports every role of `level` the assignment names, by name, ID, reference or selector. */
function judgeAssignment(ctx: RuleContext, level: Level, verb: string): void {
  const advice = level === 'admin' ? ADVICE : `${ADVICE}, or have a human approve it`;
  for (const [field, key, to] of [['roleDefinitionName', 'name', BY_ROLE_NAME], ['roleDefinitionId', 'id', BY_GUID]] as const) {
    for (const { path, value } of explicitParams(ctx.resource, [field])) {
      if (typeof value !== 'string') {
        if (level === 'admin') ctx.unsafe(path, `${path} must be a ${key === 'name' ? 'role name' : 'role definition ID'} (a string), got ${describe(value)}`);
        continue;
      }
      if (value.trim() === '') continue;
      const known = builtInRole(key, value);
      if (known !== undefined) {
        if (known.level === level) ctx.unsafe(path, `${path} ${verb} the built-in role ${known.role.name} (${quoted(value)}), which ${known.role.why}; ${advice}`);
        continue;
      }
      for (const t of picks(ctx, [{ how: 'id', path, value }], to).flatMap((r) => r.found)) {
        const g = definitionGrants(t);
        if (g?.level === level) ctx.unsafe(path, `${path} names the role of authorization RoleDefinition "${t.name}", which ${g.why}; ${advice}`);
      }
    }
  }
  // A reference or selector (RoleAssignment only): every composed RoleDefinition it may pick.
  for (const r of picks(ctx, namedBy(ctx.resource, { ref: 'roleDefinitionIdRef', selector: 'roleDefinitionIdSelector' }), BY_GUID)) {
    const path = r.how === 'ref' ? `${r.path}.name` : r.path;
    for (const t of r.found) {
      const g = definitionGrants(t);
      if (g?.level === level) ctx.unsafe(path, `${path} ${r.how === 'ref' ? 'refers to' : 'selects'} authorization RoleDefinition "${t.name}", which ${g.why}; ${advice}`);
    }
  }
}

/** Reports every permissions block of a RoleDefinition whose highest grant is `level`; what cannot be read, under the admin rule. */
function judgeDefinition(ctx: RuleContext, level: Level): void {
  const { blocks, malformed } = blocksOf(ctx.resource);
  if (level === 'admin') for (const m of malformed) ctx.unsafe(m.path, `${m.message}; it cannot be judged`);
  const advice = level === 'admin' ? DEFINITION_ADVICE : `${DEFINITION_ADVICE}, or have a human approve it`;
  for (const b of blocks) {
    const g = blockGrants(b);
    if (g?.level === level) ctx.unsafe(b.path, `${b.path} ${g.why}; ${advice}`);
  }
}

function judge(ctx: RuleContext, level: Level): void {
  if (ctx.type.ref === DEFINITION_REF) return judgeDefinition(ctx, level);
  const a = ASSIGNMENTS.find((x) => ctx.type.ref === `azure/authorization/${x.kind}`);
  if (a !== undefined) judgeAssignment(ctx, level, a.verb);
}

const KINDS: readonly ProviderKindRef[] = [...ASSIGNMENTS.map((a): ProviderKindRef => ({ cloud: 'azure', service: 'authorization', kind: a.kind })), { cloud: 'azure', service: 'authorization', kind: 'RoleDefinition' }];

const list = (roles: readonly BuiltInRole[]) => roles.map((r) => `\`${r.name}\` (\`${r.id}\`: it ${r.why})`).join('; ');

const HOW =
  'on RoleAssignment, PimActiveRoleAssignment and PimEligibleRoleAssignment (both groups), by `roleDefinitionName` (compared without case or extra spaces, as Azure looks names up) or `roleDefinitionId` (a bare GUID, or any ID ending in `roleDefinitions/<guid>`, at any scope, without case), in forProvider and initProvider; and, for a composed RoleDefinition, by its `name`, by its GUID (its `roleDefinitionId`, external name or observed ID), or by `roleDefinitionIdRef` (matched on metadata.name) or `roleDefinitionIdSelector` (matchLabels; one without labels picks any RoleDefinition). A RoleDefinition outside this composition cannot be seen, and passes here; where it is composed, this rule judges it.';

export const azureAdminRole = defineRule({
  id: 'azure-authorization-admin-role',
  title: 'Azure administrator roles are not assigned',
  severity: 'critical',
  defaultAction: 'Deny',
  description: `Refuses assigning an Azure built-in role that administers its scope or a Kubernetes cluster: ${list(ADMIN_ROLES)}. Reads the role ${HOW} Also refuses a custom role that is one: a RoleDefinition whose permissions allow writing role assignments or role definitions (\`*\`, \`Microsoft.Authorization/*\`, \`Microsoft.Authorization/*/write\`, ... not taken away by \`notActions\`; actions compare without case, \`*\` anywhere), or every Kubernetes data action of AKS, Arc-enabled or fleet hub clusters with nothing taken away; and an assignment of such a composed RoleDefinition. Whatever its scope: an Owner of one resource group still grants anyone anything there. A role name, role definition ID or permissions list of the wrong type is refused: it cannot be judged. An observe-only assignment or definition grants nothing and passes.`,
  references: { checkov: ['CKV_AZURE_39'], trivy: ['AZU-0052'] },
  kinds: KINDS,
  check: (ctx) => judge(ctx, 'admin'),
}) satisfies Rule;

export const azureBroadRole = defineRule({
  id: 'azure-authorization-broad-role',
  title: 'Broad Azure roles are assigned only with approval',
  severity: 'high',
  defaultAction: 'RequireApproval',
  description: `Holds for approval assigning an Azure built-in role that falls short of administration only by what it leaves out: ${list(BROAD_ROLES)}. Reads the role the way \`azure-authorization-admin-role\` does: ${HOW} Also holds a custom RoleDefinition, and an assignment of one composed here, that allows every action but writing role assignments and definitions (Contributor's power), or the Kubernetes data actions of a cluster kind with some taken away.`,
  references: { checkov: [], trivy: [] },
  kinds: KINDS,
  check: (ctx) => judge(ctx, 'broad'),
}) satisfies Rule;

/** The Azure authorization rules, in evaluation order. */
export const AUTHORIZATION_RULES = [azureAdminRole, azureBroadRole] as const satisfies readonly Rule[];
