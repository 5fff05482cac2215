import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CATALOG } from './catalog.js';
import { NOT_APPLICABLE } from './coverage.js';
import { renderCoverageDoc } from './coverage-doc.js';
import { renderRulesDoc } from './docs.js';
import { CHECKOV } from './zz_checkov.js';

describe('catalog', () => {
  it('docs/rules.md is current (run `npm run generate:docs` after changing a rule)', () => {
    expect(readFileSync(new URL('../../docs/rules.md', import.meta.url), 'utf8')).toBe(renderRulesDoc(CATALOG));
  });

  it('docs/coverage.md is current (run `npm run generate:docs` after changing a rule or an explanation)', () => {
    expect(readFileSync(new URL('../../docs/coverage.md', import.meta.url), 'utf8')).toBe(renderCoverageDoc(CATALOG, CHECKOV, NOT_APPLICABLE));
  });

  it('cites only Checkov checks that exist, and explains only checks no rule covers', () => {
    const cited = CATALOG.flatMap((r) => r.references?.checkov ?? []);
    // Checks of Terraform data sources (data.aws_iam_policy_document) are not resource checks: checks.tsv leaves them out.
    const DATA_SOURCE_CHECKS = new Set(['CKV_AWS_1', 'CKV_AWS_49', 'CKV_AWS_107', 'CKV_AWS_108', 'CKV_AWS_109', 'CKV_AWS_110', 'CKV_AWS_111', 'CKV_AWS_283', 'CKV_AWS_356', 'CKV_AWS_358']);
    // Checkov's Kubernetes checks (CKV_K8S_*, CKV2_K8S_*) judge manifests, not Terraform: checks.tsv maps only the cloud checks.
    expect(cited.filter((id) => !CHECKOV.has(id) && !DATA_SOURCE_CHECKS.has(id) && !/^CKV2?_K8S_/.test(id))).toEqual([]);
    expect([...NOT_APPLICABLE.keys()].filter((id) => !CHECKOV.has(id) || cited.includes(id))).toEqual([]);
  });

  it('has unique ids, with tag rules last so they judge the final resource', () => {
    const ids = CATALOG.map((r) => r.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.slice(-2)).toEqual(['tags-inject', 'tags-required']);
  });

  /**
   * Known gaps: rules with no Checkov or Trivy check to cite, because the
   * scanners have none for what they guard (checked against Checkov's
   * catalogue of Terraform checks and Trivy's AWS checks).
   */
  const UNREFERENCED = new Map([
    ['aws-secretsmanager-secret-policy-public', 'no scanner check for a public secret policy'],
    ['aws-efs-file-system-policy-public', 'no scanner check for a public file system policy'],
    ['aws-opensearch-domain-policy-public', 'no scanner check for an open domain access policy'],
    ['aws-backup-vault-policy-public', 'no scanner check for a public backup vault policy (CKV_AWS_166 is about its key)'],
    ['aws-resource-policy-public', 'no scanner check for EventBridge, DynamoDB, MSK or CodeArtifact resource policies'],
    ['aws-iam-power-user-attachment', 'no scanner check for PowerUserAccess-class managed policies (CKV_AWS_274 and CKV2_AWS_56 are AdministratorAccess and IAMFullAccess)'],
    ['aws-eks-cluster-admin-access', 'no scanner check for EKS access entries or access policy associations (Checkov and Trivy read only aws_eks_cluster and aws_eks_node_group)'],
    ['aws-eks-broad-access', 'no scanner check for EKS access policy associations'],
    ['azure-authorization-broad-role', 'no scanner check for role assignments, nor for Contributor-shaped custom roles (CKV_AZURE_39 and AZU-0052 are the Owner-shaped ones, azure-authorization-admin-role cites them)'],
    ...[
      ['aws-classic-s3-encryption', 'aws-s3-encryption'],
      ['aws-classic-s3-public-access-block', 'aws-s3-public-access-block'],
      ['aws-classic-s3-versioning', 'aws-s3-versioning'],
      ['aws-classic-s3-public-grants', 'aws-s3-public-access-block'],
      ['aws-classic-rds-encrypted', 'aws-rds-storage-encrypted'],
      ['aws-classic-rds-public-access', 'aws-rds-public-access'],
      ['aws-classic-ec2-sg-open-admin-ports', 'aws-ec2-sg-open-admin-ports'],
      ['aws-classic-ec2-sg-internet-ingress', 'aws-ec2-sg-internet-ingress'],
    ].map(([id, twin]) => [id!, `the community AWS provider's kinds are no Terraform type, so no scanner check maps to them; ${twin} cites the checks for the same danger on the Upbound kinds`] as const),
    ['aws-ecs-task-host-network', "no scanner check for an ECS task on the host network (CKV_AWS_335 is the host's process namespace, aws-ecs-host-namespaces cites it)"],
    ['guardrails-approval-store', "guards function-guardrails' own approval store, which no scanner knows"],
    ['guardrails-approval-rbac-unverified', "guards function-guardrails' own approval store, which no scanner knows"],
    ['crossplane-object-patches', "judges provider-kubernetes' own apply-time patching, which no scanner knows"],
    ['k8s-rbac-reserved-name', "no scanner check refuses RBAC composed under Kubernetes' or Crossplane's own names (system:basic-user, crossplane-admin)"],
    ['k8s-rbac-unverified', "no scanner resolves a binding's role against the desired state and what the cluster holds; scanners skip what they cannot see"],
    ['k8s-service-manual-endpoints', "no Checkov or Trivy check judges hand-written Endpoints or EndpointSlices: CVE-2021-25740's mitigation is RBAC (Kubernetes 1.22 took Endpoints writes out of the edit and admin roles), which a composition bypasses with Crossplane's own permissions"],
    ['k8s-control-plane', 'no Checkov or Trivy check judges webhook configurations, admission policies, APIServices, CRDs, flow control or CSRs themselves: theirs judge the RBAC that writes them (k8s-rbac-escalation cites those); Kubescape only lists mutating webhooks (regolibrary list-all-mutating-webhooks)'],
    ['aws-ebs-snapshot-copy-encrypted', 'no scanner check for an unencrypted EBS snapshot copy (CKV_AWS_183 is about its key: aws-ebs-snapshot-copy-cmk cites it)'],
    ['aws-backup-vault-lock', 'no scanner check for a backup vault without a vault lock'],
    ['gcp-sql-deletion-protection', 'no scanner check for Cloud SQL deletion protection'],
    ['aws-securityhub-enabled', 'no scanner check for Security Hub control status or auto-enabled controls'],
    ['aws-detection-kept', 'judges what the desired state drops, which a scanner of one configuration cannot see'],
    ['aws-cloudtrail-management-events', 'no scanner check for event selectors that leave management events out of a trail'],
    ['gcp-gke-workload-identity', "no scanner check for a cluster's workload pool (CKV_GCP_69 checks the nodes' metadata mode: gcp-gke-node-metadata cites it)"],
    ['aws-ec2-eip-association', 'no scanner check holds an Elastic IP attached to an instance (CKV2_AWS_19 asks the opposite: that allocated addresses be attached)'],
    ['k8s-pv-host-path', "no scanner check reads a PersistentVolume's source: the hostPath checks (Trivy KSV-0023) read the volumes of pods"],
    ['k8s-namespace-pod-security', "no scanner check reads a Namespace's Pod Security Admission labels"],
  ]);

  it('the known gaps are rules of the catalog, still without a reference', () => {
    for (const id of UNREFERENCED.keys()) {
      const rule = CATALOG.find((r) => r.id === id);
      expect([...(rule?.references?.checkov ?? []), ...(rule?.references?.trivy ?? []), rule?.id]).toEqual([id]);
    }
  });

  // Tag rules follow the Input, limits (sizes, regions) and Crossplane's own fields are the platform's own: no scanner has them.
  it.each(CATALOG.filter((r) => Array.isArray(r.kinds) && r.params === undefined && !UNREFERENCED.has(r.id)).map((r) => ({ id: r.id, rule: r })))(
    '$id traces to a Checkov or Trivy check',
    ({ rule }) => {
      expect([...(rule.references?.checkov ?? []), ...(rule.references?.trivy ?? [])].length).toBeGreaterThan(0);
    },
  );
});
