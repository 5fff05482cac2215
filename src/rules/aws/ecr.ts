/** ECR repositories: tags that cannot be moved, images scanned on push. */
import { defineRule, type KindRef, type Rule } from '../../engine/rule.js';
import { requireBoolean, requireValue } from '../params.js';

const REPOSITORY: readonly KindRef[] = [{ cloud: 'aws', service: 'ecr', kind: 'Repository' }];

/** Tag mutability settings under which a pushed tag keeps naming the same image. */
const IMMUTABLE = new Set(['IMMUTABLE', 'IMMUTABLE_WITH_EXCLUSION']);

export const ecrImmutableTags = defineRule({
  id: 'aws-ecr-immutable-tags',
  title: 'ECR image tags are immutable',
  severity: 'medium',
  defaultAction: 'Mutate',
  description:
    "Injects `imageTagMutability: IMMUTABLE` into Repositories that do not set it, so a deployed tag keeps naming the image that was reviewed and scanned. Refuses `MUTABLE` and `MUTABLE_WITH_EXCLUSION` rather than holding them for approval: a movable tag lets anyone with push rights replace what running workloads pull, and the legitimate need (a moving `latest`) is met by `IMMUTABLE_WITH_EXCLUSION` with exclusion filters, which is accepted, where the provider version has them. A platform that relies on mutable tags sets the rule to `Warn`.",
  fix: 'injects `imageTagMutability: IMMUTABLE`.',
  references: { checkov: ['CKV_AWS_51'], trivy: ['AWS-0031'] },
  kinds: REPOSITORY,
  check(ctx) {
    requireValue(ctx, ['imageTagMutability'], {
      safe: (mutability) => typeof mutability === 'string' && IMMUTABLE.has(mutability),
      inject: 'IMMUTABLE',
      type: 'string',
      missing: 'tag mutability was not set (ECR makes tags mutable)',
      unsafe: 'set it to "IMMUTABLE" (or remove it) so a pushed tag cannot be moved to another image',
    });
  },
}) satisfies Rule;

export const ecrScanOnPush = defineRule({
  id: 'aws-ecr-scan-on-push',
  title: 'ECR repositories scan images on push',
  severity: 'medium',
  defaultAction: 'Mutate',
  description:
    'Injects `imageScanningConfiguration.scanOnPush: true` (in the block shape of the version: a one-element list in cluster-scoped v1beta1, an object elsewhere) into Repositories that do not set it, so every pushed image is checked for known vulnerabilities. Refuses an explicit `scanOnPush: false`. Basic scanning costs nothing; where the registry uses enhanced scanning, its registry-level rules decide instead.',
  fix: 'injects `imageScanningConfiguration.scanOnPush: true`.',
  references: { checkov: ['CKV_AWS_163'], trivy: ['AWS-0030'] },
  kinds: REPOSITORY,
  check(ctx) {
    requireBoolean(ctx, ['imageScanningConfiguration', 'scanOnPush'], true, {
      missing: 'scanning on push was not turned on',
      unsafe: 'set it to true (or remove it) so every pushed image is scanned for known vulnerabilities',
    });
  },
}) satisfies Rule;

/** The ECR rules in evaluation order. */
export const ECR_RULES = [ecrImmutableTags, ecrScanOnPush] as const satisfies readonly Rule[];
