/** The rules for the community AWS provider (`*.aws.crossplane.io`), and the hold on AWS families without a catalog, in evaluation order. */
import type { Rule } from '../../../engine/rule.js';
import { CLASSIC_SG_RULES } from './ec2.js';
import { classicRdsEncrypted, classicRdsPublicAccess } from './rds.js';
import { classicS3Encryption, classicS3PublicAccessBlock, classicS3PublicGrants, classicS3Versioning } from './s3.js';
import { awsUnknownFamily } from './unknown.js';

export const CLASSIC_RULES = [
  classicS3Encryption,
  classicS3PublicAccessBlock,
  classicS3Versioning,
  classicS3PublicGrants,
  classicRdsEncrypted,
  classicRdsPublicAccess,
  ...CLASSIC_SG_RULES,
  awsUnknownFamily,
] as const satisfies readonly Rule[];
