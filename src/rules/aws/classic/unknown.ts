/**
 * AWS kinds of a provider family guardrails has no catalog for. The AWS
 * catalog reads the Upbound kinds (`*.aws.upbound.io`, `*.aws.m.upbound.io`),
 * and of the community provider (`*.aws.crossplane.io`) only the kinds in
 * ./kinds.ts. Any other AWS kind would pass unjudged, so an agent could reach
 * what the catalog forbids by spelling it in another family (an ACK
 * `rds.services.k8s.aws` DBInstance with `publiclyAccessible: true`): such a
 * kind is held for a person instead.
 */
import type { ResourceType } from '../../../engine/gvk.js';
import { defineRule, refOf, type Rule } from '../../../engine/rule.js';
import { observeOnly } from '../../params.js';
import { BUCKET, DB_CLUSTER, DB_INSTANCE, RDS_INSTANCE, SECURITY_GROUP, SECURITY_GROUP_RULE } from './kinds.js';

/** The community provider's kinds guardrails judges (see ./rds.ts, ./s3.ts, ./ec2.ts). */
const JUDGED: ReadonlySet<string> = new Set([DB_INSTANCE, DB_CLUSTER, RDS_INSTANCE, SECURITY_GROUP, SECURITY_GROUP_RULE, BUCKET].map(refOf));

/** AWS provider families without a catalog, by the end of their API groups, with what they are and whether they honour Crossplane's management policies. */
const FAMILIES: readonly { suffix: string; name: string; crossplane: boolean }[] = [
  { suffix: '.aws.crossplane.io', name: 'the community AWS provider (crossplane-contrib/provider-aws)', crossplane: true },
  { suffix: '.aws.jet.crossplane.io', name: 'the retired Terrajet AWS provider (provider-jet-aws)', crossplane: true },
  { suffix: '.services.k8s.aws', name: 'AWS Controllers for Kubernetes (ACK)', crossplane: false },
];

const familyOf = (type: ResourceType) => FAMILIES.find((f) => type.group.endsWith(f.suffix));

export const awsUnknownFamily = defineRule({
  id: 'aws-unknown-family',
  title: 'AWS kinds guardrails has no rules for are held',
  severity: 'high',
  defaultAction: 'RequireApproval',
  description: `Holds for approval every kind of an AWS provider family the catalog does not read: the community AWS provider (\`*.aws.crossplane.io\`) but for the kinds guardrails judges there (rds DBInstance and DBCluster, database RDSInstance, ec2 SecurityGroup and SecurityGroupRule, s3 Bucket), the retired Terrajet provider (\`*.aws.jet.crossplane.io\`) and AWS Controllers for Kubernetes (\`*.services.k8s.aws\`). Without it, an agent could create what the catalog forbids (a public database, an open bucket, an administrator role) by writing it in a family no rule reads. A kind of the Crossplane families that is observe-only (\`managementPolicies: [Observe]\`) creates nothing and passes; ACK has no management policies, so its kinds are held whatever they say. Set the rule's action to \`Disabled\` only where such kinds are reviewed another way.`,
  kinds: { summary: 'every kind of `*.aws.crossplane.io` guardrails does not judge, of `*.aws.jet.crossplane.io` and of `*.services.k8s.aws`', test: (t) => familyOf(t) !== undefined && !JUDGED.has(t.ref) },
  // ACK ignores `spec.managementPolicies`, so the engine's observe-only skip must not apply to it: read the object as a whole.
  reads: 'object',
  check(ctx) {
    const family = familyOf(ctx.type);
    if (family === undefined) return;
    if (family.crossplane && observeOnly(ctx.resource)) return;
    ctx.unsafe(
      'kind',
      `${ctx.type.apiVersion} ${ctx.type.kind} belongs to ${family.name}, for which guardrails has no rules; a person must review it, or compose the Upbound provider's kind (*.aws.upbound.io), which guardrails judges`,
    );
  },
}) satisfies Rule;
