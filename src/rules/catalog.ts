/**
 * Every built-in rule, in evaluation order. Adding a rule is one module and
 * one row here. Order matters only where a rule reads what another injects:
 * `tags-required` comes after `tags-inject`, so it judges the final tags.
 */
import type { Rule } from '../engine/rule.js';
import { ACCOUNT_SERVICE_RULES } from './aws/account-services.js';
import { CLOUDTRAIL_RULES } from './aws/cloudtrail.js';
import { DETECTION_RULES } from './aws/detection.js';
import { LOGGING_RULES } from './aws/logging.js';
import { ANALYTICS_FIELD_RULES } from './aws/analytics-fields.js';
import { ELASTICACHE_CLUSTER_RULES } from './aws/elasticache-clusters.js';
import { MSK_RULES } from './aws/msk.js';
import { RDS_PARAMETER_RULES } from './aws/rds-parameters.js';
import { DATA_FIELD_RULES } from './aws/data-fields.js';
import { DATA_KEY_RULES } from './aws/data-keys.js';
import { DB_LOG_RULES } from './aws/db-logs.js';
import { DB_PARAMETER_RULES } from './aws/db-parameters.js';
import { DB_SNAPSHOT_RULES } from './aws/db-snapshots.js';
import { SEARCH_DOMAIN_RULES } from './aws/search-domains.js';
import { DYNAMODB_RULES } from './aws/dynamodb.js';
import { EC2_RULES } from './aws/ec2.js';
import { API_GATEWAY_RULES } from './aws/api-gateway.js';
import { CLOUDFRONT_RULES } from './aws/cloudfront.js';
import { EC2_NETWORK_RULES } from './aws/ec2-network.js';
import { ECR_RULES } from './aws/ecr.js';
import { CLASSIC_RULES } from './aws/classic/index.js';
import { CONTAINER_RULES } from './aws/containers.js';
import { EDGE_RULES } from './aws/edge.js';
import { EDGE_RELATION_RULES } from './aws/edge-relations.js';
import { EFS_RULES } from './aws/efs.js';
import { EIP_RULES } from './aws/eip.js';
import { EKS_RULES } from './aws/eks.js';
import { EKS_NODE_GROUP_RULES } from './aws/eks-node-groups.js';
import { EKS_VERSION_RULES } from './aws/eks-version.js';
import { ELASTICACHE_RULES } from './aws/elasticache.js';
import { IAM_RULES } from './aws/iam.js';
import { IAM_ACCOUNT_RULES } from './aws/iam-accounts.js';
import { IAM_GRANT_RULES } from './aws/iam-attachments.js';
import { IAM_TRUST_RULES } from './aws/iam-trust.js';
import { EKS_ACCESS_RULES } from './aws/eks-access.js';
import { AUTHORIZATION_RULES as AZURE_AUTHORIZATION_RULES } from './azure/authorization.js';
import { KEY_RULES } from './aws/keys.js';
import { KMS_RULES } from './aws/kms.js';
import { LAMBDA_RULES } from './aws/lambda.js';
import { LOAD_BALANCER_RULES } from './aws/load-balancers.js';
import { MESSAGING_RULES } from './aws/messaging.js';
import { NETWORK_ACL_RULES } from './aws/network-acl.js';
import { RDS_RULES } from './aws/rds.js';
import { RECOVERY_RULES } from './aws/recovery.js';
import { RESOURCE_POLICY_RULES } from './aws/resource-policies.js';
import { awsRegion } from './aws/region.js';
import { S3_RULES } from './aws/s3.js';
import { S3_ACCESS_RULES } from './aws/s3-access.js';
import { SECURITY_GROUP_RULES } from './aws/security-group.js';
import { SERVICE_CHECK_RULES } from './aws/service-checks.js';
import { awsServiceCustomerManagedKeys } from './aws/service-keys.js';
import { SERVICE_RULES } from './aws/services.js';
import { SHARING_RULES } from './aws/sharing.js';
import { SIZING_RULES } from './aws/sizing.js';
import { AZURE_LIMIT_RULES } from './azure/limits.js';
import { AZURE_RULES } from './azure/rules.js';
import { COMPUTE_RULES } from './gcp/compute.js';
import { CREDENTIAL_RULES as GCP_CREDENTIAL_RULES } from './gcp/credentials.js';
import { FIREWALL_RULES } from './gcp/firewall.js';
import { GKE_RULES } from './gcp/gke.js';
import { IAM_RULES as GCP_IAM_RULES } from './gcp/iam.js';
import { KMS_RULES as GCP_KMS_RULES } from './gcp/kms.js';
import { LIMIT_RULES as GCP_LIMIT_RULES } from './gcp/limits.js';
import { PROJECT_RULES } from './gcp/project.js';
import { SQL_RULES } from './gcp/sql.js';
import { STORAGE_RULES } from './gcp/storage.js';
import { WORKLOAD_IDENTITY_RULES } from './gcp/workload-identity.js';
import { APPROVAL_STORE_RULES } from './kubernetes/approval-store.js';
import { IMAGE_RULES } from './kubernetes/images.js';
import { requestsLimits } from './kubernetes/resources.js';
import { PSS_RULES } from './kubernetes/pss/index.js';
import { namespacePodSecurity } from './kubernetes/namespaces.js';
import { pvHostPath } from './kubernetes/persistent-volumes.js';
import { RBAC_RULES } from './kubernetes/rbac-rules.js';
import { systemNamespace } from './kubernetes/system-namespaces.js';
import { tenantNamespace } from './kubernetes/tenant-namespace.js';
import { CONTROL_PLANE_RULES } from './kubernetes/control-plane.js';
import { K8S_SERVICE_RULES } from './kubernetes/services.js';
import { crossplaneAdoption } from './crossplane/adoption.js';
import { crossplaneObjectPatches } from './crossplane/object-patches.js';
import { crossplaneOpaqueTemplate } from './crossplane/opaque.js';
import { PROVIDER_CONFIG_RULES } from './crossplane/provider-config.js';
import { crossplaneSecretNamespace } from './crossplane/secret-namespace.js';
import { tagsInject, tagsRequired } from './tags/tags.js';

export const CATALOG: readonly Rule[] = [
  ...APPROVAL_STORE_RULES,
  crossplaneAdoption,
  ...PROVIDER_CONFIG_RULES,
  crossplaneSecretNamespace,
  crossplaneOpaqueTemplate,
  crossplaneObjectPatches,
  ...S3_RULES,
  ...S3_ACCESS_RULES,
  ...RDS_RULES,
  ...SECURITY_GROUP_RULES,
  ...EC2_RULES,
  ...NETWORK_ACL_RULES,
  ...EIP_RULES,
  ...EKS_RULES,
  ...EKS_NODE_GROUP_RULES,
  ...EKS_VERSION_RULES,
  ...EC2_NETWORK_RULES,
  ...LOAD_BALANCER_RULES,
  ...CLOUDFRONT_RULES,
  ...API_GATEWAY_RULES,
  ...EDGE_RULES,
  ...EDGE_RELATION_RULES,
  ...IAM_RULES,
  ...IAM_TRUST_RULES,
  ...IAM_GRANT_RULES,
  // Cloud IAM that makes a principal administrator of a cloud scope or a Kubernetes cluster, beside the AWS attachments above.
  ...EKS_ACCESS_RULES,
  ...AZURE_AUTHORIZATION_RULES,
  ...IAM_ACCOUNT_RULES,
  ...RESOURCE_POLICY_RULES,
  ...SHARING_RULES,
  ...KEY_RULES,
  ...RECOVERY_RULES,
  ...LAMBDA_RULES,
  ...ACCOUNT_SERVICE_RULES,
  ...KMS_RULES,
  ...CLOUDTRAIL_RULES,
  ...DETECTION_RULES,
  ...LOGGING_RULES,
  ...MESSAGING_RULES,
  ...DYNAMODB_RULES,
  ...ELASTICACHE_RULES,
  ...ECR_RULES,
  ...EFS_RULES,
  ...SERVICE_RULES,
  ...SERVICE_CHECK_RULES,
  ...CONTAINER_RULES,
  awsServiceCustomerManagedKeys,
  ...CLASSIC_RULES,
  ...DATA_FIELD_RULES,
  ...DB_SNAPSHOT_RULES,
  ...SEARCH_DOMAIN_RULES,
  ...DATA_KEY_RULES,
  ...DB_LOG_RULES,
  ...DB_PARAMETER_RULES,
  ...ANALYTICS_FIELD_RULES,
  ...ELASTICACHE_CLUSTER_RULES,
  ...MSK_RULES,
  ...RDS_PARAMETER_RULES,
  ...RBAC_RULES,
  systemNamespace,
  tenantNamespace,
  ...CONTROL_PLANE_RULES,
  ...K8S_SERVICE_RULES,
  ...AZURE_RULES,
  ...STORAGE_RULES,
  ...SQL_RULES,
  ...FIREWALL_RULES,
  ...GKE_RULES,
  ...COMPUTE_RULES,
  ...GCP_IAM_RULES,
  ...GCP_CREDENTIAL_RULES,
  ...WORKLOAD_IDENTITY_RULES,
  ...GCP_KMS_RULES,
  ...PROJECT_RULES,
  ...SIZING_RULES,
  ...PSS_RULES,
  // What reaches around the pod rules, tied to the Input's podSecurity too.
  pvHostPath,
  namespacePodSecurity,
  awsRegion,
  requestsLimits,
  ...IMAGE_RULES,
  ...AZURE_LIMIT_RULES,
  ...GCP_LIMIT_RULES,
  tagsInject,
  tagsRequired,
];

export const RULE_IDS: ReadonlySet<string> = new Set(CATALOG.map((r) => r.id));

if (RULE_IDS.size !== CATALOG.length) throw new Error('duplicate rule id in the catalog');
