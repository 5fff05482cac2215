import { describe, expect, it } from 'vitest';
import { approvalWrites, BUILT_IN_CLUSTER_ROLES, resourceMatches, ruleProblem } from './rbac.js';

describe('resourceMatches', () => {
  const cases = [
    { name: 'a named resource', resources: ['pods'], resource: 'pods', want: true },
    { name: 'another resource', resources: ['pods'], resource: 'secrets', want: false },
    { name: 'a resource does not reach its subresources', resources: ['pods'], resource: 'pods/exec', want: false },
    { name: '* reaches every resource and subresource', resources: ['*'], resource: 'nodes/proxy', want: true },
    { name: '*/exec reaches the exec subresource of any resource', resources: ['*/exec'], resource: 'pods/exec', want: true },
    { name: '*/exec does not reach the resource itself', resources: ['*/exec'], resource: 'pods', want: false },
    { name: '*/exec does not reach another subresource', resources: ['*/exec'], resource: 'pods/attach', want: false },
    { name: 'pods/* is no wildcard for the API server', resources: ['pods/*'], resource: 'pods/exec', want: false },
  ];
  it.each(cases)('$name', ({ resources, resource, want }) => {
    expect(resourceMatches(resources, resource)).toBe(want);
  });
});

describe('ruleProblem', () => {
  const cases = [
    { name: 'rules absent', role: {}, want: undefined },
    { name: 'well-formed rules', role: { rules: [{ apiGroups: [''], resources: ['pods'], verbs: ['get'], resourceNames: ['a'] }, { nonResourceURLs: ['/metrics'], verbs: ['get'] }] }, want: undefined },
    { name: 'rules that are an object', role: { rules: { apiGroups: [''] } }, want: { path: 'rules', found: 'an object, not a list' } },
    { name: 'a rule that is a string', role: { rules: ['get pods'] }, want: { path: 'rules[0]', found: 'the string "get pods", not an object' } },
    { name: 'verbs that are a string', role: { rules: [{ apiGroups: [''], resources: ['pods'], verbs: 'get' }] }, want: { path: 'rules[0].verbs', found: 'the string "get", not a list' } },
    { name: 'a resource that is a number', role: { rules: [{ apiGroups: [''], resources: ['pods', 5], verbs: ['get'] }] }, want: { path: 'rules[0].resources[1]', found: 'number 5, not a string' } },
  ];
  it.each(cases)('$name', ({ role, want }) => {
    expect(ruleProblem(role)).toEqual(want);
  });
});

describe("Kubernetes' default roles", () => {
  // The approval store reads them for what lets their subjects write approvals.
  const cases = [
    { role: 'cluster-admin', want: ['everything'] },
    {
      role: 'admin',
      want: ['impersonate serviceaccounts', 'create configmaps', 'update configmaps', 'patch configmaps', 'create roles', 'update roles', 'patch roles', 'create rolebindings', 'update rolebindings', 'patch rolebindings'],
    },
    { role: 'edit', want: ['impersonate serviceaccounts', 'create configmaps', 'update configmaps', 'patch configmaps'] },
    { role: 'view', want: [] },
  ];
  it.each(cases)('$role', ({ role, want }) => {
    expect(approvalWrites(BUILT_IN_CLUSTER_ROLES.get(role)!)).toEqual(want);
  });
});
