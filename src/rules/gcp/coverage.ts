/**
 * The Checkov checks for GCP that no rule covers, each with the one-line
 * reason it does not apply (see ../coverage.ts). Keep it sorted by check ID.
 * Every check on the kinds the GCP catalog guards (Cloud Storage, Cloud SQL,
 * firewalls, GKE, Compute Engine VMs and disks, KMS keys, IAM) is here or
 * covered, and so is every customer-managed or customer-supplied key check,
 * whatever its kind; checks on other kinds not yet judged are left "missing".
 */
const LOG_FLAG = 'a PostgreSQL audit-logging verbosity flag: the platform\'s logging policy, set where needed with a custom rule; flags that open a hole are refused by gcp-sql-unsafe-flags';
const CSEK = 'a customer-supplied key is raw key material the composition would have to carry; encryption at rest is always on, and a customer-managed key has to be chosen by the platform, not injected';
const CMK = 'encryption at rest is always on; a customer-managed key has to be chosen (and granted) by the platform, so there is nothing to inject, and its absence is not an exposure';

export const GCP_NOT_APPLICABLE: ReadonlyMap<string, string> = new Map<string, string>([
  ['CKV2_GCP_4', 'a graph check on the buckets that logging sinks write to: where logs go is the platform\'s logging design, not a field of the bucket an agent composes'],
  ['CKV2_GCP_7', 'it judges a sql User\'s host and password; the password comes from a Secret the function does not read, and the root user is the provider\'s to create'],
  ['CKV2_GCP_13', LOG_FLAG],
  ['CKV2_GCP_14', LOG_FLAG],
  ['CKV2_GCP_15', LOG_FLAG],
  ['CKV2_GCP_16', LOG_FLAG],
  ['CKV2_GCP_17', LOG_FLAG],
  ['CKV2_GCP_20', 'point-in-time recovery (MySQL binary logs) is a recovery-time and cost choice beyond daily backups, which gcp-sql-backups turns on'],
  ['CKV2_GCP_21', CMK],
  ['CKV2_GCP_22', CMK],
  ['CKV2_GCP_25', CMK],
  ['CKV2_GCP_26', CMK],
  ['CKV2_GCP_35', CMK],
  ['CKV_GCP_12', 'how network policy is enforced depends on the dataplane: Dataplane V2 (datapathProvider ADVANCED_DATAPATH) enforces it without networkPolicy.enabled, and refuses that field'],
  ['CKV_GCP_21', 'which labels a cluster must carry is the platform\'s choice: tags.required makes tags-required refuse a cluster without them'],
  ['CKV_GCP_23', 'VPC-native (alias IP) networking needs secondary ranges only the network design can choose: nothing safe to inject, and GKE creates new clusters VPC-native'],
  ['CKV_GCP_24', 'PodSecurityPolicy was removed in Kubernetes 1.25: provider-upjet-gcp\'s Cluster has no podSecurityPolicyConfig field (pod security is judged on the pods themselves)'],
  ['CKV_GCP_37', CSEK],
  ['CKV_GCP_38', CSEK],
  ['CKV_GCP_51', LOG_FLAG],
  ['CKV_GCP_52', LOG_FLAG],
  ['CKV_GCP_53', LOG_FLAG],
  ['CKV_GCP_54', LOG_FLAG],
  ['CKV_GCP_55', LOG_FLAG],
  ['CKV_GCP_56', LOG_FLAG],
  ['CKV_GCP_57', LOG_FLAG],
  ['CKV_GCP_61', 'intranode visibility exports flow logs of pod-to-pod traffic on a node: an observability and cost choice, not an exposure'],
  ['CKV_GCP_65', 'Google Groups for RBAC needs the organization\'s gke-security-groups group, which only the platform can name; nothing safe to inject'],
  ['CKV_GCP_66', 'Binary Authorization enforces a project policy the Cluster cannot carry: turning it on without one blocks nothing, or every image'],
  ['CKV_GCP_79', '"the latest major version" changes with every release; the platform pins database versions with a custom rule'],
  ['CKV_GCP_80', CSEK],
  ['CKV_GCP_81', CSEK],
  ['CKV_GCP_82', 'a Terraform lifecycle setting (prevent_destroy), not a field of the key: Crossplane\'s equivalent is the Composition\'s deletionPolicy or managementPolicies'],
  ['CKV_GCP_83', CSEK],
  ['CKV_GCP_84', CSEK],
  ['CKV_GCP_85', CSEK],
  ['CKV_GCP_90', CSEK],
  ['CKV_GCP_91', CSEK],
  ['CKV_GCP_92', CMK],
  ['CKV_GCP_93', CSEK],
  ['CKV_GCP_108', LOG_FLAG],
  ['CKV_GCP_109', LOG_FLAG],
  ['CKV_GCP_110', LOG_FLAG],
  ['CKV_GCP_111', LOG_FLAG],
  ['CKV_GCP_123', 'provider-upjet-gcp\'s Cluster has no inline nodePool field: node pools are NodePool resources, which the node rules judge'],
]);
