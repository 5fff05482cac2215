/**
 * Regions the platform team allows, set in the Input: data residency and a
 * known footprint. A request for another region needs a person's approval.
 */
import type { Rule } from '../../engine/rule.js';
import { placeRule } from '../kit/limits.js';

export const awsRegion = placeRule({
  id: 'aws-region',
  title: 'AWS resources stay in the allowed regions',
  description:
    'Acts only where `rules.aws-region.allowed` lists the regions the platform allows (globs, e.g. `eu-*`); without it, it does nothing. On every AWS kind, refuses an explicit `region` in forProvider or initProvider that no glob matches, until a person approves. A kind without a region (IAM) and a resource that does not set one are not judged. A region the observed resource already has passes, so a list tightened later does not hold an existing resource hostage.',
  cloud: 'aws',
  summary: 'every AWS kind with a region',
  noun: { one: 'region', many: 'regions' },
  example: 'eu-*',
  top: ['region'],
}) satisfies Rule;
