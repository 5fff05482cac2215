/**
 * The kinds of the community AWS provider (crossplane-contrib/provider-aws,
 * groups `*.aws.crossplane.io`) that guardrails judges, and where their
 * fields are. Field names and types were read from the provider's
 * `package/crds` (commits in each kind's comment); its CRDs are not Upjet's:
 * a nested block is an object in every version, a repeating one a list, and
 * there is no `initProvider`.
 */
import type { KindRef } from '../../../engine/rule.js';

const classic = (group: string, kind: string): KindRef => ({ group: `${group}.aws.crossplane.io`, kind });

/** rds.aws.crossplane.io DBInstance v1alpha1 (030aa37d2afa): `publiclyAccessible`, `storageEncrypted`, `dbClusterIdentifier` (+Ref, Selector), `dbInstanceClass`, `allocatedStorage`, `maxAllocatedStorage`, `region`. */
export const DB_INSTANCE = classic('rds', 'DBInstance');

/** rds.aws.crossplane.io DBCluster v1alpha1 (0428287bb7ff): `publiclyAccessible` (Multi-AZ DB clusters only), `storageEncrypted`, `engine` (required), `dbClusterInstanceClass`, `allocatedStorage`, `region`. */
export const DB_CLUSTER = classic('rds', 'DBCluster');

/** database.aws.crossplane.io RDSInstance v1beta1 (535f8f21ea49), the provider's older hand-written kind: `publiclyAccessible`, `storageEncrypted`, `dbClusterIdentifier`, `dbInstanceClass`, `allocatedStorage`, `maxAllocatedStorage`, `region`. */
export const RDS_INSTANCE = classic('database', 'RDSInstance');

/** ec2.aws.crossplane.io SecurityGroup v1beta1 (535f8f21ea49): `ingress[]` of `{ipProtocol, fromPort, toPort, ipRanges[].cidrIp, ipv6Ranges[].cidrIPv6, prefixListIds[].prefixListId, userIdGroupPairs[]}`, `region`. */
export const SECURITY_GROUP = classic('ec2', 'SecurityGroup');

/** ec2.aws.crossplane.io SecurityGroupRule v1alpha1 (535f8f21ea49): `type` (ingress, egress), `protocol`, `fromPort`, `toPort`, `cidrBlock`, `ipv6cidrBlock`, `prefixListId`, `securityGroupId` (+Ref, Selector), `region`. */
export const SECURITY_GROUP_RULE = classic('ec2', 'SecurityGroupRule');

/**
 * s3.aws.crossplane.io Bucket v1beta1 (3693b47a1b45): `acl` (private, public-read, public-read-write,
 * authenticated-read), `grantFullControl`, `grantRead`, `grantReadAcp`, `grantWrite`, `grantWriteAcp` (grantee strings),
 * `loggingConfiguration.targetGrants[].targetGrantee.URI`, `policy` ({version, id, statements[]}: each statement
 * {sid, effect, principal{allowAnon, awsPrincipals[], federated, service[]}, notPrincipal, action, notAction, resource,
 * notResource, condition}), `publicAccessBlockConfiguration` (four booleans), `serverSideEncryptionConfiguration.rules[]
 * .applyServerSideEncryptionByDefault.sseAlgorithm`, `versioningConfiguration.status` (Enabled, Suspended),
 * `locationConstraint` (its region, required).
 */
export const BUCKET = classic('s3', 'Bucket');
