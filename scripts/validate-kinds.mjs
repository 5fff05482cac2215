#!/usr/bin/env node
// Dev check, not part of `npm test` (it reads the reference data, which a clone may not have):
// for every catalog rule that cites Checkov checks, lists the Upbound kinds those checks cover
// (checks.tsv maps each check's Terraform types to kinds) that the rule does not read. A rule
// that claims a control but misses one of its kinds is a hole; a kind left out on purpose is
// listed in EXPLAINED below with the reason.
//
// Usage: npm run build && node scripts/validate-kinds.mjs [--reference DIR]
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CATALOG } from '../dist/rules/catalog.js';
import { refOf } from '../dist/engine/rule.js';
import { resourceType } from '../dist/engine/gvk.js';
import { referenceArgs } from './reference.mjs';

const { reference } = referenceArgs(process.argv.slice(2), 'checkov/checks.tsv');
const tsv = join(reference, 'checkov', 'checks.tsv');

/** Kinds a cited check covers that a rule leaves out on purpose: `rule|cloud/service/Kind` -> why. */
const EXPLAINED = new Map([
  // provider-upjet-aws 75a4c57162d0: Bucket's forProvider has no policy field (Terraform's deprecated inline
  // aws_s3_bucket.policy is not generated); its policy is a BucketPolicy, which the rules read.
  ['aws-iam-policy-document|aws/s3/Bucket', 'no inline policy field on the Upbound Bucket: its policy is a BucketPolicy'],
  ['aws-s3-bucket-policy-public|aws/s3/Bucket', 'no inline policy field on the Upbound Bucket: its policy is a BucketPolicy'],
  // provider-upjet-aws 75a4c57162d0: Bucket's forProvider has no acl, grant or policy field (Terraform's deprecated inline
  // aws_s3_bucket.acl/grant/policy are not generated); its ACL is a BucketACL and its policy a BucketPolicy, which the rules read.
  ['aws-s3-bucket-acl-public|aws/s3/Bucket', 'no ACL field on the Upbound Bucket: its ACL is a BucketACL, which the rule reads'],
  ['aws-s3-bucket-policy-lockout|aws/s3/Bucket', 'no inline policy field on the Upbound Bucket: its policy is a BucketPolicy'],
  // provider-upjet-aws 75a4c57162d0: a Function has no CORS setting; CORS is its FunctionURL's `cors`, which the rule reads.
  ['aws-lambda-function-url-cors|aws/lambda/Function', 'no CORS field on the Upbound Function: CORS is its FunctionURL\'s, which the rule reads'],
  // provider-upjet-azure a983cb478cbd: a VM's public IP is attached on its NetworkInterface (ipConfiguration[].publicIpAddressId),
  // which the rule reads; the VM kinds have no public IP field, and no serial console field.
  ['azure-network-public-ip|azure/compute/LinuxVirtualMachine', 'no public IP field on the VM: it is attached on its NetworkInterface, which the rule reads'],
  ['azure-network-public-ip|azure/compute/WindowsVirtualMachine', 'no public IP field on the VM: it is attached on its NetworkInterface, which the rule reads'],
  // Checkov's graph checks relate a GCP resource to its IAM grants; the resource itself grants nothing (no IAM field in
  // provider-upjet-gcp 8da2207a5a21), its grants are the *IAMMember, *IAMBinding and *IAMPolicy kinds the rule reads.
  ['gcp-iam-public-member|gcp/kms/CryptoKey', 'a CryptoKey grants nothing itself: its grants are CryptoKeyIAMMember (and any CryptoKeyIAM* kind)'],
  ['gcp-iam-public-member|gcp/kms/KeyRing', 'a KeyRing grants nothing itself: its grants are KeyRingIAMMember (and any KeyRingIAM* kind)'],
  ['gcp-iam-public-member|gcp/container/Registry', 'a Registry grants nothing itself: its storage bucket\'s grants are BucketIAMMember and the bucket ACL kinds'],
  // provider-upjet-aws: checks that name a kind beside the one that holds the setting (the listener's protocol, not its
  // load balancer's; the method settings' logging level, not the stage's), or a kind the rule leaves to a sibling rule.
  ['aws-ec2-default-security-group-closed|aws/ec2/VPC', "a VPC has no rule fields: its default group is restricted through DefaultSecurityGroup, which the rule reads"],
  ['aws-ec2-sg-open-egress|aws/ec2/SecurityGroup', 'no inline egress in the Upbound SecurityGroup forProvider: its egress is SecurityGroupRule and SecurityGroupEgressRule'],
  ['aws-elb-plaintext-listener|aws/elbv2/LB', "an LB has no protocol: its listeners' protocol and redirect are on LBListener, which the rule reads"],
  ['aws-elb-listener-tls-policy|aws/elbv2/LB', "an LB has no TLS policy: it is each listener's sslPolicy, on LBListener"],
  ['aws-elb-plaintext-listener|aws/elbv2/LBTargetGroup', 'a plain-HTTP target group is aws-elbv2-target-group-https\'s (a warning: HTTP inside the VPC is a common design)'],
  ['aws-elbv2-target-group-https|aws/elbv2/LBListener', 'a plain-HTTP listener is aws-elb-plaintext-listener\'s (refused)'],
  ['aws-apigateway-logging-level|aws/apigateway/Stage', "a Stage has no logging level: it is set in the stage's MethodSettings, which the rule reads"],
  ['aws-wafv2-log4j|aws/cloudfront/Distribution', 'the Log4j rule group is a property of the web ACL, which the rule judges whatever it protects; a distribution without one is aws-cloudfront-waf\'s'],
  ['aws-wafv2-log4j|aws/elbv2/LB', 'the Log4j rule group is a property of the web ACL, which the rule judges whatever it protects; a load balancer without one is aws-elbv2-waf\'s'],
  ['aws-wafv2-log4j|aws/apigateway/Stage', 'the Log4j rule group is a property of the web ACL, which the rule judges whatever it protects; a stage without one is aws-apigateway-waf\'s'],
  ['aws-wafv2-log4j|aws/apigatewayv2/API', 'the Log4j rule group is a property of the web ACL, which the rule judges whatever it protects; an HTTP API cannot take a WAF web ACL at all'],
  ['aws-autoscaling-elb-health-check|aws/elb/ELB', "the health check type is the group's: a classic load balancer has none to set"],
  ['aws-autoscaling-elb-health-check|aws/elbv2/LBTargetGroup', "the health check type is the group's: a target group's own health check is aws-elbv2-target-group-health-check's"],
  ['aws-autoscaling-elb-health-check|aws/autoscaling/Attachment', 'an Attachment has no health check type: the rule reads the Attachments that name a group, and judges the group'],
  ['aws-ec2-volume-attachment-encrypted|aws/ec2/EBSVolume', 'a composed volume\'s encryption is aws-ebs-encryption\'s (CKV_AWS_3): the rule reads the EBSVolumes an attachment names, and warns when it names none'],
  ['aws-apigateway-waf|aws/apigateway/RestAPI', 'a web ACL is associated with a stage, not the RestAPI: the rule reads Stage and the WebACLAssociations that name it'],
  ['aws-apigateway-client-certificate|aws/apigatewayv2/API', 'an HTTP or WebSocket API has no client certificate field: its stages carry clientCertificateId, which the rule reads'],
]);

/**
 * Checks cited that checks.tsv leaves out because they read Terraform data sources
 * (`data.aws_iam_policy_document`), not resources (its SOURCE.md): the rule applies their logic
 * to the policy documents of the kinds it lists.
 */
const DATA_SOURCE_CHECKS = new Set(['CKV_AWS_1', 'CKV_AWS_49', 'CKV_AWS_107', 'CKV_AWS_108', 'CKV_AWS_109', 'CKV_AWS_110', 'CKV_AWS_111', 'CKV_AWS_283', 'CKV_AWS_356', 'CKV_AWS_358']);

/** `rds.aws.upbound.io/Instance` -> `aws/rds/Instance`. */
const ref = (kind) => {
  const [group, name] = kind.split('/');
  const [service, cloud] = group.split('.');
  return `${cloud}/${service}/${name}`;
};

const checks = new Map();
const [header, ...rows] = readFileSync(tsv, 'utf8').trimEnd().split('\n');
const cols = header.split('\t');
for (const row of rows) {
  const r = Object.fromEntries(row.split('\t').map((v, i) => [cols[i], v]));
  checks.set(r.id, r.upbound_kinds === '' ? [] : r.upbound_kinds.split(',').map(ref));
}

let missing = 0;
const lines = [];
/** Does a rule that follows a predicate (every GCP IAM kind, ...) read the kind in any served shape? */
const readsByPredicate = (rule, k) => {
  const [cloud, service, kind] = k.split('/');
  return ['', '.m'].some((m) => ['v1beta1', 'v1beta2', 'v1beta3'].some((v) => rule.appliesTo(resourceType({ apiVersion: `${service}.${cloud}${m}.upbound.io/${v}`, kind }))));
};

for (const rule of CATALOG) {
  const reads = Array.isArray(rule.kinds) ? new Set(rule.kinds.map(refOf)) : { has: (k) => readsByPredicate(rule, k) };
  for (const id of rule.references?.checkov ?? []) {
    const kinds = checks.get(id);
    // Checkov's Kubernetes checks (CKV_K8S_n, CKV2_K8S_n) read manifests, not Terraform: checks.tsv, which maps Terraform types to
    // Upbound kinds, has none, and the rules citing them read Kubernetes' own kinds.
    if (kinds === undefined && /^CKV2?_K8S_/.test(id)) continue;
    if (kinds === undefined) {
      const data = DATA_SOURCE_CHECKS.has(id);
      lines.push(`${rule.id}\t${id}\t-\t${data ? 'a data-source check: applied to the documents of the kinds the rule reads' : 'NOT IN checks.tsv'}`);
      if (!data) missing++;
      continue;
    }
    for (const k of kinds) {
      if (reads.has(k)) continue;
      const why = EXPLAINED.get(`${rule.id}|${k}`);
      lines.push(`${rule.id}\t${id}\t${k}\t${why ?? 'MISSING'}`);
      if (why === undefined) missing++;
    }
  }
}
console.log(['rule\tcheck\tkind\tstatus', ...lines].join('\n'));
console.log(`\n${missing} kind(s) missing from the rules that cite their checks`);
process.exit(missing > 0 ? 1 : 0);
