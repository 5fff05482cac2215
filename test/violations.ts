/**
 * For every built-in rule, one minimal desired state that makes it report (a
 * finding with its ID) or act (a mutation or a companion by it) on the
 * composed resource named `target`, with the Input settings it needs to act
 * and the other composed resources it relates `target` to. The catalog-wide
 * contract test (src/rules/catalog.contract.test.ts) runs each rule on these
 * as composed, observe-only and carried by a provider-kubernetes Object; a
 * rule without a row here fails it.
 */
import type { KubeObject } from '../src/engine/types.js';
import { container, pod, RESOURCES, restrictedContainer, restrictedSpec, RESTRICTED_POD_CONTEXT, workload } from './builders/pods.js';
import { bucket, managed, rdsInstance, resource, sgRule } from './builders.js';

export interface Violation {
  /** Why the rule reports or acts here. */
  why: string;
  /** The composed resource the rule must report on or act on, composed as `target`. */
  target: KubeObject;
  /** Other composed resources, by composition resource name, that the rule relates `target` to. */
  siblings?: Record<string, KubeObject>;
  /**
   * Siblings that must stand where `target` stands: carried by the same kind
   * of Object when `target` is, since the relation holds only within one
   * placement (one account or cluster).
   */
  carriedWith?: { names: readonly string[]; why: string };
  /** The Input, partially: the settings the rule needs to act. */
  input?: Record<string, unknown>;
}

/** A policy document of one statement, as the JSON string the providers take. */
const policy = (statement: Record<string, unknown>) => JSON.stringify({ Version: '2012-10-17', Statement: [statement] });

/** A statement anyone may use, with no Condition. */
const anyone = (action: string) => policy({ Effect: 'Allow', Principal: '*', Action: action, Resource: '*' });

const aws = (service: string, kind: string, forProvider: Record<string, unknown> = {}, version = 'v1beta1') => managed(`${service}.aws.upbound.io/${version}`, kind, forProvider);

/** An EC2 Instance in a subnet, so that only what a rule judges is at stake (not the default VPC). */
const instanceInSubnet = (forProvider: Record<string, unknown> = {}) => aws('ec2', 'Instance', { ami: 'ami-0abc', instanceType: 't3.micro', subnetId: 'subnet-private', ...forProvider });

/** An EKS Cluster (v1beta1: `vpcConfig` is a one-element list). */
const eksCluster = (vpcConfig: Record<string, unknown> = {}) => aws('eks', 'Cluster', { roleArn: 'arn:aws:iam::111122223333:role/eks', vpcConfig: [{ subnetIds: ['subnet-a', 'subnet-b'], ...vpcConfig }] });

const trail = (forProvider: Record<string, unknown> = {}) => aws('cloudtrail', 'Trail', { s3BucketName: 'audit-logs', ...forProvider });

/** An Azure managed resource (cluster-scoped; v1beta1 renders single nested blocks as one-element lists). */
const azure = (service: string, kind: string, forProvider: Record<string, unknown> = {}, version = 'v1beta1'): KubeObject => ({
  apiVersion: `${service}.azure.upbound.io/${version}`,
  kind,
  spec: { forProvider: { location: 'westeurope', resourceGroupName: 'rg', ...forProvider } },
});

/** An AKS cluster (v1beta2: single nested blocks are objects). */
const aks = (forProvider: Record<string, unknown> = {}) => azure('containerservice', 'KubernetesCluster', { dnsPrefix: 'app', defaultNodePool: { name: 'system', vmSize: 'Standard_D2s_v5' }, ...forProvider }, 'v1beta2');

/** An inbound Allow rule of an Azure network security group. */
const nsgRule = (forProvider: Record<string, unknown>) => azure('network', 'SecurityRule', { access: 'Allow', direction: 'Inbound', protocol: 'Tcp', priority: 100, networkSecurityGroupName: 'web', ...forProvider });

const rbac = (kind: string, metadata: Record<string, unknown>, body: Record<string, unknown>): KubeObject => ({ apiVersion: 'rbac.authorization.k8s.io/v1', kind, metadata, ...body });

/** The service account an agent runs as. */
const AGENT = { kind: 'ServiceAccount', name: 'agent', namespace: 'team-a' };

const withMetadata = (obj: KubeObject, metadata: Record<string, unknown>): KubeObject => ({ ...obj, metadata });

const gcp = (service: string, kind: string, forProvider: Record<string, unknown> = {}, version = 'v1beta2') => resource(`${service}.gcp.upbound.io/${version}`, kind, forProvider);

/** A Cloud Storage bucket that is compliant but for what a rule judges. */
const gcsBucket = (forProvider: Record<string, unknown> = {}) => gcp('storage', 'Bucket', { location: 'EU', ...forProvider });

/** A Cloud SQL instance (v1beta2: settings and ipConfiguration are objects) on a private network. */
const sqlInstance = (ipConfiguration: Record<string, unknown> = {}, settings: Record<string, unknown> = {}) =>
  gcp('sql', 'DatabaseInstance', { region: 'europe-west1', databaseVersion: 'POSTGRES_15', settings: { tier: 'db-custom-2-7680', ipConfiguration: { privateNetwork: 'projects/p/global/networks/vpc', ...ipConfiguration }, ...settings } });

/** A VPC firewall rule on network `vpc`. */
const firewall = (forProvider: Record<string, unknown>) => gcp('compute', 'Firewall', { network: 'vpc', ...forProvider });

/** A GKE cluster that names its project. */
const gkeCluster = (forProvider: Record<string, unknown> = {}) => gcp('container', 'Cluster', { location: 'europe-west1', project: 'acme-prod', ...forProvider });

const gkeNodePool = (forProvider: Record<string, unknown> = {}) => gcp('container', 'NodePool', { location: 'europe-west1', cluster: 'main', ...forProvider });

/** A VM with no external IP and no service account. */
const gceInstance = (forProvider: Record<string, unknown> = {}) =>
  gcp('compute', 'Instance', { zone: 'europe-west1-b', machineType: 'e2-medium', bootDisk: { initializeParams: { image: 'debian-cloud/debian-12' } }, networkInterface: [{ subnetwork: 'private' }], ...forProvider });

const EXTERNAL_NAME = 'crossplane.io/external-name';


export const VIOLATIONS: Readonly<Record<string, Violation>> = {
  'guardrails-approval-store': {
    why: 'a ConfigMap composed into the approval namespace, where a data key that is a digest approves a held request',
    target: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'approvals', namespace: 'crossplane-system' }, data: { [`sha256-${'a'.repeat(64)}`]: 'agent: approved by myself' } },
  },
  'guardrails-approval-rbac-unverified': {
    why: 'a ClusterRoleBinding to a ClusterRole neither composed here nor built in: what it grants in the approval namespace cannot be seen',
    target: rbac(
      'ClusterRoleBinding',
      { name: 'agent-ops' },
      { subjects: [{ kind: 'ServiceAccount', name: 'agent', namespace: 'team-a' }], roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'ops-tools' } },
    ),
  },
  'crossplane-adoption': {
    why: 'an external name on a new managed resource adopts the existing bucket of that name instead of creating one',
    target: bucket({ metadata: { annotations: { [EXTERNAL_NAME]: 'prod-customer-data' } } }),
  },
  'crossplane-provider-config': {
    why: 'the bucket acts with the provider config "admin", which is not allowed (the Objects that carry it use the allowed "in-cluster")',
    target: bucket({ spec: { providerConfigRef: { name: 'admin' } } }),
    input: { rules: { 'crossplane-provider-config': { allowed: ['team-a-*', 'in-cluster'] } } },
  },
  'crossplane-cluster-provider-config': {
    why: 'a namespaced bucket naming a ClusterProviderConfig reaches credentials shared by the whole cluster',
    target: bucket({ group: 'namespaced', spec: { providerConfigRef: { kind: 'ClusterProviderConfig', name: 'shared' } } }),
  },
  'crossplane-composed-provider-config': {
    why: 'a composed ProviderConfig chooses the identity other managed resources act with',
    target: { apiVersion: 'aws.upbound.io/v1beta1', kind: 'ProviderConfig', metadata: { name: 'agent' }, spec: { credentials: { source: 'IRSA' } } },
  },
  'crossplane-secret-namespace': {
    why: "the database's master password is read from a Secret in crossplane-system, outside the XR's namespace (a cluster-scoped XR without a claim has none)",
    target: rdsInstance({ masterPasswordSecretRef: { namespace: 'crossplane-system', name: 'aws-credentials', key: 'credentials' } }),
  },
  'crossplane-object-patches': {
    why: "an Object whose manifest's publiclyAccessible is patched at apply time from the agent's own XR: not what was judged",
    target: {
      apiVersion: 'kubernetes.crossplane.io/v1alpha2',
      kind: 'Object',
      spec: {
        forProvider: { manifest: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'settings', namespace: 'team-a' }, data: {} } },
        providerConfigRef: { name: 'in-cluster' },
        references: [{ patchesFrom: { apiVersion: 'platform.example.org/v1alpha1', kind: 'XApp', name: 'orders', namespace: 'team-a', fieldPath: 'spec.parameters.namespace' }, toFieldPath: 'metadata.namespace' }],
      },
    },
  },
  'crossplane-opaque-template': {
    why: 'a CloudFormation Stack runs a template that can create any AWS resource',
    target: aws('cloudformation', 'Stack', { templateBody: '{"Resources": {}}' }),
  },

  // S3: a Bucket has none of its protections inline, so each rule adds a companion, or warns.
  'aws-s3-encryption': { why: 'a Bucket without a BucketServerSideEncryptionConfiguration gets one', target: bucket() },
  'aws-s3-public-access-block': { why: 'a Bucket without a BucketPublicAccessBlock gets one', target: bucket() },
  'aws-s3-versioning': { why: 'a Bucket without a BucketVersioning gets one', target: bucket() },
  'aws-s3-access-logging': { why: 'a Bucket without a BucketLogging is reported (Warn)', target: bucket() },

  // RDS: an Instance that says nothing gets the safe values.
  'aws-rds-storage-encrypted': { why: 'storageEncrypted is absent: injected', target: rdsInstance() },
  'aws-rds-public-access': { why: 'publiclyAccessible is absent: injected', target: rdsInstance() },
  'aws-rds-backup-retention': { why: 'backupRetentionPeriod is absent: injected', target: rdsInstance() },
  'aws-rds-deletion-protection': { why: 'deletionProtection is absent: reported (Warn)', target: rdsInstance() },
  'aws-rds-iam-auth': { why: 'a postgres Instance without iamDatabaseAuthenticationEnabled: injected', target: rdsInstance() },

  'aws-ec2-sg-open-admin-ports': {
    why: 'SSH open to 0.0.0.0/0',
    target: sgRule({ cidrBlocks: ['0.0.0.0/0'], fromPort: 22, toPort: 22 }),
  },
  'aws-ec2-sg-internet-ingress': {
    why: 'HTTPS open to 0.0.0.0/0 on the composed security group `web`, which the finding names',
    target: sgRule({ cidrBlocks: ['0.0.0.0/0'], fromPort: 443, toPort: 443, securityGroupIdRef: { name: 'web' } }),
    siblings: { web: withMetadata(aws('ec2', 'SecurityGroup', { vpcId: 'vpc-1' }), { name: 'web' }) },
    carriedWith: { names: ['web'], why: 'a rule refers to a security group of its own account: the group counts only where the rule is applied' },
  },

  // EC2.
  'aws-ebs-encryption': { why: 'encrypted is absent: injected', target: aws('ec2', 'EBSVolume', { availabilityZone: 'eu-west-1a', size: 20 }) },
  'aws-ebs-default-encryption': { why: 'enabled is absent: injected', target: aws('ec2', 'EBSEncryptionByDefault') },
  'aws-ec2-instance-encryption': { why: 'rootBlockDevice.encrypted is absent: injected', target: instanceInSubnet() },
  'aws-ec2-imdsv2': { why: 'no metadataOptions: IMDSv2 is required by injection', target: instanceInSubnet() },
  'aws-ec2-public-ip': {
    why: 'an Instance that names no subnet launches in the default VPC, which gives it a public IP',
    target: aws('ec2', 'Instance', { ami: 'ami-0abc', instanceType: 't3.micro' }),
  },
  'aws-ec2-no-public-ip-default': { why: 'an Instance in a subnet that does not turn public IPs off: associatePublicIpAddress: false is injected', target: instanceInSubnet() },
  'aws-vpc-subnet-public-ip': { why: 'mapPublicIpOnLaunch: true', target: aws('ec2', 'Subnet', { vpcId: 'vpc-1', cidrBlock: '10.0.1.0/24', mapPublicIpOnLaunch: true }) },

  // EKS.
  'aws-eks-private-endpoint': { why: 'the endpoint settings are absent: public off and private on are injected', target: eksCluster() },
  'aws-eks-public-endpoint-open': { why: 'a public endpoint with no publicAccessCidrs is open to 0.0.0.0/0', target: eksCluster({ endpointPublicAccess: true }) },
  'aws-eks-public-endpoint': {
    why: 'a public endpoint limited to one network still needs approval',
    target: eksCluster({ endpointPublicAccess: true, endpointPrivateAccess: true, publicAccessCidrs: ['198.51.100.0/24'] }),
  },
  'aws-eks-secrets-encryption': { why: 'no encryptionConfig: reported (Warn)', target: eksCluster() },
  'aws-eks-control-plane-logging': { why: 'no enabledClusterLogTypes: reported (Warn)', target: eksCluster() },

  // IAM.
  'aws-iam-policy-document': { why: 'a policy that is not JSON cannot be checked', target: aws('iam', 'Policy', { policy: '{not json' }) },
  'aws-iam-admin-wildcard': { why: 'Action "*" on Resource "*"', target: aws('iam', 'Policy', { policy: policy({ Effect: 'Allow', Action: '*', Resource: '*' }) }) },
  'aws-iam-trust-any-principal': {
    why: 'a trust policy any principal may assume',
    target: aws('iam', 'Role', { assumeRolePolicy: policy({ Effect: 'Allow', Principal: { AWS: '*' }, Action: 'sts:AssumeRole' }) }),
  },
  'aws-iam-privilege-escalation': {
    why: 'iam:PassRole on every role',
    target: aws('iam', 'Policy', { policy: policy({ Effect: 'Allow', Action: 'iam:PassRole', Resource: '*' }) }),
  },
  'aws-iam-trust-foreign-account': {
    why: 'a foreign account may assume the role with no sts:ExternalId condition (no account is listed as the platform\'s own)',
    target: aws('iam', 'Role', { assumeRolePolicy: policy({ Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::444455556666:root' }, Action: 'sts:AssumeRole' }) }),
  },
  'aws-iam-trust-oidc': {
    why: 'any GitHub Actions workflow may assume the role: no audience nor subject condition',
    target: aws('iam', 'Role', {
      assumeRolePolicy: policy({
        Effect: 'Allow',
        Principal: { Federated: 'arn:aws:iam::111122223333:oidc-provider/token.actions.githubusercontent.com' },
        Action: 'sts:AssumeRoleWithWebIdentity',
      }),
    }),
  },
  // The attachment rules also judge attachments (policyArn), but an observe-only attachment attaches nothing and is
  // skipped by design; an iam Policy that adopts an AWS managed policy is judged observe-only too, which is why the
  // rules read the object: that is the case fixed here.
  'aws-iam-admin-attachment': {
    why: 'an iam Policy adopting AdministratorAccess through its external name',
    target: withMetadata(aws('iam', 'Policy', {}), { annotations: { [EXTERNAL_NAME]: 'arn:aws:iam::aws:policy/AdministratorAccess' } }),
  },
  'aws-iam-power-user-attachment': {
    why: 'an iam Policy adopting PowerUserAccess through its external name',
    target: withMetadata(aws('iam', 'Policy', {}), { annotations: { [EXTERNAL_NAME]: 'arn:aws:iam::aws:policy/PowerUserAccess' } }),
  },
  'aws-iam-long-lived-credentials': { why: 'an AccessKey is a credential that lasts until deleted', target: aws('iam', 'AccessKey', { user: 'ci' }) },

  // Resource policies: one statement anyone may use, with no Condition, on one kind of each rule.
  'aws-s3-bucket-policy-public': { why: 'a bucket policy for any principal', target: aws('s3', 'BucketPolicy', { bucket: 'data', policy: anyone('s3:GetObject') }) },
  'aws-s3-access-point-policy-public': {
    why: 'an access point policy for any principal',
    target: aws('s3control', 'AccessPointPolicy', { accessPointArn: 'arn:aws:s3:eu-west-1:111122223333:accesspoint/data', policy: anyone('s3:GetObject') }),
  },
  'aws-kms-key-policy-public': { why: 'a key policy for any principal', target: aws('kms', 'Key', { enableKeyRotation: true, policy: anyone('kms:Decrypt') }) },
  'aws-sqs-queue-policy-public': { why: 'a queue policy for any principal', target: aws('sqs', 'QueuePolicy', { queueUrl: 'https://sqs.eu-west-1.amazonaws.com/111122223333/q', policy: anyone('sqs:SendMessage') }) },
  'aws-sns-topic-policy-public': { why: 'a topic policy for any principal', target: aws('sns', 'TopicPolicy', { arn: 'arn:aws:sns:eu-west-1:111122223333:t', policy: anyone('sns:Publish') }) },
  'aws-ecr-repository-policy-public': { why: 'a repository policy for any principal', target: aws('ecr', 'RepositoryPolicy', { repository: 'app', policy: anyone('ecr:BatchGetImage') }) },
  'aws-secretsmanager-secret-policy-public': {
    why: 'a secret policy for any principal',
    target: aws('secretsmanager', 'SecretPolicy', { secretArn: 'arn:aws:secretsmanager:eu-west-1:111122223333:secret:db', policy: anyone('secretsmanager:GetSecretValue') }),
  },
  'aws-efs-file-system-policy-public': { why: 'a file system policy for any principal', target: aws('efs', 'FileSystemPolicy', { fileSystemId: 'fs-1', policy: anyone('elasticfilesystem:ClientMount') }) },
  'aws-opensearch-domain-policy-public': { why: 'a domain access policy for any principal', target: aws('opensearch', 'DomainPolicy', { domainName: 'logs', accessPolicies: anyone('es:ESHttpGet') }) },
  'aws-glacier-vault-policy-public': { why: 'a vault access policy for any principal', target: aws('glacier', 'Vault', { accessPolicy: anyone('glacier:InitiateJob') }) },
  'aws-backup-vault-policy-public': { why: 'a backup vault policy for any principal', target: aws('backup', 'VaultPolicy', { backupVaultName: 'v', policy: anyone('backup:CopyIntoBackupVault') }) },
  'aws-resource-policy-public': { why: 'a DynamoDB resource policy for any principal', target: aws('dynamodb', 'ResourcePolicy', { resourceArn: 'arn:aws:dynamodb:eu-west-1:111122223333:table/t', policy: anyone('dynamodb:GetItem') }) },
  'aws-lambda-permission-public': {
    why: 'principal "*" with nothing that narrows it: any AWS account may invoke the function',
    target: aws('lambda', 'Permission', { action: 'lambda:InvokeFunction', functionName: 'handler', principal: '*' }),
  },

  'aws-kms-key-rotation': { why: 'enableKeyRotation is absent on a symmetric key: injected', target: aws('kms', 'Key') },
  'aws-cloudtrail-logging': { why: 'enableLogging: false stops the trail recording anything', target: trail({ enableLogging: false }) },
  'aws-cloudtrail-multi-region': { why: 'isMultiRegionTrail is absent: injected', target: trail() },
  'aws-cloudtrail-log-validation': { why: 'enableLogFileValidation is absent: injected', target: trail() },
  'aws-cloudtrail-kms': { why: 'no KMS key: reported (Warn)', target: trail() },
  'aws-sqs-encryption': { why: 'neither sqsManagedSseEnabled nor kmsMasterKeyId: SQS managed encryption is injected', target: aws('sqs', 'Queue') },
  'aws-sns-encryption': { why: 'kmsMasterKeyId is absent: the AWS managed key is injected', target: aws('sns', 'Topic') },
  'aws-dynamodb-pitr': { why: 'pointInTimeRecovery is absent: injected', target: aws('dynamodb', 'Table', { hashKey: 'id' }) },
  'aws-dynamodb-cmk': { why: 'no serverSideEncryption with a customer managed key: reported (Warn)', target: aws('dynamodb', 'Table', { hashKey: 'id' }) },
  'aws-elasticache-at-rest-encryption': { why: 'atRestEncryptionEnabled is absent: injected', target: aws('elasticache', 'ReplicationGroup', { description: 'cache' }) },
  'aws-elasticache-transit-encryption': { why: 'transitEncryptionEnabled is absent: injected', target: aws('elasticache', 'ReplicationGroup', { description: 'cache' }) },
  'aws-ecr-immutable-tags': { why: 'imageTagMutability is absent: injected', target: aws('ecr', 'Repository') },
  'aws-ecr-scan-on-push': { why: 'imageScanningConfiguration is absent: injected', target: aws('ecr', 'Repository') },
  'aws-efs-encrypted': { why: 'encrypted is absent: injected', target: aws('efs', 'FileSystem') },

  // Databases and analytics stores, one field each (src/rules/aws/data-fields.ts).
  'aws-redshift-encrypted': { why: 'encrypted is absent: "true" injected', target: aws('redshift', 'Cluster', { nodeType: 'ra3.xlplus' }) },
  'aws-redshift-public-access': { why: 'publiclyAccessible is absent: false injected', target: aws('redshift', 'Cluster', { nodeType: 'ra3.xlplus' }) },
  'aws-redshift-snapshot-retention': { why: 'automatedSnapshotRetentionPeriod: 0 turns snapshots off: refused', target: aws('redshift', 'Cluster', { nodeType: 'ra3.xlplus', automatedSnapshotRetentionPeriod: 0 }) },
  'aws-redshift-enhanced-vpc-routing': { why: 'enhancedVpcRouting is absent: reported (Warn)', target: aws('redshift', 'Cluster', { nodeType: 'ra3.xlplus' }) },
  'aws-redshift-database-name': { why: 'databaseName is absent, so the default "dev": reported (Warn)', target: aws('redshift', 'Cluster', { nodeType: 'ra3.xlplus' }) },
  'aws-redshift-subnet-group': { why: 'clusterSubnetGroupName is absent: reported (Warn)', target: aws('redshift', 'Cluster', { nodeType: 'ra3.xlplus' }) },
  'aws-dms-public-access': { why: 'publiclyAccessible is absent: false injected', target: aws('dms', 'ReplicationInstance', { replicationInstanceClass: 'dms.t3.micro' }) },
  'aws-mq-public-access': { why: 'publiclyAccessible is absent: false injected', target: aws('mq', 'Broker', { engineType: 'ActiveMQ', hostInstanceType: 'mq.t3.micro' }) },
  'aws-mq-general-logs': { why: 'logs.general is absent: injected', target: aws('mq', 'Broker', { engineType: 'ActiveMQ', hostInstanceType: 'mq.t3.micro' }) },
  'aws-db-auto-minor-upgrade': { why: 'autoMinorVersionUpgrade: false: refused', target: rdsInstance({ autoMinorVersionUpgrade: false }) },
  'aws-mq-auto-minor-upgrade': { why: 'autoMinorVersionUpgrade is absent: injected', target: aws('mq', 'Broker', { engineType: 'ActiveMQ', hostInstanceType: 'mq.t3.micro' }) },
  'aws-db-copy-tags-to-snapshot': { why: 'copyTagsToSnapshot is absent: injected', target: rdsInstance() },
  'aws-rds-ca-certificate': { why: 'caCertIdentifier names the expired rds-ca-2019: refused', target: rdsInstance({ caCertIdentifier: 'rds-ca-2019' }) },
  'aws-search-encrypt-at-rest': { why: 'encryptAtRest is absent: injected', target: aws('opensearch', 'Domain', { engineVersion: 'OpenSearch_2.13' }) },
  'aws-search-node-to-node-encryption': { why: 'nodeToNodeEncryption is absent: injected', target: aws('opensearch', 'Domain', { engineVersion: 'OpenSearch_2.13' }) },
  'aws-search-enforce-https': { why: 'domainEndpointOptions is absent: enforceHttps injected', target: aws('opensearch', 'Domain', { engineVersion: 'OpenSearch_2.13' }) },
  'aws-search-tls-policy': { why: 'domainEndpointOptions is absent: a TLS 1.2 policy injected', target: aws('opensearch', 'Domain', { engineVersion: 'OpenSearch_2.13' }) },
  'aws-search-fine-grained-access': { why: 'advancedSecurityOptions is absent: reported (Warn)', target: aws('elasticsearch', 'Domain', { elasticsearchVersion: '7.10' }) },
  'aws-search-dedicated-masters': { why: 'clusterConfig is absent: reported (Warn)', target: aws('opensearch', 'Domain', { engineVersion: 'OpenSearch_2.13' }) },
  'aws-search-master-count': { why: 'clusterConfig is absent: reported (Warn)', target: aws('opensearch', 'Domain', { engineVersion: 'OpenSearch_2.13' }) },
  'aws-rds-snapshot-public': { why: 'sharedAccounts includes all: refused', target: aws('rds', 'Snapshot', { dbInstanceIdentifier: 'orders', sharedAccounts: ['all'] }) },
  'aws-rds-snapshot-shared': { why: 'sharedAccounts names an account and none is listed as the platform\'s own: held', target: aws('rds', 'ClusterSnapshot', { dbClusterIdentifier: 'orders', sharedAccounts: ['444455556666'] }) },
  'aws-search-public-endpoint': { why: 'no vpcOptions: a public endpoint, held', target: aws('opensearch', 'Domain', { engineVersion: 'OpenSearch_2.13' }) },
  'aws-search-default-security-group': { why: 'in a VPC with no security group: reported (Warn)', target: aws('opensearch', 'Domain', { engineVersion: 'OpenSearch_2.13', vpcOptions: [{ subnetIds: ['subnet-a'] }] }) },
  'aws-search-logging': { why: 'no logPublishingOptions: reported (Warn)', target: aws('opensearch', 'Domain', { engineVersion: 'OpenSearch_2.13' }) },
  'aws-data-customer-key': { why: 'a Redshift cluster names no kmsKeyId: reported (Warn)', target: aws('redshift', 'Cluster', { nodeType: 'ra3.xlplus' }) },
  'aws-db-log-exports': { why: 'a postgres Instance exports no logs: postgresql injected', target: rdsInstance() },
  'aws-mq-audit-logs': { why: 'an ActiveMQ broker without logs.audit: "true" injected', target: aws('mq', 'Broker', { engineType: 'ActiveMQ', hostInstanceType: 'mq.t3.micro' }) },
  'aws-docdb-audit-parameter': { why: 'a parameter group that does not set audit_logs: reported (Warn)', target: aws('docdb', 'ClusterParameterGroup', { family: 'docdb5.0', parameter: [] }) },
  'aws-db-parameter-tls': { why: 'a DocumentDB parameter group with tls disabled: refused', target: aws('docdb', 'ClusterParameterGroup', { family: 'docdb5.0', parameter: [{ name: 'tls', value: 'disabled' }] }) },
  'aws-dax-encryption': { why: 'serverSideEncryption is absent: injected', target: aws('dax', 'Cluster', { nodeType: 'dax.t3.small', replicationFactor: 1 }) },
  'aws-dax-endpoint-tls': { why: 'clusterEndpointEncryptionType is absent: TLS injected', target: aws('dax', 'Cluster', { nodeType: 'dax.t3.small', replicationFactor: 1 }) },
  'aws-memorydb-tls': { why: 'tlsEnabled: false: refused', target: aws('memorydb', 'Cluster', { nodeType: 'db.t4g.small', tlsEnabled: false }) },
  'aws-msk-client-tls': { why: 'clientBroker PLAINTEXT: refused', target: aws('kafka', 'Cluster', { kafkaVersion: '3.6.0', encryptionInfo: [{ encryptionInTransit: [{ clientBroker: 'PLAINTEXT' }] }] }) },
  'aws-msk-in-cluster-tls': { why: 'inCluster false: refused', target: aws('kafka', 'Cluster', { kafkaVersion: '3.6.0', encryptionInfo: [{ encryptionInTransit: [{ inCluster: false }] }] }) },
  'aws-msk-public-access': {
    why: 'publicAccess SERVICE_PROVIDED_EIPS: refused',
    target: aws('kafka', 'Cluster', { kafkaVersion: '3.6.0', brokerNodeGroupInfo: [{ connectivityInfo: [{ publicAccess: [{ type: 'SERVICE_PROVIDED_EIPS' }] }] }] }),
  },
  'aws-qldb-permissions-mode': { why: 'permissionsMode ALLOW_ALL: refused', target: aws('qldb', 'Ledger', { permissionsMode: 'ALLOW_ALL' }) },
  'aws-qldb-deletion-protection': { why: 'deletionProtection false: reported (Warn)', target: aws('qldb', 'Ledger', { permissionsMode: 'STANDARD', deletionProtection: false }) },
  'aws-cloudsearch-https': { why: 'endpointOptions is absent: enforceHttps injected', target: aws('cloudsearch', 'Domain') },
  'aws-cloudsearch-tls': { why: 'endpointOptions is absent: a TLS 1.2 policy injected', target: aws('cloudsearch', 'Domain') },
  'aws-dms-endpoint-ssl': { why: 'sslMode is absent: reported (Warn)', target: aws('dms', 'Endpoint', { endpointType: 'source', engineName: 'postgres' }) },
  'aws-elasticache-cluster-backups': { why: 'a Redis cluster without snapshotRetentionLimit: injected', target: aws('elasticache', 'Cluster', { engine: 'redis', nodeType: 'cache.t4g.micro', subnetGroupName: 'cache' }) },
  'aws-elasticache-cluster-minor-upgrade': { why: 'autoMinorVersionUpgrade "false" on Redis: refused', target: aws('elasticache', 'Cluster', { engine: 'redis', nodeType: 'cache.t4g.micro', autoMinorVersionUpgrade: 'false' }) },
  'aws-elasticache-subnet-group': { why: 'no subnet group: reported (Warn)', target: aws('elasticache', 'Cluster', { engine: 'memcached', nodeType: 'cache.t4g.micro' }) },
  'aws-elasticache-auth': { why: 'no auth token and no user groups: reported (Warn)', target: aws('elasticache', 'ReplicationGroup', { description: 'cache' }) },
  'aws-msk-logging': { why: 'no broker logs: reported (Warn)', target: aws('kafka', 'Cluster', { kafkaVersion: '3.6.0' }) },
  'aws-rds-parameter-tls': { why: 'a parameter group with rds.force_ssl 0: refused', target: aws('rds', 'ParameterGroup', { family: 'postgres16', parameter: [{ name: 'rds.force_ssl', value: '0' }] }) },
  'aws-elasticache-automatic-failover': { why: 'automaticFailoverEnabled is absent: reported (Warn)', target: aws('elasticache', 'ReplicationGroup', { description: 'cache' }) },

  // Kubernetes RBAC.
  'k8s-rbac-cluster-admin': {
    why: 'a ClusterRoleBinding to cluster-admin: anything, everywhere',
    target: rbac('ClusterRoleBinding', { name: 'agent-admin' }, { subjects: [AGENT], roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'cluster-admin' } }),
  },
  'k8s-rbac-wildcard': {
    why: 'a ClusterRole with every verb on every resource of every API group',
    target: rbac('ClusterRole', { name: 'agent-all' }, { rules: [{ apiGroups: ['*'], resources: ['*'], verbs: ['*'] }] }),
  },
  'k8s-rbac-public-subject': {
    why: 'a RoleBinding that binds every authenticated identity',
    target: rbac(
      'RoleBinding',
      { name: 'everyone-views', namespace: 'team-a' },
      { subjects: [{ apiGroup: 'rbac.authorization.k8s.io', kind: 'Group', name: 'system:authenticated' }], roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'view' } },
    ),
  },
  'k8s-rbac-reserved-name': {
    why: 'a ClusterRole named system:basic-user, which every cluster binds to every authenticated user',
    target: rbac('ClusterRole', { name: 'system:basic-user' }, { rules: [{ apiGroups: [''], resources: ['configmaps'], verbs: ['get'] }] }),
  },
  'k8s-rbac-escalation': {
    why: 'a ClusterRole granting escalate on clusterroles',
    target: rbac('ClusterRole', { name: 'agent-escalate' }, { rules: [{ apiGroups: ['rbac.authorization.k8s.io'], resources: ['clusterroles'], verbs: ['escalate'] }] }),
  },
  'k8s-rbac-unverified': {
    why: 'a RoleBinding to a ClusterRole neither composed here nor built in',
    target: rbac('RoleBinding', { name: 'agent-ops', namespace: 'team-a' }, { subjects: [AGENT], roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'ops-tools' } }),
  },

  // Azure storage.
  'azure-storage-https-only': { why: 'httpsTrafficOnlyEnabled is absent: injected', target: azure('storage', 'Account', { accountTier: 'Standard', accountReplicationType: 'LRS' }) },
  'azure-storage-min-tls': { why: 'minTlsVersion is absent: TLS1_2 injected', target: azure('storage', 'Account', { accountTier: 'Standard', accountReplicationType: 'LRS' }) },
  'azure-storage-nested-items-private': { why: 'allowNestedItemsToBePublic: true lets any container be made public', target: azure('storage', 'Account', { allowNestedItemsToBePublic: true }) },
  'azure-storage-public-network': { why: 'publicNetworkAccessEnabled is absent: false injected', target: azure('storage', 'Account', { accountTier: 'Standard', accountReplicationType: 'LRS' }) },
  'azure-storage-public-network-approval': { why: 'publicNetworkAccessEnabled: true, with no network rules: held', target: azure('storage', 'Account', { publicNetworkAccessEnabled: true }) },
  'azure-storage-network-default-deny': {
    why: 'network rules that name an address but allow every network by default',
    target: azure('storage', 'Account', { networkRules: [{ defaultAction: 'Allow', ipRules: ['203.0.113.0/24'] }] }),
  },
  'azure-storage-container-private': { why: 'containerAccessType "container": anyone may list and read the blobs', target: azure('storage', 'Container', { storageAccountName: 'data', containerAccessType: 'container' }) },

  // Azure databases.
  'azure-database-public-network': { why: 'publicNetworkAccessEnabled: true on an Azure SQL server', target: azure('sql', 'MSSQLServer', { version: '12.0', publicNetworkAccessEnabled: true }, 'v1beta2') },
  'azure-database-min-tls': { why: 'a PostgreSQL flexible server parameter turning TLS off', target: azure('dbforpostgresql', 'FlexibleServerConfiguration', { name: 'require_secure_transport', value: 'off', serverId: 'pg' }) },
  'azure-postgresql-ssl-enforced': { why: 'sslEnforcementEnabled: false on a PostgreSQL single server', target: azure('dbforpostgresql', 'Server', { version: '11', skuName: 'GP_Gen5_2', sslEnforcementEnabled: false }) },
  'azure-database-firewall-open': { why: 'a firewall rule of 0.0.0.0-255.255.255.255', target: azure('sql', 'MSSQLFirewallRule', { startIpAddress: '0.0.0.0', endIpAddress: '255.255.255.255', serverId: 'db' }) },
  'azure-database-firewall-public': { why: 'the "allow Azure services" rule, 0.0.0.0-0.0.0.0', target: azure('sql', 'MSSQLFirewallRule', { startIpAddress: '0.0.0.0', endIpAddress: '0.0.0.0', serverId: 'db' }) },

  // Azure network security groups.
  'azure-nsg-open-admin-ports': { why: 'SSH from *', target: nsgRule({ sourceAddressPrefix: '*', destinationPortRange: '22' }) },
  'azure-nsg-internet-ingress': {
    why: 'HTTPS from the internet, inline in a SecurityGroup',
    target: azure('network', 'SecurityGroup', { securityRule: [{ name: 'https', access: 'Allow', direction: 'Inbound', protocol: 'Tcp', priority: 100, sourceAddressPrefix: 'Internet', destinationPortRange: '443' }] }),
  },

  // AKS.
  'azure-aks-rbac': { why: 'roleBasedAccessControlEnabled is absent: injected', target: aks() },
  'azure-aks-local-accounts': { why: 'localAccountDisabled is absent on a cluster with Entra ID: injected', target: aks({ azureActiveDirectoryRoleBasedAccessControl: { azureRbacEnabled: true } }) },
  'azure-aks-private-cluster': { why: 'neither private nor limited to authorized ranges: privateClusterEnabled injected', target: aks() },
  'azure-aks-api-server-open': { why: 'a public API server without authorized ranges', target: aks({ privateClusterEnabled: false }) },
  'azure-aks-public-api-server': { why: 'a public API server limited to one network still needs approval', target: aks({ apiServerAccessProfile: { authorizedIpRanges: ['198.51.100.0/24'] } }) },
  'azure-aks-node-public-ip': { why: 'nodes with public IPs', target: aks({ defaultNodePool: { name: 'system', vmSize: 'Standard_D2s_v5', nodePublicIpEnabled: true } }) },
  'azure-aks-network-policy': { why: 'no network policy engine: reported (Warn)', target: aks() },
  'azure-aks-http-application-routing': { why: 'the retired HTTP application routing add-on turned on', target: aks({ httpApplicationRoutingEnabled: true }) },

  // Key Vault.
  'azure-keyvault-purge-protection': { why: 'purgeProtectionEnabled is absent: injected', target: azure('keyvault', 'Vault', { skuName: 'standard', tenantId: 't' }, 'v1beta2') },
  'azure-keyvault-soft-delete': { why: 'softDeleteEnabled: false (a field of older CRDs)', target: azure('keyvault', 'Vault', { skuName: 'standard', tenantId: 't', softDeleteEnabled: false }, 'v1beta2') },
  'azure-keyvault-network': { why: 'no network ACLs: the vault answers every network', target: azure('keyvault', 'Vault', { skuName: 'standard', tenantId: 't' }, 'v1beta2') },

  // Azure compute.
  'azure-vm-password-authentication': { why: 'disablePasswordAuthentication: false', target: azure('compute', 'LinuxVirtualMachine', { size: 'Standard_B2s', adminUsername: 'u', disablePasswordAuthentication: false }, 'v1beta2') },
  'azure-network-public-ip': { why: 'a network interface with a public IP', target: azure('network', 'NetworkInterface', { ipConfiguration: [{ name: 'public', publicIpAddressIdRef: { name: 'pip' } }] }) },
  'azure-managed-disk-encryption': { why: 'encryptionSettings.enabled: false (a field of older CRDs)', target: azure('compute', 'ManagedDisk', { createOption: 'Empty', encryptionSettings: [{ enabled: false }] }) },
  'azure-managed-disk-public-network': { why: 'publicNetworkAccessEnabled is absent: false injected', target: azure('compute', 'ManagedDisk', { createOption: 'Empty', storageAccountType: 'Standard_LRS' }, 'v1beta2') },

  // Limits act only where the Input configures them.
  'aws-rds-instance-class': {
    why: 'db.t3.micro is not an allowed class',
    target: rdsInstance(),
    input: { rules: { 'aws-rds-instance-class': { allowed: ['db.t4g.*'] } } },
  },
  'aws-ec2-instance-type': {
    why: 'm5.24xlarge is not an allowed instance type',
    target: instanceInSubnet({ instanceType: 'm5.24xlarge' }),
    input: { rules: { 'aws-ec2-instance-type': { allowed: ['t3.*'] } } },
  },
  'aws-elasticache-node-type': {
    why: 'cache.r6g.4xlarge is not an allowed node type',
    target: aws('elasticache', 'Cluster', { engine: 'redis', nodeType: 'cache.r6g.4xlarge' }),
    input: { rules: { 'aws-elasticache-node-type': { allowed: ['cache.t4g.*'] } } },
  },
  'aws-storage-size': {
    why: '2000 GiB is more than the allowed 500',
    target: aws('ec2', 'EBSVolume', { availabilityZone: 'eu-west-1a', size: 2000 }),
    input: { rules: { 'aws-storage-size': { maxGiB: 500 } } },
  },
  // Pods: the engine judges a bare Pod and every workload's pod template as a Pod.
  'k8s-requests-limits': {
    why: 'a Pod whose container sets no requests and no memory limit',
    target: pod({ containers: [{ name: 'app', image: 'registry.example.com/team/app:1.4.2' }] }),
  },
  'k8s-image-registries': {
    why: 'a Pod running an image from Docker Hub, which is not an allowed registry',
    target: pod({ containers: [{ name: 'app', image: 'nginx:1.27', resources: RESOURCES }] }),
    input: { rules: { 'k8s-image-registries': { allowed: ['registry.example.com/*'] } } },
  },
  'k8s-image-tag': { why: 'a Pod running nginx:latest', target: pod({ containers: [{ name: 'app', image: 'nginx:latest', resources: RESOURCES }] }) },

  'aws-region': {
    why: 'us-east-1 is not an allowed region',
    target: bucket({ forProvider: { region: 'us-east-1' } }),
    input: { rules: { 'aws-region': { allowed: ['eu-*'] } } },
  },
  // The Pod Security Standards, on Pods and workloads that meet restricted but for the one field at stake.
  'k8s-pss-host-process': {
    why: 'a Windows HostProcess container runs on the node itself',
    target: pod(restrictedSpec({ os: { name: 'windows' }, containers: [container('app', { securityContext: { windowsOptions: { hostProcess: true } } })] })),
  },
  'k8s-pss-host-namespaces': { why: "a Deployment whose pods share the node's network namespace", target: workload('Deployment', restrictedSpec({ hostNetwork: true })) },
  'k8s-pss-privileged': { why: 'a privileged container', target: pod(restrictedSpec({ containers: [restrictedContainer('app', { privileged: true })] })) },
  'k8s-pss-capabilities': { why: 'a container that adds SYS_ADMIN', target: pod(restrictedSpec({ containers: [restrictedContainer('app', { capabilities: { drop: ['ALL'], add: ['SYS_ADMIN'] } })] })) },
  'k8s-pss-host-path': { why: "a CronJob mounting the node's container runtime socket", target: workload('CronJob', restrictedSpec({ volumes: [{ name: 'docker', hostPath: { path: '/var/run/docker.sock' } }] })) },
  'k8s-pss-host-ports': { why: 'a container binding port 80 of the node', target: pod(restrictedSpec({ containers: [restrictedContainer('app', {}, { ports: [{ containerPort: 8080, hostPort: 80 }] })] })) },
  'k8s-pss-host-probes': {
    why: "a probe the kubelet would send from the node to the cloud's metadata service",
    target: pod(restrictedSpec({ containers: [restrictedContainer('app', {}, { livenessProbe: { httpGet: { host: '169.254.169.254', path: '/', port: 80 } } })] })),
  },
  'k8s-pss-apparmor': { why: 'a container without AppArmor', target: pod(restrictedSpec({ containers: [restrictedContainer('app', { appArmorProfile: { type: 'Unconfined' } })] })) },
  'k8s-pss-selinux': { why: 'the super-privileged SELinux type', target: pod(restrictedSpec({ securityContext: { ...RESTRICTED_POD_CONTEXT, seLinuxOptions: { type: 'spc_t' } } })) },
  'k8s-pss-proc-mount': { why: 'an unmasked /proc', target: pod(restrictedSpec({ containers: [restrictedContainer('app', { procMount: 'Unmasked' })] })) },
  'k8s-pss-seccomp': { why: 'the syscall filter turned off for the whole pod', target: pod(restrictedSpec({ securityContext: { runAsNonRoot: true, seccompProfile: { type: 'Unconfined' } } })) },
  'k8s-pss-sysctls': { why: 'a sysctl outside the safe set', target: pod(restrictedSpec({ securityContext: { ...RESTRICTED_POD_CONTEXT, sysctls: [{ name: 'kernel.msgmax', value: '65536' }] } })) },
  'k8s-pss-volume-types': { why: 'an NFS volume, reaching a storage system directly', target: pod(restrictedSpec({ volumes: [{ name: 'share', nfs: { server: 'nfs.example.com', path: '/exports' } }] })) },
  'k8s-pss-privilege-escalation': { why: 'allowPrivilegeEscalation absent: injected as false', target: pod(restrictedSpec({ containers: [container('app', { securityContext: { capabilities: { drop: ['ALL'] } } })] })) },
  'k8s-pss-run-as-non-root': { why: 'runAsNonRoot set nowhere: injected at pod level', target: workload('Deployment', restrictedSpec({ securityContext: { seccompProfile: { type: 'RuntimeDefault' } } })) },
  'k8s-pss-run-as-user': { why: 'a container running as user 0', target: pod(restrictedSpec({ containers: [restrictedContainer('app', { runAsUser: 0 })] })) },
  'azure-location': {
    why: 'eastus is not an allowed location',
    target: azure('storage', 'Account', { location: 'eastus' }),
    input: { rules: { 'azure-location': { allowed: ['westeurope'] } } },
  },
  'azure-vm-size': {
    why: 'Standard_D16s_v5 is not an allowed size',
    target: azure('compute', 'LinuxVirtualMachine', { size: 'Standard_D16s_v5' }, 'v1beta2'),
    input: { rules: { 'azure-vm-size': { allowed: ['Standard_B*'] } } },
  },
  'azure-database-sku': {
    why: 'GP_Standard_D4s_v3 is not an allowed SKU',
    target: azure('dbforpostgresql', 'FlexibleServer', { skuName: 'GP_Standard_D4s_v3' }, 'v1beta2'),
    input: { rules: { 'azure-database-sku': { allowed: ['B_Standard_*'] } } },
  },

  // GCP: Cloud Storage.
  'gcp-storage-uniform-access': { why: 'uniformBucketLevelAccess is absent: injected', target: gcsBucket() },
  'gcp-storage-public-access-prevention': { why: 'publicAccessPrevention is absent: "enforced" is injected', target: gcsBucket() },
  'gcp-storage-versioning': { why: 'versioning is absent: injected', target: gcsBucket() },
  'gcp-storage-access-logging': { why: 'no logging.logBucket: reported (Warn)', target: gcsBucket() },

  // GCP: Cloud SQL.
  'gcp-sql-private-ip': { why: 'ipv4Enabled is absent and no authorized network is named: false is injected', target: sqlInstance() },
  'gcp-sql-public-ip': { why: 'ipv4Enabled: true gives the instance a public IP', target: sqlInstance({ ipv4Enabled: true }) },
  'gcp-sql-open-to-world': {
    why: 'two authorized networks that together are the whole IPv4 internet',
    target: sqlInstance({ ipv4Enabled: true, authorizedNetworks: [{ value: '0.0.0.0/1' }, { value: '128.0.0.0/1' }] }),
  },
  'gcp-sql-tls': { why: 'sslMode is absent: ENCRYPTED_ONLY is injected', target: sqlInstance() },
  'gcp-sql-backups': { why: 'backupConfiguration.enabled is absent: injected', target: sqlInstance() },
  'gcp-sql-deletion-protection': { why: 'deletionProtectionEnabled is absent: reported (Warn)', target: sqlInstance() },
  'gcp-sql-unsafe-flags': {
    why: 'local_infile on lets MySQL clients make the server read files',
    target: gcp('sql', 'DatabaseInstance', { region: 'europe-west1', databaseVersion: 'MYSQL_8_0', settings: { tier: 'db-f1-micro', databaseFlags: [{ name: 'local_infile', value: 'on' }] } }),
  },

  // GCP: firewalls.
  'gcp-firewall-open-admin-ports': { why: 'SSH from 0.0.0.0/0', target: firewall({ sourceRanges: ['0.0.0.0/0'], allow: [{ protocol: 'tcp', ports: ['22'] }] }) },
  'gcp-firewall-internet-ingress': { why: 'HTTPS from 0.0.0.0/0 is held', target: firewall({ sourceRanges: ['0.0.0.0/0'], allow: [{ protocol: 'tcp', ports: ['443'] }] }) },

  // GCP: GKE.
  'gcp-gke-private-nodes': { why: 'privateClusterConfig is absent: private nodes are injected', target: gkeCluster() },
  'gcp-gke-authorized-networks': { why: 'masterAuthorizedNetworksConfig is absent: injected', target: gkeCluster() },
  'gcp-gke-control-plane-public': {
    why: 'the public endpoint admits a public /24',
    target: gkeCluster({ masterAuthorizedNetworksConfig: { cidrBlocks: [{ cidrBlock: '198.51.100.0/24' }, { cidrBlock: '203.0.114.0/24' }] } }),
  },
  'gcp-gke-legacy-abac': { why: 'enableLegacyAbac is absent: false is injected', target: gkeCluster() },
  'gcp-gke-client-certificate': { why: 'issueClientCertificate: true', target: gkeCluster({ masterAuth: { clientCertificateConfig: { issueClientCertificate: true } } }) },
  'gcp-gke-workload-identity': { why: 'workloadIdentityConfig is absent: the project\'s pool is injected', target: gkeCluster() },
  'gcp-gke-shielded-nodes': { why: 'enableShieldedNodes: false', target: gkeCluster({ enableShieldedNodes: false }) },
  'gcp-gke-alpha': { why: 'enableKubernetesAlpha: true', target: gkeCluster({ enableKubernetesAlpha: true }) },
  'gcp-gke-logging': { why: 'loggingService: none', target: gkeCluster({ loggingService: 'none' }) },
  'gcp-gke-monitoring': { why: 'monitoringService: none', target: gkeCluster({ monitoringService: 'none' }) },
  'gcp-gke-release-channel': { why: 'releaseChannel UNSPECIFIED: reported (Warn)', target: gkeCluster({ releaseChannel: { channel: 'UNSPECIFIED' } }) },
  'gcp-gke-node-secure-boot': { why: 'a NodePool without secure boot: injected', target: gkeNodePool() },
  'gcp-gke-node-integrity-monitoring': { why: 'integrity monitoring turned off', target: gkeNodePool({ nodeConfig: { shieldedInstanceConfig: { enableSecureBoot: true, enableIntegrityMonitoring: false } } }) },
  'gcp-gke-node-metadata': { why: 'GCE_METADATA hands pods the node\'s credentials', target: gkeNodePool({ nodeConfig: { shieldedInstanceConfig: { enableSecureBoot: true }, workloadMetadataConfig: { mode: 'GCE_METADATA' } } }) },
  'gcp-gke-node-image': { why: 'an Ubuntu node image: reported (Warn)', target: gkeNodePool({ nodeConfig: { shieldedInstanceConfig: { enableSecureBoot: true }, imageType: 'UBUNTU_CONTAINERD' } }) },
  'gcp-gke-auto-repair': { why: 'autoRepair: false: reported (Warn)', target: gkeNodePool({ management: { autoRepair: false } }) },
  'gcp-gke-auto-upgrade': { why: 'autoUpgrade: false: reported (Warn)', target: gkeNodePool({ management: { autoUpgrade: false } }) },

  // GCP: Compute Engine VMs.
  'gcp-compute-public-ip': { why: 'an empty accessConfig asks for an ephemeral external IP', target: gceInstance({ networkInterface: [{ subnetwork: 'public', accessConfig: [{}] }] }) },
  'gcp-compute-default-sa-full-access': {
    why: 'the default service account with the cloud-platform scope',
    target: gceInstance({ serviceAccount: { scopes: ['cloud-platform'] } }),
  },
  'gcp-compute-default-sa': {
    why: 'the default service account, with narrower scopes: held',
    target: gceInstance({ serviceAccount: { email: '123456789012-compute@developer.gserviceaccount.com', scopes: ['storage-ro'] } }),
  },
  'gcp-compute-serial-port': { why: 'serial-port-enable is absent: "false" is injected', target: gceInstance() },
  'gcp-compute-block-project-ssh-keys': { why: 'block-project-ssh-keys is absent: "true" is injected', target: gceInstance() },
  'gcp-compute-os-login': { why: 'enable-oslogin: "FALSE" overrides the project', target: gceInstance({ metadata: { 'enable-oslogin': 'FALSE', 'serial-port-enable': 'false', 'block-project-ssh-keys': 'true' } }) },
  'gcp-compute-secure-boot': { why: 'shieldedInstanceConfig is absent: secure boot is injected', target: gceInstance() },
  'gcp-compute-vtpm': { why: 'enableVtpm: false', target: gceInstance({ shieldedInstanceConfig: { enableSecureBoot: true, enableVtpm: false } }) },
  'gcp-compute-integrity-monitoring': { why: 'enableIntegrityMonitoring: false', target: gceInstance({ shieldedInstanceConfig: { enableSecureBoot: true, enableIntegrityMonitoring: false } }) },
  'gcp-compute-ip-forwarding': { why: 'canIpForward: true is held', target: gceInstance({ canIpForward: true }) },

  // GCP: IAM, KMS.
  'gcp-iam-public-member': { why: 'a bucket readable by allUsers', target: gcp('storage', 'BucketIAMMember', { bucket: 'data', role: 'roles/storage.objectViewer', member: 'allUsers' }) },
  'gcp-iam-public-invoker': { why: 'anyone may invoke the Cloud Run service', target: gcp('cloudrun', 'ServiceIAMMember', { location: 'europe-west1', service: 'api', role: 'roles/run.invoker', member: 'allUsers' }) },
  'gcp-iam-privileged-grant': { why: 'roles/editor on the project', target: gcp('cloudplatform', 'ProjectIAMMember', { project: 'acme-prod', role: 'roles/editor', member: 'user:dev@example.com' }) },
  'gcp-project-default-network': { why: 'autoCreateNetwork is absent: false is injected', target: gcp('cloudplatform', 'Project', { name: 'acme-prod', orgId: '1' }, 'v1beta1') },
  'gcp-kms-rotation': { why: 'rotationPeriod is absent on an encryption key: 90 days is injected', target: gcp('kms', 'CryptoKey', { keyRing: 'projects/p/locations/europe-west1/keyRings/r' }) },
  'gcp-machine-type': {
    why: 'n2-highmem-96 is not an allowed machine type',
    target: gceInstance({ machineType: 'n2-highmem-96' }),
    input: { rules: { 'gcp-machine-type': { allowed: ['e2-*'] } } },
  },
  'gcp-sql-tier': {
    why: 'db-custom-96-368640 is not an allowed tier',
    target: sqlInstance({}, { tier: 'db-custom-96-368640' }),
    input: { rules: { 'gcp-sql-tier': { allowed: ['db-custom-2-*'] } } },
  },
  'gcp-storage-size': {
    why: '4000 GB is more than the allowed 500',
    target: gcp('compute', 'Disk', { zone: 'europe-west1-b', size: 4000 }),
    input: { rules: { 'gcp-storage-size': { maxGiB: 500 } } },
  },
  'gcp-region': {
    why: 'us-central1-a is in us-central1, not an allowed location',
    target: gceInstance({ zone: 'us-central1-a' }),
    input: { rules: { 'gcp-region': { allowed: ['europe-west*', 'EU'] } } },
  },
  'tags-inject': { why: 'the tag "team" is absent: injected', target: bucket(), input: { tags: { values: { team: 'platform' } } } },
  'tags-required': { why: 'the required tag "cost-center" is absent', target: bucket(), input: { tags: { required: ['cost-center'] } } },
};
