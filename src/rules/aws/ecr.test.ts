import { describe, it } from 'vitest';
import { awsResource, finding, guardCases, injected, mutation, runCase, SAME, served, type Case, type Served } from '../../../test/builders/aws-data.js';
import type { Shape } from '../../engine/schema.js';
import type { KubeObject } from '../../engine/types.js';
import { ECR_RULES, ecrImmutableTags, ecrScanOnPush } from './ecr.js';

/** Every served shape of ecr Repository (CRDs fetched into zz_schemas.ts): cluster-scoped v1beta1 renders imageScanningConfiguration as a list. */
const SHAPES: readonly Served[] = [served('cluster', 'v1beta1'), served('cluster', 'v1beta2'), served('namespaced', 'v1beta1')];

const repository = (s: Served = SHAPES[1]!, forProvider: Record<string, unknown> = {}): KubeObject =>
  awsResource('ecr', 'Repository', s, { forceDelete: false, ...forProvider });

const TAGS = 'spec.forProvider.imageTagMutability';
const TAGS_ADVICE = 'set it to "IMMUTABLE" (or remove it) so a pushed tag cannot be moved to another image';

const immutableCases: Case[] = [
  ...guardCases({
    rule: ecrImmutableTags,
    field: ['imageTagMutability'],
    shapes: SHAPES,
    build: repository,
    safe: 'IMMUTABLE',
    unsafe: 'MUTABLE',
    unsafeText: '"MUTABLE"',
    malformed: true,
    malformedText: 'boolean true',
    type: 'a string',
    missing: 'tag mutability was not set (ECR makes tags mutable)',
    advice: TAGS_ADVICE,
  }),
  {
    name: 'IMMUTABLE_WITH_EXCLUSION passes',
    reason: 'tags stay immutable except those the exclusion filters name, which is how a moving `latest` is done safely',
    resource: repository(undefined, { imageTagMutability: 'IMMUTABLE_WITH_EXCLUSION' }),
    rules: [ecrImmutableTags],
    want: { desired: SAME, mutations: [], findings: [] },
  },
  ...['MUTABLE_WITH_EXCLUSION', 'immutable'].map((value): Case => ({
    name: `${value} is refused`,
    reason: 'mutable by default with exceptions is still mutable; the API is case-sensitive',
    resource: repository(undefined, { imageTagMutability: value }),
    rules: [ecrImmutableTags],
    want: { desired: SAME, mutations: [], findings: [finding(ecrImmutableTags, 'Deny', TAGS, `${TAGS} is ${JSON.stringify(value)}; ${TAGS_ADVICE}`)] },
  })),
];

const scanCases: Case[] = guardCases({
  rule: ecrScanOnPush,
  field: ['imageScanningConfiguration', 'scanOnPush'],
  shapes: SHAPES,
  build: repository,
  safe: true,
  unsafe: false,
  unsafeText: 'false',
  malformed: 'on',
  malformedText: 'the string "on"',
  type: 'a boolean',
  missing: 'scanning on push was not turned on',
  advice: 'set it to true (or remove it) so every pushed image is scanned for known vulnerabilities',
});

/** A Repository CRD as an older provider might serve it, without imageScanningConfiguration, as Crossplane would send it. */
const withoutScanning: ReadonlyMap<string, Shape> = new Map([['ecr.aws.upbound.io/v1beta2|Repository', { forceDelete: 'b', imageTagMutability: 's', region: 's', tags: 'm' }]]);

const schemaCases: Case[] = [
  {
    name: 'a Repository whose installed CRD lacks imageScanningConfiguration: a notice, nothing injected',
    reason: 'the function never emits a block the CRD does not declare; it says why nothing was injected',
    resource: repository(),
    rules: [ecrScanOnPush],
    schemas: withoutScanning,
    want: {
      desired: SAME,
      mutations: [],
      findings: [
        finding(ecrScanOnPush, 'Warn', 'spec.forProvider.imageScanningConfiguration.scanOnPush', 'ecr.aws.upbound.io/v1beta2 Repository has no field imageScanningConfiguration.scanOnPush; nothing injected'),
      ],
    },
  },
  {
    name: 'a version newer than any known one follows the nearest known shape',
    reason: 'v1beta3 is not in the generated table: the v1beta2 schema (an object block) decides the shape',
    resource: repository(served('cluster', 'v1beta3')),
    rules: [ecrScanOnPush],
    want: {
      desired: injected(repository(served('cluster', 'v1beta3')), { imageScanningConfiguration: { scanOnPush: true } }, ecrScanOnPush.id),
      mutations: [mutation(ecrScanOnPush, 'spec.forProvider.imageScanningConfiguration', { scanOnPush: true })],
      findings: [],
    },
  },
];

const allRules: Case[] = SHAPES.map((s) => ({
  name: `both ECR rules on a bare repository, ${s.label}`,
  reason: 'both injections in one pass, the scanning block in the shape of the version',
  resource: repository(s),
  rules: ECR_RULES,
  want: {
    desired: injected(
      repository(s),
      { imageTagMutability: 'IMMUTABLE', imageScanningConfiguration: s.blocks === 'array' ? [{ scanOnPush: true }] : { scanOnPush: true } },
      'aws-ecr-immutable-tags,aws-ecr-scan-on-push',
    ),
    mutations: [
      mutation(ecrImmutableTags, TAGS, 'IMMUTABLE'),
      mutation(ecrScanOnPush, 'spec.forProvider.imageScanningConfiguration', s.blocks === 'array' ? [{ scanOnPush: true }] : { scanOnPush: true }),
    ],
    findings: [],
  },
}));

describe('ECR rules', () => {
  it.each([...immutableCases, ...scanCases, ...schemaCases, ...allRules])('$name', (c) => runCase(c));
});
