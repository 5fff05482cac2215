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
  /** The XR, where the rule needs one of its own (a namespace, a claim); the builders' cluster-scoped XR otherwise. */
  composite?: KubeObject;
  /** The Input, partially: the settings the rule needs to act. */
  input?: Record<string, unknown>;
  /**
   * The rule judges what the desired state drops (`RuleSpec.removed`):
   * `target` is observed, and the desired state holds only the siblings.
   */
  dropped?: true;
}

/** A policy document of one statement, as the JSON string the providers take. */
const policy = (statement: Record<string, unknown>) => JSON.stringify({ Version: '2012-10-17', Statement: [statement] });

/** A statement anyone may use, with no Condition. */
const anyone = (action: string) => policy({ Effect: 'Allow', Principal: '*', Action: action, Resource: '*' });

const aws = (service: string, kind: string, forProvider: Record<string, unknown> = {}, version = 'v1beta1') => managed(`${service}.aws.upbound.io/${version}`, kind, forProvider);

/** A kind of the community AWS provider (crossplane-contrib/provider-aws): every field at the top of forProvider, no initProvider. */
const classic = (service: string, kind: string, forProvider: Record<string, unknown>, version: string) => managed(`${service}.aws.crossplane.io/${version}`, kind, forProvider);

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
  'k8s-system-namespace': {
    why: "EKS's aws-auth ConfigMap composed into kube-system, mapping an IAM role to system:masters",
    target: {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'aws-auth', namespace: 'kube-system' },
      data: { mapRoles: '- rolearn: arn:aws:iam::111122223333:role/agent\n  username: agent\n  groups: [system:masters]\n' },
    },
  },
  'k8s-tenant-namespace': {
    why: "a ConfigMap patched into another tenant's namespace from the claim of team-a",
    target: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'settings', namespace: 'team-b' }, data: { LOG_SINK: 'https://collector.example.com' } },
    composite: { apiVersion: 'platform.example.org/v1alpha1', kind: 'XApp', metadata: { name: 'app-x7k2p', labels: { 'crossplane.io/claim-namespace': 'team-a', 'crossplane.io/claim-name': 'app' } }, spec: {} },
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
  'aws-s3-bucket-acl-public': { why: 'a BucketACL with the canned ACL public-read', target: aws('s3', 'BucketACL', { bucket: 'data', acl: 'public-read' }) },
  'aws-s3-acls-disabled': { why: 'a BucketOwnershipControls without an object ownership: BucketOwnerEnforced is held for approval', target: aws('s3', 'BucketOwnershipControls', { bucket: 'data' }) },
  'aws-s3control-public-access-block': { why: 'an AccountPublicAccessBlock that sets no flag: all four injected', target: aws('s3control', 'AccountPublicAccessBlock', { accountId: '111122223333' }) },
  'aws-s3-bucket-policy-lockout': {
    why: 'a Deny of every S3 action to every principal with no Condition',
    target: aws('s3', 'BucketPolicy', { bucket: 'data', policy: policy({ Effect: 'Deny', Principal: '*', Action: 's3:*', Resource: 'arn:aws:s3:::data' }) }),
  },
  'aws-s3-lifecycle-abort-uploads': {
    why: 'a lifecycle configuration whose only rule expires objects, and never aborts failed uploads (Warn)',
    target: aws('s3', 'BucketLifecycleConfiguration', { bucket: 'data', rule: [{ id: 'expire', status: 'Enabled', expiration: [{ days: 30 }] }] }),
  },

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

  // Network and edge: network ACLs, Elastic IPs, EKS node groups, load balancers, CloudFront, API Gateway.
  'aws-ec2-nacl-open-admin-ports': {
    why: 'a NetworkACLRule allowing SSH from 0.0.0.0/0',
    target: aws('ec2', 'NetworkACLRule', { networkAclId: 'acl-0abc', ruleNumber: 100, protocol: 'tcp', ruleAction: 'allow', cidrBlock: '0.0.0.0/0', fromPort: 22, toPort: 22 }),
  },
  'aws-ec2-eip-association': { why: 'an EIP attached to an instance', target: aws('ec2', 'EIP', { domain: 'vpc', instance: 'i-0abc' }) },
  'aws-eks-nodegroup-remote-access': {
    why: 'an SSH key without source security groups opens port 22 to 0.0.0.0/0',
    target: aws('eks', 'NodeGroup', { clusterName: 'c', nodeRoleArn: 'arn:aws:iam::111122223333:role/n', subnetIds: ['subnet-a'], remoteAccess: [{ ec2SshKey: 'ops' }] }),
  },
  'aws-eks-version': { why: 'a cluster pinned to 1.21', target: aws('eks', 'Cluster', { roleArn: 'arn:aws:iam::111122223333:role/eks', version: '1.21', vpcConfig: [{ subnetIds: ['subnet-a', 'subnet-b'] }] }) },
  'aws-ec2-user-data-secrets': { why: 'an access key in user data', target: instanceInSubnet({ userData: 'export AWS_ACCESS_KEY_ID=AKIAIOSFODNN7EXAMPLE' }) },
  'aws-ec2-transit-gateway-auto-accept': { why: 'shared attachments accepted automatically', target: aws('ec2', 'TransitGateway', { autoAcceptSharedAttachments: 'enable' }) },
  'aws-ec2-endpoint-service-acceptance': { why: 'no acceptanceRequired: injected', target: aws('ec2', 'VPCEndpointService', { networkLoadBalancerArns: ['arn:aws:elasticloadbalancing:eu-west-1:111122223333:loadbalancer/net/a/1'] }) },
  'aws-ec2-ami-copy-encrypted': { why: 'an AMI copy without encryption: injected', target: aws('ec2', 'AMICopy', { name: 'copy', sourceAmiId: 'ami-0abc', sourceAmiRegion: 'eu-west-1' }) },
  'aws-ec2-default-security-group-closed': { why: 'an ingress rule on the default security group', target: aws('ec2', 'DefaultSecurityGroup', { vpcId: 'vpc-0abc', ingress: [{ protocol: '-1', fromPort: 0, toPort: 0, self: true }] }) },
  'aws-ec2-peering-route-open': { why: 'a default route through a peering connection', target: aws('ec2', 'Route', { routeTableId: 'rtb-0abc', destinationCidrBlock: '0.0.0.0/0', vpcPeeringConnectionId: 'pcx-0abc' }) },
  'aws-ec2-default-vpc': { why: 'the default VPC brought under management', target: aws('ec2', 'DefaultVPC', {}) },
  'aws-ec2-imds-hop-limit': { why: 'a hop limit of 2 lets containers reach the metadata service', target: instanceInSubnet({ metadataOptions: [{ httpTokens: 'required', httpPutResponseHopLimit: 2 }] }) },
  'aws-ec2-sg-open-egress': { why: 'all egress to 0.0.0.0/0', target: sgRule({ type: 'egress', protocol: '-1', fromPort: 0, toPort: 0, cidrBlocks: ['0.0.0.0/0'], securityGroupId: 'sg-0abc' }) },
  'aws-ec2-instance-profile': { why: 'no instance profile: reported (Warn)', target: instanceInSubnet() },
  'aws-ec2-detailed-monitoring': { why: 'no monitoring: reported (Warn)', target: instanceInSubnet() },
  'aws-ec2-ebs-optimized': { why: 'no ebsOptimized: reported (Warn)', target: instanceInSubnet() },
  'aws-autoscaling-launch-template': { why: 'a group launching from a launch configuration', target: aws('autoscaling', 'AutoscalingGroup', { maxSize: 2, minSize: 1, launchConfiguration: 'legacy' }) },
  'aws-autoscaling-elb-health-check': { why: 'a group behind a target group with EC2 health checks', target: aws('autoscaling', 'AutoscalingGroup', { maxSize: 2, minSize: 1, targetGroupArns: ['arn:tg'], healthCheckType: 'EC2' }) },
  'aws-ec2-volume-attachment-encrypted': { why: 'an existing volume attached by ID', target: aws('ec2', 'VolumeAttachment', { deviceName: '/dev/sdh', instanceId: 'i-0abc', volumeId: 'vol-0abc' }) },
  'aws-elb-plaintext-listener': { why: 'an HTTP listener that does not redirect', target: aws('elbv2', 'LBListener', { loadBalancerArn: 'arn:lb', port: 80, protocol: 'HTTP', defaultAction: [{ type: 'forward', targetGroupArn: 'arn:tg' }] }) },
  'aws-elb-listener-tls-policy': { why: 'an HTTPS listener without a TLS policy: injected', target: aws('elbv2', 'LBListener', { loadBalancerArn: 'arn:lb', port: 443, protocol: 'HTTPS', certificateArn: 'arn:cert' }) },
  'aws-elbv2-drop-invalid-headers': { why: 'an ALB without dropInvalidHeaderFields: injected', target: aws('elbv2', 'LB', { loadBalancerType: 'application', internal: true }) },
  'aws-elb-desync-mitigation': { why: 'desync mitigation in monitor mode', target: aws('elbv2', 'LB', { desyncMitigationMode: 'monitor' }) },
  'aws-elb-classic-tls-policy': { why: 'a classic policy turning on TLS 1.0', target: aws('elb', 'Policy', { loadBalancerName: 'web', policyName: 'tls', policyTypeName: 'SSLNegotiationPolicyType', policyAttribute: [{ name: 'Protocol-TLSv1', value: 'true' }] }) },
  'aws-elbv2-target-group-https': { why: 'a target group over HTTP', target: aws('elbv2', 'LBTargetGroup', { port: 80, protocol: 'HTTP', vpcId: 'vpc-0abc' }) },
  'aws-elb-access-logs': { why: 'no access logs: reported (Warn)', target: aws('elbv2', 'LB', { internal: true }) },
  'aws-elb-classic-acm-certificate': { why: 'an IAM server certificate on a classic listener', target: aws('elb', 'ELB', { listener: [{ instancePort: 443, instanceProtocol: 'https', lbPort: 443, lbProtocol: 'https', sslCertificateId: 'arn:aws:iam::111122223333:server-certificate/web' }] }) },
  'aws-elbv2-deletion-protection': { why: 'no deletion protection: reported (Warn)', target: aws('elbv2', 'LB', { internal: true }) },
  'aws-elbv2-cross-zone': { why: 'an NLB without cross-zone balancing: reported (Warn)', target: aws('elbv2', 'LB', { loadBalancerType: 'network', internal: true }) },
  'aws-elb-cross-zone': { why: 'cross-zone balancing turned off', target: aws('elb', 'ELB', { crossZoneLoadBalancing: false }) },
  'aws-elbv2-target-group-health-check': { why: 'health checks turned off', target: aws('elbv2', 'LBTargetGroup', { port: 443, protocol: 'HTTPS', healthCheck: [{ enabled: false }] }) },
  'aws-cloudfront-viewer-https': { why: 'viewers allowed plain HTTP', target: aws('cloudfront', 'Distribution', { enabled: true, defaultCacheBehavior: [{ targetOriginId: 'o', viewerProtocolPolicy: 'allow-all' }] }) },
  'aws-cloudfront-viewer-tls': { why: 'a custom certificate with no minimum TLS version: injected', target: aws('cloudfront', 'Distribution', { enabled: true, viewerCertificate: [{ acmCertificateArn: 'arn:cert', sslSupportMethod: 'sni-only' }] }) },
  'aws-cloudfront-origin-https': { why: 'a custom origin reached over HTTP', target: aws('cloudfront', 'Distribution', { enabled: true, origin: [{ originId: 'o', domainName: 'app.example.com', customOriginConfig: [{ originProtocolPolicy: 'http-only', httpPort: 80, httpsPort: 443, originSslProtocols: ['TLSv1.2'] }] }] }) },
  'aws-cloudfront-s3-origin-access': { why: 'an S3 origin without origin access control', target: aws('cloudfront', 'Distribution', { enabled: true, origin: [{ originId: 's3', domainName: 'assets.s3.eu-west-1.amazonaws.com' }] }) },
  'aws-cloudfront-custom-certificate': { why: 'the default cloudfront.net certificate', target: aws('cloudfront', 'Distribution', { enabled: true, viewerCertificate: [{ cloudfrontDefaultCertificate: true }] }) },
  'aws-cloudfront-waf': { why: 'no web ACL: reported (Warn)', target: aws('cloudfront', 'Distribution', { enabled: true }) },
  'aws-cloudfront-logging': { why: 'no access logs: reported (Warn)', target: aws('cloudfront', 'Distribution', { enabled: true }) },
  'aws-cloudfront-response-headers': { why: 'no response headers policy: reported (Warn)', target: aws('cloudfront', 'Distribution', { enabled: true }) },
  'aws-cloudfront-hsts': { why: 'a response headers policy without HSTS: reported (Warn)', target: aws('cloudfront', 'ResponseHeadersPolicy', { name: 'headers' }) },
  'aws-cloudfront-default-root-object': { why: 'no default root object: reported (Warn)', target: aws('cloudfront', 'Distribution', { enabled: true }) },
  'aws-cloudfront-geo-restriction': { why: 'no geo restriction: reported (Warn)', target: aws('cloudfront', 'Distribution', { enabled: true }) },
  'aws-apigateway-unauthenticated': { why: 'a method with no authorization', target: aws('apigateway', 'Method', { restApiId: 'a', resourceId: 'r', httpMethod: 'GET', authorization: 'NONE' }) },
  'aws-apigateway-domain-tls': { why: 'a custom domain on TLS 1.0', target: aws('apigateway', 'DomainName', { domainName: 'api.example.com', securityPolicy: 'TLS_1_0' }) },
  'aws-apigateway-cache-encrypted': { why: 'cache encryption turned off', target: aws('apigateway', 'MethodSettings', { restApiId: 'a', stageName: 's', methodPath: '*/*', settings: [{ cachingEnabled: true, cacheDataEncrypted: false }] }) },
  'aws-apigateway-data-trace': { why: 'request bodies logged', target: aws('apigateway', 'MethodSettings', { restApiId: 'a', stageName: 's', methodPath: '*/*', settings: [{ dataTraceEnabled: true }] }) },
  'aws-apigateway-access-logs': { why: 'no access logs: reported (Warn)', target: aws('apigateway', 'Stage', { restApiId: 'a', stageName: 's', deploymentId: 'd' }) },
  'aws-apigateway-logging-level': { why: 'no logging level: reported (Warn)', target: aws('apigateway', 'MethodSettings', { restApiId: 'a', stageName: 's', methodPath: '*/*', settings: [{ metricsEnabled: true }] }) },
  'aws-apigateway-tracing': { why: 'no tracing: reported (Warn)', target: aws('apigateway', 'Stage', { restApiId: 'a', stageName: 's', deploymentId: 'd' }) },
  'aws-apigateway-client-certificate': { why: 'no client certificate: reported (Warn)', target: aws('apigateway', 'Stage', { restApiId: 'a', stageName: 's', deploymentId: 'd' }) },
  'aws-apigateway-request-validation': { why: 'no request validator: reported (Warn)', target: aws('apigateway', 'Method', { restApiId: 'a', resourceId: 'r', httpMethod: 'POST', authorization: 'AWS_IAM' }) },
  'aws-networkfirewall-deletion-protection': { why: 'no deletion protection: reported (Warn)', target: aws('networkfirewall', 'Firewall', { name: 'fw', firewallPolicyArn: 'arn:policy', vpcId: 'vpc-0abc' }) },
  'aws-networkfirewall-cmk': { why: 'no customer managed key: reported (Warn)', target: aws('networkfirewall', 'FirewallPolicy', { name: 'p' }) },
  'aws-globalaccelerator-flow-logs': { why: 'flow logs turned off', target: aws('globalaccelerator', 'Accelerator', { name: 'a', attributes: [{ flowLogsEnabled: false }] }) },
  'aws-waf-rules': { why: 'a web ACL without rules: reported (Warn)', target: aws('wafv2', 'WebACL', { name: 'acl', scope: 'REGIONAL', defaultAction: [{ allow: [{}] }] }) },
  'aws-wafv2-log4j': { why: 'a web ACL without the known-bad-inputs rules: reported (Warn)', target: aws('wafv2', 'WebACL', { name: 'acl', scope: 'REGIONAL', defaultAction: [{ allow: [{}] }] }) },
  'aws-wafv2-logging': { why: 'a web ACL no logging configuration names: reported (Warn)', target: aws('wafv2', 'WebACL', { name: 'acl', scope: 'REGIONAL', defaultAction: [{ allow: [{}] }] }) },
  'aws-networkfirewall-logging': { why: 'a firewall no logging configuration names: reported (Warn)', target: aws('networkfirewall', 'Firewall', { name: 'fw', firewallPolicyArn: 'arn:policy', vpcId: 'vpc-0abc' }) },
  'aws-route53-query-logging': { why: 'a public zone without query logs: reported (Warn)', target: aws('route53', 'Zone', { name: 'example.com' }) },
  'aws-route53-dnssec': { why: 'a public zone without DNSSEC: reported (Warn)', target: aws('route53', 'Zone', { name: 'example.com' }) },
  'aws-elbv2-waf': { why: 'an internet-facing ALB without a WAF: reported (Warn)', target: aws('elbv2', 'LB', { internal: false }) },
  'aws-apigateway-waf': { why: 'an API stage without a WAF: reported (Warn)', target: aws('apigateway', 'Stage', { restApiId: 'a', stageName: 's', deploymentId: 'd' }) },
  'aws-waf-classic-logging': { why: 'no logging: reported (Warn)', target: aws('waf', 'WebACL', { name: 'acl', metricName: 'acl', defaultAction: [{ type: 'ALLOW' }] }) },

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

  // Cloud IAM that makes a principal administrator of a cloud scope or a Kubernetes cluster: EKS access, Azure RBAC.
  'aws-eks-cluster-admin-access': {
    why: 'AmazonEKSClusterAdminPolicy associated cluster-wide',
    target: aws('eks', 'AccessPolicyAssociation', {
      clusterName: 'main',
      principalArn: 'arn:aws:iam::111122223333:role/agent',
      policyArn: 'arn:aws:eks::aws:cluster-access-policy/AmazonEKSClusterAdminPolicy',
      accessScope: [{ type: 'cluster' }],
    }),
  },
  'aws-eks-broad-access': {
    why: 'AmazonEKSAdminPolicy associated cluster-wide',
    target: aws('eks', 'AccessPolicyAssociation', {
      clusterName: 'main',
      principalArn: 'arn:aws:iam::111122223333:role/agent',
      policyArn: 'arn:aws:eks::aws:cluster-access-policy/AmazonEKSAdminPolicy',
      accessScope: [{ type: 'cluster' }],
    }),
  },
  'azure-authorization-admin-role': {
    why: 'Owner assigned on a subscription',
    target: resource('authorization.azure.upbound.io/v1beta1', 'RoleAssignment', { principalId: '11111111-2222-3333-4444-555555555555', roleDefinitionName: 'Owner', scope: '/subscriptions/0b1f6471-1bf0-4dda-aec3-111122223333' }),
  },
  'azure-authorization-broad-role': {
    why: 'Contributor assigned on a subscription',
    target: resource('authorization.azure.upbound.io/v1beta1', 'RoleAssignment', { principalId: '11111111-2222-3333-4444-555555555555', roleDefinitionName: 'Contributor', scope: '/subscriptions/0b1f6471-1bf0-4dda-aec3-111122223333' }),
  },

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
  'aws-ec2-image-public': { why: 'an AMI launch permission for the group all', target: aws('ec2', 'AMILaunchPermission', { imageId: 'ami-0abc', group: 'all' }) },
  'aws-ec2-image-shared': { why: 'a snapshot volume permission for another account: held', target: aws('ec2', 'SnapshotCreateVolumePermission', { snapshotId: 'snap-0abc', accountId: '444455556666' }) },
  'aws-ebs-snapshot-copy-encrypted': { why: 'encrypted is absent: injected', target: aws('ec2', 'EBSSnapshotCopy', { sourceSnapshotId: 'snap-0abc', sourceRegion: 'eu-west-1' }) },
  'aws-lambda-function-url-auth': { why: 'authorizationType NONE: anyone on the internet may call the function', target: aws('lambda', 'FunctionURL', { functionName: 'handler', authorizationType: 'NONE' }) },
  'aws-lambda-function-url-cors': {
    why: 'CORS allows every origin (Warn)',
    target: aws('lambda', 'FunctionURL', { functionName: 'handler', authorizationType: 'AWS_IAM', cors: [{ allowOrigins: ['*'] }] }),
  },
  'aws-secretsmanager-cmk': { why: 'a Secret that names no KMS key (Warn)', target: aws('secretsmanager', 'Secret') },
  'aws-backup-vault-cmk': { why: 'a backup Vault that names no KMS key (Warn)', target: aws('backup', 'Vault') },
  'aws-lambda-environment-cmk': {
    why: 'a Function with environment variables and no KMS key (Warn)',
    target: aws('lambda', 'Function', { runtime: 'python3.12', handler: 'app.handler', environment: [{ variables: { STAGE: 'prod' } }] }),
  },
  'aws-ebs-snapshot-copy-cmk': { why: 'an EBSSnapshotCopy that names no KMS key (Warn)', target: aws('ec2', 'EBSSnapshotCopy', { sourceSnapshotId: 'snap-0abc', sourceRegion: 'eu-west-1', encrypted: true }) },
  'aws-ssm-parameter-cmk': { why: 'a SecureString parameter with the AWS managed key (Warn)', target: aws('ssm', 'Parameter', { type: 'SecureString', keyId: 'alias/aws/ssm' }) },
  'aws-ecr-kms-encryption': { why: 'a Repository encrypted with AES256 (Warn)', target: aws('ecr', 'Repository', { encryptionConfiguration: [{ encryptionType: 'AES256' }] }) },
  'aws-iam-password-max-age': { why: 'maxPasswordAge is absent from the password policy: injected', target: aws('iam', 'AccountPasswordPolicy', { allowUsersToChangePassword: true }) },
  'aws-iam-password-min-length': { why: 'minimumPasswordLength is absent from the password policy: injected', target: aws('iam', 'AccountPasswordPolicy', { allowUsersToChangePassword: true }) },
  'aws-iam-password-lowercase': { why: 'requireLowercaseCharacters is absent from the password policy: injected', target: aws('iam', 'AccountPasswordPolicy', { allowUsersToChangePassword: true }) },
  'aws-iam-password-numbers': { why: 'requireNumbers is absent from the password policy: injected', target: aws('iam', 'AccountPasswordPolicy', { allowUsersToChangePassword: true }) },
  'aws-iam-password-reuse': { why: 'passwordReusePrevention is absent from the password policy: injected', target: aws('iam', 'AccountPasswordPolicy', { allowUsersToChangePassword: true }) },
  'aws-iam-password-symbols': { why: 'requireSymbols is absent from the password policy: injected', target: aws('iam', 'AccountPasswordPolicy', { allowUsersToChangePassword: true }) },
  'aws-iam-password-uppercase': { why: 'requireUppercaseCharacters is absent from the password policy: injected', target: aws('iam', 'AccountPasswordPolicy', { allowUsersToChangePassword: true }) },
  'aws-iam-user': { why: 'an IAM User is reported (Warn)', target: aws('iam', 'User', { path: '/' }) },
  'aws-iam-user-policies': { why: 'a policy attached to a user is reported (Warn)', target: aws('iam', 'UserPolicyAttachment', { user: 'deploy', policyArn: 'arn:aws:iam::aws:policy/ReadOnlyAccess' }) },
  'aws-secretsmanager-rotation': { why: 'a Secret no SecretRotation names is reported (Warn)', target: aws('secretsmanager', 'Secret', { name: 'db-password' }) },
  'aws-backup-vault-lock': { why: 'a backup Vault no VaultLockConfiguration names is reported (Warn)', target: aws('backup', 'Vault') },
  'aws-lambda-runtime-deprecated': { why: 'a deprecated runtime', target: aws('lambda', 'Function', { runtime: 'python3.8', handler: 'app.handler' }) },
  'aws-lambda-environment-secrets': {
    why: 'a password in a plain environment variable: held',
    target: aws('lambda', 'Function', { runtime: 'python3.12', handler: 'app.handler', environment: [{ variables: { DB_PASSWORD: 'hunter2' } }] }),
  },
  'aws-lambda-tracing': { why: 'no tracingConfig is reported (Warn)', target: aws('lambda', 'Function', { runtime: 'python3.12', handler: 'app.handler' }) },
  'aws-lambda-dead-letter-queue': { why: 'no deadLetterConfig is reported (Warn)', target: aws('lambda', 'Function', { runtime: 'python3.12', handler: 'app.handler' }) },
  'aws-lambda-vpc': { why: 'no vpcConfig is reported (Warn)', target: aws('lambda', 'Function', { runtime: 'python3.12', handler: 'app.handler' }) },
  'aws-lambda-code-signing': { why: 'no codeSigningConfigArn is reported (Warn)', target: aws('lambda', 'Function', { runtime: 'python3.12', handler: 'app.handler' }) },
  'aws-lambda-concurrency-limit': { why: 'no reservedConcurrentExecutions is reported (Warn)', target: aws('lambda', 'Function', { runtime: 'python3.12', handler: 'app.handler' }) },
  'aws-kms-key-enabled': { why: 'isEnabled: false disables the key', target: aws('kms', 'Key', { enableKeyRotation: true, isEnabled: false }) },
  'aws-cognito-guest-access': { why: 'unauthenticated identities allowed: held', target: aws('cognitoidentity', 'Pool', { identityPoolName: 'app', allowUnauthenticatedIdentities: true }) },
  'aws-ses-tls': { why: 'deliveryOptions.tlsPolicy is absent: injected', target: aws('ses', 'ConfigurationSet') },
  'aws-acm-transparency-logging': { why: 'transparency logging DISABLED: held', target: aws('acm', 'Certificate', { domainName: 'app.example.com', options: [{ certificateTransparencyLoggingPreference: 'DISABLED' }] }) },
  'aws-acm-wildcard': { why: 'a wildcard certificate (Warn)', target: aws('acm', 'Certificate', { domainName: '*.example.com' }) },
  'aws-ssm-document-public': { why: 'a document shared with All', target: aws('ssm', 'Document', { documentType: 'Command', content: '{}', permissions: { type: 'Share', account_ids: 'All' } }) },
  'aws-ssm-parameter-secure': { why: 'a Kubernetes Secret stored as a String parameter', target: aws('ssm', 'Parameter', { type: 'String', valueSecretRef: { name: 'db', namespace: 'app', key: 'password' } }) },
  'aws-lambda-permission-public': {
    why: 'principal "*" with nothing that narrows it: any AWS account may invoke the function',
    target: aws('lambda', 'Permission', { action: 'lambda:InvokeFunction', functionName: 'handler', principal: '*' }),
  },

  'aws-kms-key-rotation': { why: 'enableKeyRotation is absent on a symmetric key: injected', target: aws('kms', 'Key') },
  'aws-cloudtrail-logging': { why: 'enableLogging: false stops the trail recording anything', target: trail({ enableLogging: false }) },
  'aws-cloudtrail-multi-region': { why: 'isMultiRegionTrail is absent: injected', target: trail() },
  'aws-cloudtrail-log-validation': { why: 'enableLogFileValidation is absent: injected', target: trail() },
  'aws-cloudtrail-kms': { why: 'no KMS key: reported (Warn)', target: trail() },
  'aws-cloudtrail-management-events': { why: 'the only event selector leaves management events out', target: trail({ eventSelector: [{ includeManagementEvents: false, readWriteType: 'All' }] }) },
  'aws-cloudtrail-cloudwatch-logs': { why: 'the trail delivers to no CloudWatch Logs group: reported (Warn)', target: trail() },
  'aws-cloudtrail-sns': { why: 'the trail notifies no SNS topic: reported (Warn)', target: trail() },
  'aws-log-encryption': { why: 'the log group names no KMS key: reported (Warn)', target: aws('cloudwatchlogs', 'Group', { retentionInDays: 365 }) },
  'aws-log-group-retention': { why: 'retentionInDays: 7 deletes events after a week: held', target: aws('cloudwatchlogs', 'Group', { retentionInDays: 7 }) },
  'aws-cloudwatch-alarm-actions': { why: 'actionsEnabled: false mutes the alarm', target: aws('cloudwatch', 'MetricAlarm', { actionsEnabled: false, comparisonOperator: 'GreaterThanThreshold', evaluationPeriods: 1, metricName: 'Errors', namespace: 'AWS/Lambda', period: 60, statistic: 'Sum', threshold: 1 }) },
  'aws-config-aggregator-all-regions': { why: 'the account source names no region: allRegions injected', target: aws('configservice', 'ConfigurationAggregator', { accountAggregationSource: [{ accountIds: ['111122223333'] }] }) },
  'aws-guardduty-enabled': { why: 'enable: false suspends the detector', target: aws('guardduty', 'Detector', { enable: false }) },
  'aws-securityhub-enabled': { why: 'autoEnableControls is absent: injected', target: aws('securityhub', 'Account') },
  'aws-config-recording': { why: 'isEnabled: false stops the recorder', target: aws('configservice', 'AWSConfigurationRecorderStatus', { isEnabled: false }) },
  'aws-vpc-flow-logs': { why: 'no FlowLog logs the VPC: reported (Warn)', target: aws('ec2', 'VPC', { cidrBlock: '10.0.0.0/16' }) },
  'aws-detection-kept': { why: 'the observed FlowLog is gone from the desired state: Crossplane would delete it', target: aws('ec2', 'FlowLog', { vpcId: 'vpc-0abc', trafficType: 'ALL', logDestination: 'arn:aws:s3:::flow-logs', logDestinationType: 's3' }), dropped: true },
  'aws-sqs-encryption': { why: 'neither sqsManagedSseEnabled nor kmsMasterKeyId: SQS managed encryption is injected', target: aws('sqs', 'Queue') },
  'aws-sns-encryption': { why: 'kmsMasterKeyId is absent: the AWS managed key is injected', target: aws('sns', 'Topic') },
  'aws-dynamodb-pitr': { why: 'pointInTimeRecovery is absent: injected', target: aws('dynamodb', 'Table', { hashKey: 'id' }) },
  'aws-dynamodb-cmk': { why: 'no serverSideEncryption with a customer managed key: reported (Warn)', target: aws('dynamodb', 'Table', { hashKey: 'id' }) },
  'aws-elasticache-at-rest-encryption': { why: 'atRestEncryptionEnabled is absent: injected', target: aws('elasticache', 'ReplicationGroup', { description: 'cache' }) },
  'aws-elasticache-transit-encryption': { why: 'transitEncryptionEnabled is absent: injected', target: aws('elasticache', 'ReplicationGroup', { description: 'cache' }) },
  'aws-ecr-immutable-tags': { why: 'imageTagMutability is absent: injected', target: aws('ecr', 'Repository') },
  'aws-ecr-scan-on-push': { why: 'imageScanningConfiguration is absent: injected', target: aws('ecr', 'Repository') },
  'aws-efs-encrypted': { why: 'encrypted is absent: injected', target: aws('efs', 'FileSystem') },

  // The AWS services beyond a first Composition's (src/rules/aws/services.ts, service-checks.ts, containers.ts, service-keys.ts).
  'aws-athena-workgroup-enforce-configuration': { why: 'a workgroup that lets clients override its settings', target: aws('athena', 'Workgroup', { configuration: [{ enforceWorkgroupConfiguration: false, resultConfiguration: [{ encryptionConfiguration: [{ encryptionOption: 'SSE_S3' }] }] }] }) },
  'aws-athena-encryption': { why: 'a workgroup without result encryption: injected', target: aws('athena', 'Workgroup') },
  'aws-appsync-cache-at-rest-encryption': { why: 'an API cache without encryption at rest: injected', target: aws('appsync', 'APICache', { apiId: 'api', type: 'SMALL', ttl: 60, apiCachingBehavior: 'FULL_REQUEST_CACHING', transitEncryptionEnabled: true }) },
  'aws-appsync-cache-transit-encryption': { why: 'an API cache without encryption in transit: injected', target: aws('appsync', 'APICache', { apiId: 'api', type: 'SMALL', ttl: 60, apiCachingBehavior: 'FULL_REQUEST_CACHING', atRestEncryptionEnabled: true }) },
  'aws-appsync-logging': { why: 'a GraphQL API without logging: reported (Warn)', target: aws('appsync', 'GraphQLAPI', { name: 'api', authenticationType: 'AWS_IAM' }) },
  'aws-appsync-field-logs': { why: 'a GraphQL API without field-level logs: reported (Warn)', target: aws('appsync', 'GraphQLAPI', { name: 'api', authenticationType: 'AWS_IAM' }) },
  'aws-codebuild-artifact-encryption': { why: 'a project that turns artifact encryption off', target: aws('codebuild', 'Project', { artifacts: [{ type: 'S3', location: 'out', encryptionDisabled: true }] }) },
  'aws-codebuild-s3-logs-encryption': { why: 'a project that turns S3 log encryption off', target: aws('codebuild', 'Project', { logsConfig: [{ s3Logs: [{ status: 'ENABLED', location: 'logs/build', encryptionDisabled: true }] }] }) },
  'aws-codebuild-privileged': { why: 'a project with a privileged build environment', target: aws('codebuild', 'Project', { environment: [{ computeType: 'BUILD_GENERAL1_SMALL', image: 'aws/codebuild/standard:7.0', type: 'LINUX_CONTAINER', privilegedMode: true }] }) },
  'aws-mwaa-scheduler-logs': { why: 'an Airflow environment without scheduler logs: injected', target: aws('mwaa', 'Environment', { name: 'airflow' }) },
  'aws-mwaa-webserver-logs': { why: 'an Airflow environment without webserver logs: injected', target: aws('mwaa', 'Environment', { name: 'airflow' }) },
  'aws-mwaa-worker-logs': { why: 'an Airflow environment without worker logs: injected', target: aws('mwaa', 'Environment', { name: 'airflow' }) },
  'aws-sagemaker-notebook-root-access': { why: 'a notebook without rootAccess: Disabled injected', target: aws('sagemaker', 'NotebookInstance', { instanceType: 'ml.t3.medium', subnetId: 'subnet-private' }) },
  'aws-sagemaker-notebook-imdsv2': { why: 'a notebook without IMDSv2: injected', target: aws('sagemaker', 'NotebookInstance', { instanceType: 'ml.t3.medium', subnetId: 'subnet-private' }) },
  'aws-sagemaker-model-network-isolation': { why: 'a model without network isolation: injected', target: aws('sagemaker', 'Model', { executionRoleArn: 'arn:aws:iam::111122223333:role/sm' }) },
  'aws-ecs-service-public-ip': { why: 'a service whose tasks get public IPs', target: aws('ecs', 'Service', { networkConfiguration: [{ subnets: ['subnet-a'], assignPublicIp: true }] }) },
  'aws-ecs-fargate-platform-version': { why: 'a service pinned to an old Fargate platform', target: aws('ecs', 'Service', { launchType: 'FARGATE', platformVersion: '1.3.0' }) },
  'aws-ecs-task-host-network': { why: 'a task definition on the host network', target: aws('ecs', 'TaskDefinition', { family: 'app', networkMode: 'host', containerDefinitions: '[]' }) },
  'aws-ecs-exec-logging': { why: 'a cluster with ECS Exec logging off', target: aws('ecs', 'Cluster', { setting: [{ name: 'containerInsights', value: 'enabled' }], configuration: [{ executeCommandConfiguration: [{ logging: 'NONE' }] }] }) },
  'aws-glue-catalog-encryption': { why: 'catalog encryption settings with encryption at rest off', target: aws('glue', 'DataCatalogEncryptionSettings', { dataCatalogEncryptionSettings: [{ connectionPasswordEncryption: [{ returnConnectionPasswordEncrypted: true }], encryptionAtRest: [{ catalogEncryptionMode: 'DISABLED' }] }] }) },
  'aws-glue-connection-password-encryption': { why: 'catalog encryption settings returning passwords in clear text', target: aws('glue', 'DataCatalogEncryptionSettings', { dataCatalogEncryptionSettings: [{ connectionPasswordEncryption: [{ returnConnectionPasswordEncrypted: false }], encryptionAtRest: [{ catalogEncryptionMode: 'SSE-KMS' }] }] }) },
  'aws-glue-security-configuration': { why: 'a crawler with no security configuration: reported (Warn)', target: aws('glue', 'Crawler', { databaseName: 'db', role: 'arn:aws:iam::111122223333:role/glue' }) },
  'aws-efs-access-point-root-directory': { why: 'an access point exposing the whole file system: reported (Warn)', target: aws('efs', 'AccessPoint', { fileSystemId: 'fs-1' }) },
  'aws-efs-access-point-user': { why: 'an access point enforcing no user: reported (Warn)', target: aws('efs', 'AccessPoint', { fileSystemId: 'fs-1' }) },
  'aws-sfn-tracing': { why: 'a state machine without tracing: reported (Warn)', target: aws('sfn', 'StateMachine', { definition: '{}', roleArn: 'arn:aws:iam::111122223333:role/sfn' }) },
  'aws-sfn-execution-logging': { why: 'a state machine without execution logging: reported (Warn)', target: aws('sfn', 'StateMachine', { definition: '{}', roleArn: 'arn:aws:iam::111122223333:role/sfn' }) },
  'aws-bedrock-agent-guardrail': { why: 'an agent without guardrails: reported (Warn)', target: aws('bedrockagent', 'Agent', { agentName: 'helper', foundationModel: 'anthropic.claude-v2' }) },
  'aws-transfer-server-public': { why: 'a Transfer server with a public endpoint: held', target: aws('transfer', 'Server', { endpointType: 'PUBLIC' }) },
  'aws-sagemaker-notebook-internet': { why: 'a notebook in a subnet without directInternetAccess: Disabled injected', target: aws('sagemaker', 'NotebookInstance', { instanceType: 'ml.t3.medium', subnetId: 'subnet-private', rootAccess: 'Disabled' }) },
  'aws-kinesis-stream-encryption': { why: 'a stream without encryption: KMS with the AWS managed key injected', target: aws('kinesis', 'Stream', { shardCount: 1 }) },
  'aws-firehose-encryption': { why: 'a delivery stream without server-side encryption: injected', target: aws('firehose', 'DeliveryStream', { name: 'events', destination: 'extended_s3' }) },
  'aws-glue-security-configuration-encryption': {
    why: 'a security configuration with S3 encryption off',
    target: aws('glue', 'SecurityConfiguration', { encryptionConfiguration: [{ cloudwatchEncryption: [{ cloudwatchEncryptionMode: 'SSE-KMS' }], jobBookmarksEncryption: [{ jobBookmarksEncryptionMode: 'CSE-KMS' }], s3Encryption: [{ s3EncryptionMode: 'DISABLED' }] }] }),
  },
  'aws-transfer-server-protocols': { why: 'a Transfer server speaking plain FTP', target: aws('transfer', 'Server', { endpointType: 'VPC', protocols: ['FTP'] }) },
  'aws-transfer-server-security-policy': { why: 'a Transfer server on the 2018 policy: reported (Warn)', target: aws('transfer', 'Server', { endpointType: 'VPC', securityPolicyName: 'TransferSecurityPolicy-2018-11' }) },
  'aws-cloudformation-notifications': { why: 'a stack notifying nobody: reported (Warn)', target: aws('cloudformation', 'Stack', { name: 'app', templateBody: '{}' }) },
  'aws-codecommit-approvals': {
    why: 'an approval rule template needing one approval: reported (Warn)',
    target: aws('codecommit', 'ApprovalRuleTemplate', { name: 'one', content: JSON.stringify({ Version: '2018-11-08', Statements: [{ Type: 'Approvers', NumberOfApprovalsNeeded: 1 }] }) }),
  },
  'aws-emr-encryption': { why: 'an EMR security configuration without in-transit encryption', target: aws('emr', 'SecurityConfiguration', { configuration: JSON.stringify({ EncryptionConfiguration: { EnableAtRestEncryption: true, EnableInTransitEncryption: false, AtRestEncryptionConfiguration: { LocalDiskEncryptionConfiguration: { EncryptionKeyProviderType: 'AwsKms', AwsKmsKey: 'arn:aws:kms:eu-west-1:111122223333:key/k', EnableEbsEncryption: true }, S3EncryptionConfiguration: { EncryptionMode: 'SSE-KMS', AwsKmsKey: 'arn:aws:kms:eu-west-1:111122223333:key/k' } } } }) }) },
  'aws-emr-s3-kms': { why: 'an EMR security configuration with SSE-S3: reported (Warn)', target: aws('emr', 'SecurityConfiguration', { configuration: JSON.stringify({ EncryptionConfiguration: { EnableAtRestEncryption: true, EnableInTransitEncryption: true, AtRestEncryptionConfiguration: { S3EncryptionConfiguration: { EncryptionMode: 'SSE-S3' } } } }) }) },
  'aws-container-privileged': { why: 'an ECS task with a privileged container', target: aws('ecs', 'TaskDefinition', { family: 'app', containerDefinitions: JSON.stringify([{ name: 'app', image: 'app:1', privileged: true, readonlyRootFilesystem: true }]) }) },
  'aws-ecs-read-only-root': { why: 'an ECS container with a writable root file system: reported (Warn)', target: aws('ecs', 'TaskDefinition', { family: 'app', containerDefinitions: JSON.stringify([{ name: 'app', image: 'app:1' }]) }) },
  'aws-ecs-host-namespaces': { why: 'an ECS task sharing the host PID namespace', target: aws('ecs', 'TaskDefinition', { family: 'app', pidMode: 'host', containerDefinitions: '[]' }) },
  'aws-ecs-task-roles': {
    why: 'an ECS task running with its execution role: reported (Warn)',
    target: aws('ecs', 'TaskDefinition', { family: 'app', containerDefinitions: '[]', executionRoleArn: 'arn:aws:iam::111122223333:role/ecs', taskRoleArn: 'arn:aws:iam::111122223333:role/ecs' }),
  },
  'aws-ecs-efs-transit-encryption': { why: 'an EFS volume without transit encryption: injected', target: aws('ecs', 'TaskDefinition', { family: 'app', containerDefinitions: '[]', volume: [{ name: 'data', efsVolumeConfiguration: [{ fileSystemId: 'fs-1' }] }] }) },
  'aws-ecs-container-insights': { why: 'a cluster without Container Insights: injected', target: aws('ecs', 'Cluster') },
  'aws-mwaa-webserver-private': { why: 'an Airflow UI on the internet: held', target: aws('mwaa', 'Environment', { name: 'airflow', webserverAccessMode: 'PUBLIC_ONLY' }) },
  'aws-codebuild-logging': { why: 'a project with CloudWatch logs off and no S3 logs', target: aws('codebuild', 'Project', { logsConfig: [{ cloudwatchLogs: [{ status: 'DISABLED' }] }] }) },
  'aws-codecommit-approval-rule': { why: 'a repository with no approval rule association: reported (Warn)', target: aws('codecommit', 'Repository', { repositoryName: 'app' }) },
  'aws-service-cmk': { why: 'a SageMaker notebook without a customer managed key: reported (Warn)', target: aws('sagemaker', 'NotebookInstance', { instanceType: 'ml.t3.medium', subnetId: 'subnet-private', rootAccess: 'Disabled' }) },

  // The community AWS provider (*.aws.crossplane.io), and AWS families without a catalog.
  'aws-classic-s3-encryption': { why: 'a community Bucket without serverSideEncryptionConfiguration: injected', target: classic('s3', 'Bucket', { locationConstraint: 'eu-west-1' }, 'v1beta1') },
  'aws-classic-s3-public-access-block': { why: 'a community Bucket without publicAccessBlockConfiguration: injected', target: classic('s3', 'Bucket', { locationConstraint: 'eu-west-1' }, 'v1beta1') },
  'aws-classic-s3-versioning': { why: 'a community Bucket without versioningConfiguration: injected', target: classic('s3', 'Bucket', { locationConstraint: 'eu-west-1' }, 'v1beta1') },
  'aws-classic-s3-public-grants': { why: 'a community Bucket with the canned ACL public-read', target: classic('s3', 'Bucket', { locationConstraint: 'eu-west-1', acl: 'public-read' }, 'v1beta1') },
  'aws-classic-rds-encrypted': { why: 'a community DBInstance without storageEncrypted: injected', target: classic('rds', 'DBInstance', { dbInstanceClass: 'db.t3.micro', engine: 'postgres' }, 'v1alpha1') },
  'aws-classic-rds-public-access': { why: 'a community DBInstance without publiclyAccessible: injected', target: classic('rds', 'DBInstance', { dbInstanceClass: 'db.t3.micro', engine: 'postgres' }, 'v1alpha1') },
  'aws-classic-ec2-sg-open-admin-ports': {
    why: 'a community SecurityGroup with inline ingress from 0.0.0.0/0 to SSH',
    target: classic('ec2', 'SecurityGroup', { groupName: 'web', description: 'web', ingress: [{ ipProtocol: 'tcp', fromPort: 22, toPort: 22, ipRanges: [{ cidrIp: '0.0.0.0/0' }] }] }, 'v1beta1'),
  },
  'aws-classic-ec2-sg-internet-ingress': {
    why: 'a community SecurityGroup with inline ingress from 0.0.0.0/0 to HTTPS',
    target: classic('ec2', 'SecurityGroup', { groupName: 'web', description: 'web', ingress: [{ ipProtocol: 'tcp', fromPort: 443, toPort: 443, ipRanges: [{ cidrIp: '0.0.0.0/0' }] }] }, 'v1beta1'),
  },
  'aws-unknown-family': { why: 'an ACK DBInstance, a family guardrails has no rules for', target: { apiVersion: 'rds.services.k8s.aws/v1alpha1', kind: 'DBInstance', spec: { dbInstanceIdentifier: 'db', dbInstanceClass: 'db.t3.micro', engine: 'postgres', publiclyAccessible: true } } },
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

  // Kubernetes kinds that reach around the pod and RBAC rules: the control plane, Service external IPs.
  'k8s-control-plane': {
    why: 'an APIService routing the metrics API to a service of the agent, without checking its certificate',
    target: {
      apiVersion: 'apiregistration.k8s.io/v1',
      kind: 'APIService',
      metadata: { name: 'v1beta1.metrics.k8s.io' },
      spec: { group: 'metrics.k8s.io', version: 'v1beta1', insecureSkipTLSVerify: true, groupPriorityMinimum: 100, versionPriority: 100, service: { name: 'collector', namespace: 'team-a' } },
    },
  },
  'k8s-service-external-ips': {
    why: 'a Service claiming a public resolver address: the cluster would send its DNS traffic there',
    target: { apiVersion: 'v1', kind: 'Service', metadata: { name: 'intercept', namespace: 'team-a' }, spec: { selector: { app: 'mitm' }, ports: [{ port: 53, protocol: 'UDP' }], externalIPs: ['8.8.8.8'] } },
  },
  'k8s-service-manual-endpoints': {
    why: "an EndpointSlice pointing a selector-less Service at another namespace's pod address",
    target: {
      apiVersion: 'discovery.k8s.io/v1',
      kind: 'EndpointSlice',
      metadata: { name: 'payments-1', namespace: 'team-a', labels: { 'kubernetes.io/service-name': 'payments' } },
      addressType: 'IPv4',
      endpoints: [{ addresses: ['10.244.3.17'] }],
      ports: [{ port: 8443 }],
    },
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
  'aws-iops': {
    why: '16000 IOPS is more than the allowed 3000',
    target: aws('ec2', 'EBSVolume', { availabilityZone: 'eu-west-1a', size: 100, type: 'io2', iops: 16000 }),
    input: { rules: { 'aws-iops': { maxIops: 3000 } } },
  },
  'aws-instance-count': {
    why: 'an Auto Scaling group of up to 500 instances, more than the allowed 20',
    target: aws('autoscaling', 'AutoscalingGroup', { minSize: 1, maxSize: 500 }),
    input: { rules: { 'aws-instance-count': { maxInstances: 20 } } },
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
  // What reaches around the pod rules: a PersistentVolume of the node, a Namespace without its Pod Security label.
  'k8s-pv-host-path': {
    why: "a PersistentVolume of the node's root, which any pod's claim may bind",
    target: { apiVersion: 'v1', kind: 'PersistentVolume', metadata: { name: 'node-root' }, spec: { capacity: { storage: '1Gi' }, accessModes: ['ReadWriteOnce'], hostPath: { path: '/' } } },
  },
  'k8s-namespace-pod-security': {
    why: 'a Namespace without pod-security.kubernetes.io/enforce: the restricted level is injected',
    target: { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'team-b' }, spec: {} },
  },
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
  'gcp-iam-long-lived-credentials': { why: 'a user-managed service account key', target: gcp('cloudplatform', 'ServiceAccountKey', { serviceAccountId: 'projects/acme-prod/serviceAccounts/agent@acme-prod.iam.gserviceaccount.com' }, 'v1beta1') },
  'gcp-iam-workload-identity-trust': {
    why: 'a GitHub Actions provider without an attributeCondition admits every repository on github.com',
    target: gcp('iam', 'WorkloadIdentityPoolProvider', { workloadIdentityPoolId: 'github', attributeMapping: { 'google.subject': 'assertion.sub' }, oidc: { issuerUri: 'https://token.actions.githubusercontent.com' } }),
  },
  'gcp-iam-workload-identity-pool-grant': {
    why: 'every identity of a workload identity pool may act as the service account',
    target: gcp('cloudplatform', 'ServiceAccountIAMMember', {
      serviceAccountId: 'projects/acme-prod/serviceAccounts/deploy@acme-prod.iam.gserviceaccount.com',
      role: 'roles/iam.workloadIdentityUser',
      member: 'principalSet://iam.googleapis.com/projects/123456789/locations/global/workloadIdentityPools/github/*',
    }),
  },
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
