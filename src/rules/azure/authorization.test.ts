import { describe, expect, it } from 'vitest';
import { engineRequest } from '../../../test/builders.js';
import { finding as sharedFinding, runFindingsCase, type FindingsCase, type Served } from '../../../test/builders/aws-data.js';
import { azureChild, named, TWO_SHAPES } from '../../../test/builders/azure-data.js';
import { evaluate } from '../../engine/engine.js';
import type { Rule } from '../../engine/rule.js';
import type { Finding, KubeObject } from '../../engine/types.js';
import { ADMIN_ROLES, AUTHORIZATION_RULES, azureAdminRole, azureBroadRole, BROAD_ROLES, builtInRole, roleDefinitionGuid } from './authorization.js';

const SUB = '/subscriptions/0b1f6471-1bf0-4dda-aec3-111122223333';
const PRINCIPAL = '11111111-2222-3333-4444-555555555555';
const OWNER = '8e3af657-a8ff-443c-a75c-2fe8c4bcb635';
const CONTRIBUTOR = 'b24988ac-6180-42a0-ab88-20f7382dd24c';
const READER = 'acdd72a7-3385-48ef-bd42-f606fba81ae7';

const assignment = (s: Served, forProvider: Record<string, unknown>, kind = 'RoleAssignment'): KubeObject => azureChild('authorization', kind, s, { principalId: PRINCIPAL, scope: SUB, ...forProvider });
const definition = (s: Served, permissions: unknown, extra: Record<string, unknown> = {}): KubeObject =>
  azureChild('authorization', 'RoleDefinition', s, { name: 'agent-role', scope: SUB, assignableScopes: [SUB], permissions, ...extra });

const finding = (rule: Rule, path: string, message: string, resource = 'res'): Finding => ({ ...sharedFinding(rule, rule.defaultAction as Finding['action'], path, message), resource });
const role = (name: string) => [...ADMIN_ROLES, ...BROAD_ROLES].find((r) => r.name === name)!;
const ADVICE = 'assign a role that grants only what the principal needs (a narrower built-in role, or a custom role listing its actions)';
const HELD = `${ADVICE}, or have a human approve it`;
const assigns = (rule: Rule, path: string, name: string, value: string, verb = 'assigns') =>
  finding(rule, path, `${path} ${verb} the built-in role ${name} (${JSON.stringify(value.trim())}), which ${role(name).why}; ${rule === azureAdminRole ? ADVICE : HELD}`);

const OWNER_LIKE = 'allows Microsoft.Authorization/roleAssignments/write (through actions "*"): whoever holds the role can assign any role, Owner included, in its scopes';
const CONTRIBUTOR_LIKE = 'allows every action but writing role assignments and definitions (through actions "*"): Contributor\'s power over its scopes';

function assignmentCases(s: Served): FindingsCase[] {
  const at = (name: string) => `${s.label}: ${name}`;
  const NAME = 'spec.forProvider.roleDefinitionName';
  const ID = 'spec.forProvider.roleDefinitionId';
  return [
    {
      name: at('an agent makes itself Owner of the subscription: refused'),
      reason: 'Owner allows every action, role assignments included',
      resource: assignment(s, { roleDefinitionName: 'Owner' }),
      want: [assigns(azureAdminRole, NAME, 'Owner', 'Owner')],
    },
    {
      name: at('owner in lowercase with extra spaces'),
      reason: 'Azure looks role names up without case',
      resource: assignment(s, { roleDefinitionName: '  owner ' }),
      want: [assigns(azureAdminRole, NAME, 'Owner', 'owner')],
    },
    {
      name: at('user access administrator, spaced oddly'),
      reason: 'one space between words, any case',
      resource: assignment(s, { roleDefinitionName: 'User  Access administrator' }),
      want: [assigns(azureAdminRole, NAME, 'User Access Administrator', 'User  Access administrator')],
    },
    {
      name: at('Owner by bare GUID'),
      reason: 'a built-in role has one GUID everywhere',
      resource: assignment(s, { roleDefinitionId: OWNER }),
      want: [assigns(azureAdminRole, ID, 'Owner', OWNER)],
    },
    {
      name: at('Owner by its subscription-scoped ID, upper case'),
      reason: '/subscriptions/<id>/providers/Microsoft.Authorization/roleDefinitions/<guid>, compared without case',
      resource: assignment(s, { roleDefinitionId: `${SUB}/providers/Microsoft.Authorization/roleDefinitions/${OWNER.toUpperCase()}` }),
      want: [assigns(azureAdminRole, ID, 'Owner', `${SUB}/providers/Microsoft.Authorization/roleDefinitions/${OWNER.toUpperCase()}`)],
    },
    {
      name: at('Role Based Access Control Administrator by its tenant-level ID'),
      reason: '/providers/Microsoft.Authorization/roleDefinitions/<guid>: writes role assignments, so it can assign itself Owner',
      resource: assignment(s, { roleDefinitionId: '/providers/Microsoft.Authorization/roleDefinitions/f58310d9-a9f6-439a-9e8d-f62e7b41a168' }),
      want: [assigns(azureAdminRole, ID, 'Role Based Access Control Administrator', '/providers/Microsoft.Authorization/roleDefinitions/f58310d9-a9f6-439a-9e8d-f62e7b41a168')],
    },
    {
      name: at('AKS RBAC Cluster Admin on a cluster'),
      reason: 'every Kubernetes action in the cluster: cluster-admin',
      resource: assignment(s, { roleDefinitionName: 'Azure Kubernetes Service RBAC Cluster Admin', scope: `${SUB}/resourceGroups/rg/providers/Microsoft.ContainerService/managedClusters/main` }),
      want: [assigns(azureAdminRole, NAME, 'Azure Kubernetes Service RBAC Cluster Admin', 'Azure Kubernetes Service RBAC Cluster Admin')],
    },
    {
      name: at('AKS Cluster Admin Role in initProvider'),
      reason: 'initProvider is applied at creation',
      resource: { ...assignment(s, {}), spec: { forProvider: { principalId: PRINCIPAL, scope: SUB }, initProvider: { roleDefinitionName: 'azure kubernetes service cluster admin role' } } },
      want: [assigns(azureAdminRole, 'spec.initProvider.roleDefinitionName', 'Azure Kubernetes Service Cluster Admin Role', 'azure kubernetes service cluster admin role')],
    },
    {
      name: at('Owner made eligible through PIM'),
      reason: 'an eligible principal activates the role when it likes',
      resource: assignment(s, { roleDefinitionId: `${SUB}/providers/Microsoft.Authorization/roleDefinitions/${OWNER}`, justification: 'x' }, 'PimEligibleRoleAssignment'),
      want: [assigns(azureAdminRole, ID, 'Owner', `${SUB}/providers/Microsoft.Authorization/roleDefinitions/${OWNER}`, 'makes the principal eligible, through PIM, for')],
    },
    {
      name: at('User Access Administrator active through PIM'),
      reason: 'the same power, with a schedule',
      resource: assignment(s, { roleDefinitionId: '18d7d88d-d35e-4fb5-a5c3-7773c20a72d9' }, 'PimActiveRoleAssignment'),
      want: [assigns(azureAdminRole, ID, 'User Access Administrator', '18d7d88d-d35e-4fb5-a5c3-7773c20a72d9', 'assigns, through PIM,')],
    },
    {
      name: at('Contributor on the subscription is held'),
      reason: 'every action but authorization: a person decides',
      resource: assignment(s, { roleDefinitionName: 'Contributor' }),
      want: [assigns(azureBroadRole, NAME, 'Contributor', 'Contributor')],
    },
    {
      name: at('Contributor by GUID is held'),
      reason: 'the same role, named by ID',
      resource: assignment(s, { roleDefinitionId: `/providers/Microsoft.Authorization/roleDefinitions/${CONTRIBUTOR}/` }),
      want: [assigns(azureBroadRole, ID, 'Contributor', `/providers/Microsoft.Authorization/roleDefinitions/${CONTRIBUTOR}/`)],
    },
    {
      name: at('AKS RBAC Admin is held'),
      reason: 'a namespace admin, near cluster-admin on a whole cluster',
      resource: assignment(s, { roleDefinitionName: 'Azure Kubernetes Service RBAC Admin' }),
      want: [assigns(azureBroadRole, NAME, 'Azure Kubernetes Service RBAC Admin', 'Azure Kubernetes Service RBAC Admin')],
    },
    {
      name: at('Reader passes'),
      reason: 'a role the tables do not hold, by name and by ID',
      resource: assignment(s, { roleDefinitionName: 'Reader', roleDefinitionId: `${SUB}/providers/Microsoft.Authorization/roleDefinitions/${READER}` }),
      want: [],
    },
    {
      name: at('a roleDefinitionName that is a list'),
      reason: 'malformed is refused once, by the administrator rule',
      resource: assignment(s, { roleDefinitionName: ['Owner'] }),
      want: [finding(azureAdminRole, NAME, `${NAME} must be a role name (a string), got an array`)],
    },
    {
      name: at('a roleDefinitionId that is a number'),
      reason: 'not an ID',
      resource: assignment(s, { roleDefinitionId: 8 }, 'PimActiveRoleAssignment'),
      want: [finding(azureAdminRole, ID, `${ID} must be a role definition ID (a string), got number 8`)],
    },
    {
      name: at('an observe-only Owner assignment'),
      reason: 'observing an assignment grants nothing',
      resource: { ...assignment(s, { roleDefinitionName: 'Owner' }), spec: { forProvider: { principalId: PRINCIPAL, scope: SUB, roleDefinitionName: 'Owner' }, managementPolicies: ['Observe'] } },
      want: [],
    },
  ];
}

function definitionCases(s: Served): FindingsCase[] {
  const at = (name: string) => `${s.label}: ${name}`;
  const P0 = 'spec.forProvider.permissions[0]';
  return [
    {
      name: at('an agent defines a custom subscription owner role: refused'),
      reason: 'CKV_AZURE_39: actions "*" recreates Owner',
      resource: definition(s, [{ actions: ['*'], notActions: [] }]),
      want: [finding(azureAdminRole, P0, `${P0} ${OWNER_LIKE}; list the actions the role needs`)],
    },
    {
      name: at('Microsoft.Authorization/* in another case'),
      reason: 'User Access Administrator by another name; actions compare without case',
      resource: definition(s, [{ actions: ['*/read', 'microsoft.authorization/*'] }]),
      want: [
        finding(
          azureAdminRole,
          P0,
          `${P0} allows Microsoft.Authorization/roleAssignments/write (through actions "microsoft.authorization/*"): whoever holds the role can assign any role, Owner included, in its scopes; list the actions the role needs`,
        ),
      ],
    },
    {
      name: at('roleDefinitions/write alone'),
      reason: 'Trivy AZU-0052: a role that may rewrite itself may grant itself anything',
      resource: definition(s, [{ actions: ['Microsoft.Compute/*/read'] }, { actions: ['Microsoft.Authorization/roleDefinitions/write'] }]),
      want: [
        finding(
          azureAdminRole,
          'spec.forProvider.permissions[1]',
          'spec.forProvider.permissions[1] allows Microsoft.Authorization/roleDefinitions/write (through actions "Microsoft.Authorization/roleDefinitions/write"): whoever holds the role can assign any role, Owner included, in its scopes; list the actions the role needs',
        ),
      ],
    },
    {
      name: at('every Kubernetes action of AKS clusters'),
      reason: 'the RBAC Cluster Admin role by another name',
      resource: definition(s, [{ dataActions: ['Microsoft.ContainerService/managedClusters/*'] }]),
      want: [
        finding(
          azureAdminRole,
          P0,
          `${P0} allows every Kubernetes action of the AKS clusters in its scopes (through dataActions "Microsoft.ContainerService/managedClusters/*"): cluster-admin; list the actions the role needs`,
        ),
      ],
    },
    {
      name: at('"*" with authorization taken away is held'),
      reason: "Contributor's own shape: everything else",
      resource: definition(s, [{ actions: ['*'], notActions: ['Microsoft.Authorization/*/Write', 'Microsoft.Authorization/*/Delete'] }]),
      want: [finding(azureBroadRole, P0, `${P0} ${CONTRIBUTOR_LIKE}; list the actions the role needs, or have a human approve it`)],
    },
    {
      name: at('Kubernetes actions with namespaces taken away are held'),
      reason: 'the RBAC Admin shape: near cluster-admin',
      resource: definition(s, [{ dataActions: ['Microsoft.ContainerService/managedClusters/*'], notDataActions: ['Microsoft.ContainerService/managedClusters/namespaces/write'] }]),
      want: [
        finding(
          azureBroadRole,
          P0,
          `${P0} allows the Kubernetes actions of the AKS clusters in its scopes but those notDataActions take away (through dataActions "Microsoft.ContainerService/managedClusters/*"): near cluster-admin; list the actions the role needs, or have a human approve it`,
        ),
      ],
    },
    {
      name: at('*/write: every write, role assignments included'),
      reason: 'a wildcard anywhere in the pattern counts',
      resource: definition(s, [{ actions: ['*/read', '*/write'] }]),
      want: [
        finding(
          azureAdminRole,
          P0,
          `${P0} allows Microsoft.Authorization/roleAssignments/write (through actions "*/write"): whoever holds the role can assign any role, Owner included, in its scopes; list the actions the role needs`,
        ),
      ],
    },
    {
      name: at('a pattern written to make a matcher backtrack passes, quickly'),
      reason: 'ten thousand wildcards that match no probe: matched in linear passes, not by a regular expression',
      resource: definition(s, [{ actions: [`${'*o'.repeat(5000)}X`] }]),
      want: [],
    },
    {
      name: at('a narrow custom role passes'),
      reason: 'reading and restarting VMs',
      resource: definition(s, [{ actions: ['Microsoft.Compute/virtualMachines/read', 'Microsoft.Compute/virtualMachines/restart/action'] }]),
      want: [],
    },
    {
      name: at('permissions a string'),
      reason: 'a string where a list belongs cannot be judged',
      resource: definition(s, '*'),
      want: [finding(azureAdminRole, 'spec.forProvider.permissions', 'spec.forProvider.permissions must be a list of permissions blocks, got the string "*"; it cannot be judged')],
    },
    {
      name: at('actions a string'),
      reason: 'the same, one level down',
      resource: definition(s, [{ actions: '*' }]),
      want: [finding(azureAdminRole, `${P0}.actions`, `${P0}.actions must be a list of actions, got the string "*"; it cannot be judged`)],
    },
  ];
}

describe('Azure authorization', () => {
  it.each(TWO_SHAPES.flatMap(assignmentCases))('$name', (c) => runFindingsCase(c, AUTHORIZATION_RULES));
  it.each(TWO_SHAPES.flatMap(definitionCases))('$name', (c) => runFindingsCase(c, AUTHORIZATION_RULES));
});

/** A request of several composed resources, with the exact findings of all of them. */
interface ManyCase {
  name: string;
  reason: string;
  desired: Record<string, KubeObject>;
  observed?: Record<string, KubeObject>;
  want: Finding[];
}

function manyCases(s: Served): ManyCase[] {
  const at = (name: string) => `${s.label}: ${name}`;
  const god = (metadata: Record<string, unknown> = { name: 'god' }, extra: Record<string, unknown> = {}) => named(definition(s, [{ actions: ['*'] }], extra), metadata);
  const godFinding = (resource = 'role') => finding(azureAdminRole, 'spec.forProvider.permissions[0]', `spec.forProvider.permissions[0] ${OWNER_LIKE}; list the actions the role needs`, resource);
  const through = `${OWNER_LIKE} (spec.forProvider.permissions[0])`;
  return [
    {
      name: at('an agent defines an owner role and assigns it by roleDefinitionIdRef: both refused'),
      reason: 'the reference resolves to the composed definition, whose permissions are Owner',
      desired: { role: god(), grant: assignment(s, { roleDefinitionIdRef: { name: 'god' } }) },
      want: [
        finding(azureAdminRole, 'spec.forProvider.roleDefinitionIdRef.name', `spec.forProvider.roleDefinitionIdRef.name refers to authorization RoleDefinition "role", which ${through}; ${ADVICE}`, 'grant'),
        godFinding(),
      ],
    },
    {
      name: at('the same role picked by a selector'),
      reason: 'matchLabels reach it too',
      desired: { role: god({ name: 'god', labels: { tier: 'top' } }), grant: assignment(s, { roleDefinitionIdSelector: { matchLabels: { tier: 'top' } } }) },
      want: [
        finding(azureAdminRole, 'spec.forProvider.roleDefinitionIdSelector', `spec.forProvider.roleDefinitionIdSelector selects authorization RoleDefinition "role", which ${through}; ${ADVICE}`, 'grant'),
        godFinding(),
      ],
    },
    {
      name: at('the same role assigned by its name, in another case'),
      reason: 'roleDefinitionName finds custom roles too, without case',
      desired: { role: god(), grant: assignment(s, { roleDefinitionName: 'AGENT-ROLE' }) },
      want: [finding(azureAdminRole, 'spec.forProvider.roleDefinitionName', `spec.forProvider.roleDefinitionName names the role of authorization RoleDefinition "role", which ${through}; ${ADVICE}`, 'grant'), godFinding()],
    },
    {
      name: at('the same role assigned by its GUID, through PIM'),
      reason: "the definition's roleDefinitionId is the GUID its ID ends in",
      desired: {
        role: god({ name: 'god' }, { roleDefinitionId: '99999999-8888-7777-6666-555555555555' }),
        grant: assignment(s, { roleDefinitionId: `${SUB}/providers/Microsoft.Authorization/roleDefinitions/99999999-8888-7777-6666-555555555555` }, 'PimEligibleRoleAssignment'),
      },
      want: [finding(azureAdminRole, 'spec.forProvider.roleDefinitionId', `spec.forProvider.roleDefinitionId names the role of authorization RoleDefinition "role", which ${through}; ${ADVICE}`, 'grant'), godFinding()],
    },
    {
      name: at('an observed Owner adopted as a RoleDefinition, assigned by ref'),
      reason: 'an observe-only definition whose external name is the built-in Owner: the assignment is Owner',
      desired: {
        owner: named(azureChild('authorization', 'RoleDefinition', s, {}), { name: 'owner', annotations: { 'crossplane.io/external-name': `/providers/Microsoft.Authorization/roleDefinitions/${OWNER}|${SUB}` } }),
        grant: assignment(s, { roleDefinitionIdRef: { name: 'owner' } }),
      },
      want: [
        finding(
          azureAdminRole,
          'spec.forProvider.roleDefinitionIdRef.name',
          `spec.forProvider.roleDefinitionIdRef.name refers to authorization RoleDefinition "owner", which is the built-in role Owner (${JSON.stringify(`/providers/Microsoft.Authorization/roleDefinitions/${OWNER}|${SUB}`)}), which ${role('Owner').why}; ${ADVICE}`,
          'grant',
        ),
      ],
    },
    {
      name: at('a Contributor-shaped role assigned by ref is held'),
      reason: 'the same path, the other level',
      desired: { role: named(definition(s, [{ actions: ['*'], notActions: ['Microsoft.Authorization/*/Write'] }]), { name: 'ops' }), grant: assignment(s, { roleDefinitionIdRef: { name: 'ops' } }) },
      want: [
        finding(azureBroadRole, 'spec.forProvider.roleDefinitionIdRef.name', `spec.forProvider.roleDefinitionIdRef.name refers to authorization RoleDefinition "role", which ${CONTRIBUTOR_LIKE} (spec.forProvider.permissions[0]); ${HELD}`, 'grant'),
        finding(azureBroadRole, 'spec.forProvider.permissions[0]', `spec.forProvider.permissions[0] ${CONTRIBUTOR_LIKE}; list the actions the role needs, or have a human approve it`, 'role'),
      ],
    },
    {
      name: at('a narrow role by ref, and a ref to a role elsewhere'),
      reason: 'a narrow composed role passes; one this request cannot see passes here and is judged where it is composed',
      desired: {
        role: named(definition(s, [{ actions: ['Microsoft.Storage/storageAccounts/read'] }]), { name: 'narrow' }),
        grant: assignment(s, { roleDefinitionIdRef: { name: 'narrow' } }),
        other: assignment(s, { roleDefinitionIdRef: { name: 'somewhere-else' } }),
      },
      want: [],
    },
  ];
}

describe('assignments of composed role definitions', () => {
  it.each(TWO_SHAPES.flatMap(manyCases))('$name', ({ desired, observed, want }) => {
    const decision = evaluate(engineRequest(desired, observed !== undefined ? { observed } : {}), AUTHORIZATION_RULES);
    expect(decision.errors).toEqual([]);
    expect(decision.findings).toEqual(want);
  });
});

describe('role names and IDs', () => {
  it.each([
    { name: 'bare GUID', value: OWNER, want: OWNER },
    { name: 'subscription scope', value: `${SUB}/providers/Microsoft.Authorization/roleDefinitions/${OWNER}`, want: OWNER },
    { name: 'an external name with its scope', value: `${SUB}/providers/Microsoft.Authorization/roleDefinitions/${OWNER.toUpperCase()}|${SUB}`, want: OWNER },
    { name: 'a trailing slash and spaces', value: ` /providers/microsoft.authorization/roledefinitions/${OWNER}/ `, want: OWNER },
    { name: 'not a GUID', value: '/providers/Microsoft.Authorization/roleDefinitions/owner', want: undefined },
    { name: 'a name', value: 'Owner', want: undefined },
  ])('roleDefinitionGuid: $name', ({ value, want }) => expect(roleDefinitionGuid(value)).toBe(want));

  it('every built-in role is listed once, by name and by GUID, with its reason in the description', () => {
    const roles = [...ADMIN_ROLES, ...BROAD_ROLES];
    expect(new Set(roles.map((r) => r.name.toLowerCase())).size).toBe(roles.length);
    expect(new Set(roles.map((r) => r.id)).size).toBe(roles.length);
    for (const r of roles) {
      expect(builtInRole('name', r.name)?.role).toBe(r);
      expect(builtInRole('id', r.id)?.role).toBe(r);
    }
    for (const r of ADMIN_ROLES) expect(azureAdminRole.description).toContain(`\`${r.name}\` (\`${r.id}\`: it ${r.why})`);
    for (const r of BROAD_ROLES) expect(azureBroadRole.description).toContain(`\`${r.name}\` (\`${r.id}\`: it ${r.why})`);
  });

  it('AUTHORIZATION_RULES lists the rules in evaluation order', () => {
    expect(AUTHORIZATION_RULES.map((r) => [r.id, r.defaultAction])).toEqual([
      ['azure-authorization-admin-role', 'Deny'],
      ['azure-authorization-broad-role', 'RequireApproval'],
    ]);
  });
});
