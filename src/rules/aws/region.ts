/**
 * Regions the platform team allows, set in the Input: data residency and a
 * known footprint. A request for another region needs a person's approval.
 */
import { defineRule, type Rule } from '../../engine/rule.js';
import { explicitParams } from '../params.js';
import { allowList, judgeAllowed, type Noun } from '../kit/limits.js';

const REGION: Noun = { one: 'region', many: 'regions' };

export const awsRegion = defineRule({
  id: 'aws-region',
  title: 'AWS resources stay in the allowed regions',
  severity: 'high',
  defaultAction: 'RequireApproval',
  description:
    'Acts only where `rules.aws-region.allowed` lists the regions the platform allows (globs, e.g. `eu-*`); without it, it does nothing. On every AWS kind, refuses an explicit `region` in forProvider or initProvider that no glob matches, until a person approves. A kind without a region (IAM) and a resource that does not set one are not judged. A region the observed resource already has passes, so a list tightened later does not hold an existing resource hostage.',
  kinds: { summary: 'every AWS kind with a region', test: (type) => type.cloud === 'aws' },
  params: allowList(REGION, 'eu-*'),
  configured: ({ allowed }) => allowed !== undefined,
  check(ctx, { allowed }) {
    if (allowed === undefined) return;
    for (const { segments, value } of explicitParams(ctx.resource, ['region'])) judgeAllowed(ctx, { segments, value }, allowed, REGION);
  },
}) satisfies Rule;
