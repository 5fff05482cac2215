import { describe, it } from 'vitest';
import { input } from '../../../test/builders.js';
import { actions, awsResource, finding, missed, unreadable, guardCases, injected, mutation, runCase, SAME, served, withInit, withPolicies, type Case, type Served } from '../../../test/builders/aws-data.js';
import type { Shape } from '../../engine/schema.js';
import type { KubeObject } from '../../engine/types.js';
import { MESSAGING_RULES, snsEncryption, sqsEncryption } from './messaging.js';

/** Every served shape of sqs Queue and sns Topic (one version per group, top-level fields). */
const SHAPES: readonly Served[] = [served('cluster', 'v1beta1'), served('namespaced', 'v1beta1')];

const queue = (s: Served = SHAPES[0]!, forProvider: Record<string, unknown> = {}): KubeObject =>
  awsResource('sqs', 'Queue', s, { messageRetentionSeconds: 86400, ...forProvider });
const topic = (s: Served = SHAPES[0]!, forProvider: Record<string, unknown> = {}): KubeObject =>
  awsResource('sns', 'Topic', s, { displayName: 'orders', ...forProvider });

const KEY = 'arn:aws:kms:eu-west-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab';
const SSE = 'spec.forProvider.sqsManagedSseEnabled';
const SSE_INIT = 'spec.initProvider.sqsManagedSseEnabled';
const offMessage = (path: string) =>
  `${path} is false and no kmsMasterKeyId is set, so messages would be stored unencrypted; set it to true (or remove it), or name a KMS key in kmsMasterKeyId`;
const MISSING = 'queue encryption was not set (neither sqsManagedSseEnabled nor kmsMasterKeyId)';

const sqsCases: Case[] = SHAPES.flatMap((s): Case[] => {
  const at = `${sqsEncryption.id} on ${s.label}`;
  const fixed = (forProvider: Record<string, unknown> = {}) => injected(queue(s, forProvider), { sqsManagedSseEnabled: true }, sqsEncryption.id);
  return [
    {
      name: `${at}: SSE-SQS on passes`,
      reason: 'SQS managed encryption is encryption at rest',
      resource: queue(s, { sqsManagedSseEnabled: true }),
      rules: [sqsEncryption],
      want: { desired: SAME, mutations: [], findings: [] },
    },
    {
      name: `${at}: a KMS key passes, and nothing is injected beside it`,
      reason: 'SSE-KMS is encryption at rest; sqsManagedSseEnabled conflicts with kmsMasterKeyId, so it must not be added',
      resource: queue(s, { kmsMasterKeyId: 'alias/aws/sqs' }),
      rules: [sqsEncryption],
      want: { desired: SAME, mutations: [], findings: [] },
    },
    {
      name: `${at}: a KMS key in initProvider passes`,
      reason: 'initProvider is explicit; the queue is created with the key',
      resource: withInit(queue(s), { kmsMasterKeyId: KEY }),
      rules: [sqsEncryption],
      want: { desired: SAME, mutations: [], findings: [] },
    },
    {
      name: `${at}: SSE-SQS off with a KMS key passes`,
      reason: 'false only turns off the SQS owned keys; the KMS key encrypts',
      resource: queue(s, { sqsManagedSseEnabled: false, kmsMasterKeyId: KEY }),
      rules: [sqsEncryption],
      want: { desired: SAME, mutations: [], findings: [] },
    },
    {
      name: `${at}: neither set, SSE-SQS injected`,
      reason: 'the free, keyless option is the safe default',
      resource: queue(s),
      rules: [sqsEncryption],
      want: { desired: fixed(), mutations: [mutation(sqsEncryption, SSE, true)], findings: [] },
    },
    {
      name: `${at}: null values, SSE-SQS injected`,
      reason: 'null is unset',
      resource: queue(s, { sqsManagedSseEnabled: null, kmsMasterKeyId: null }),
      rules: [sqsEncryption],
      want: { desired: fixed({ kmsMasterKeyId: null }), mutations: [mutation(sqsEncryption, SSE, true)], findings: [] },
    },
    {
      name: `${at}: an empty KMS key, SSE-SQS injected`,
      reason: 'an empty key names no key; SSE-SQS does not conflict with it',
      resource: queue(s, { kmsMasterKeyId: '' }),
      rules: [sqsEncryption],
      want: { desired: fixed({ kmsMasterKeyId: '' }), mutations: [mutation(sqsEncryption, SSE, true)], findings: [] },
    },
    {
      name: `${at}: SSE-SQS off without a key, refused`,
      reason: 'explicitly unencrypted',
      resource: queue(s, { sqsManagedSseEnabled: false }),
      rules: [sqsEncryption],
      want: { desired: SAME, mutations: [], findings: [finding(sqsEncryption, 'Deny', SSE, offMessage(SSE))] },
    },
    {
      name: `${at}: SSE-SQS off with an empty key, refused`,
      reason: 'an empty key does not encrypt',
      resource: queue(s, { sqsManagedSseEnabled: false, kmsMasterKeyId: ' ' }),
      rules: [sqsEncryption],
      want: { desired: SAME, mutations: [], findings: [finding(sqsEncryption, 'Deny', SSE, offMessage(SSE))] },
    },
    {
      name: `${at}: SSE-SQS off in initProvider, refused`,
      reason: 'the queue would be created unencrypted',
      resource: withInit(queue(s), { sqsManagedSseEnabled: false }),
      rules: [sqsEncryption],
      want: { desired: SAME, mutations: [], findings: [finding(sqsEncryption, 'Deny', SSE_INIT, offMessage(SSE_INIT))] },
    },
    {
      name: `${at}: on in initProvider, off in forProvider, refused`,
      reason: 'each block is judged on its own: forProvider would turn encryption off after creation',
      resource: withInit(queue(s, { sqsManagedSseEnabled: false }), { sqsManagedSseEnabled: true }),
      rules: [sqsEncryption],
      want: { desired: SAME, mutations: [], findings: [finding(sqsEncryption, 'Deny', SSE, offMessage(SSE))] },
    },
    {
      name: `${at}: malformed sqsManagedSseEnabled, refused`,
      reason: 'a value of the wrong type is refused, never taken for on or off',
      resource: queue(s, { sqsManagedSseEnabled: 'true' }),
      rules: [sqsEncryption],
      want: { desired: SAME, mutations: [], findings: [finding(sqsEncryption, 'Deny', SSE, `${SSE} must be a boolean, got the string "true"`)] },
    },
    {
      name: `${at}: malformed kmsMasterKeyId, refused even beside SSE-SQS`,
      reason: 'a malformed field is reported wherever it is',
      resource: withInit(queue(s, { sqsManagedSseEnabled: true }), { kmsMasterKeyId: 42 }),
      rules: [sqsEncryption],
      want: { desired: SAME, mutations: [], findings: [finding(sqsEncryption, 'Deny', 'spec.initProvider.kmsMasterKeyId', 'spec.initProvider.kmsMasterKeyId must be a string, got number 42')] },
    },
    {
      name: `${at}: unreadable initProvider, refused`,
      reason: 'both blocks must be readable before the rule calls encryption absent',
      resource: withInit(queue(s), 'sse'),
      rules: [sqsEncryption],
      want: { desired: SAME, mutations: [], findings: [unreadable('Deny', 'spec.initProvider', 'spec.initProvider is the string "sse", not an object; the resource cannot be checked')] },
    },
    {
      name: `${at}: observe-only, nothing`,
      reason: 'Crossplane writes nothing to an observe-only queue',
      resource: withPolicies(queue(s, { sqsManagedSseEnabled: false }), ['Observe', 'LateInitialize']),
      rules: [sqsEncryption],
      want: { desired: SAME, mutations: [], findings: [] },
    },
    {
      name: `${at}: Warn, missing`,
      reason: 'under Warn the absence is reported at the field that would be injected',
      resource: queue(s),
      rules: [sqsEncryption],
      input: actions({ [sqsEncryption.id]: 'Warn' }),
      want: { desired: SAME, mutations: [], findings: [missed(sqsEncryption, 'Warn', SSE, MISSING, true)] },
    },
    {
      name: `${at}: Warn, off`,
      reason: 'under Warn the unsafe value is reported, not refused',
      resource: queue(s, { sqsManagedSseEnabled: false }),
      rules: [sqsEncryption],
      input: actions({ [sqsEncryption.id]: 'Warn' }),
      want: { desired: SAME, mutations: [], findings: [finding(sqsEncryption, 'Warn', SSE, offMessage(SSE))] },
    },
    {
      name: `${at}: Deny, missing`,
      reason: 'under Deny the author must choose',
      resource: queue(s),
      rules: [sqsEncryption],
      input: actions({ [sqsEncryption.id]: 'Deny' }),
      want: { desired: SAME, mutations: [], findings: [missed(sqsEncryption, 'Deny', SSE, MISSING, true)] },
    },
    {
      name: `${at}: Audit, missing`,
      reason: 'Audit lists the injection and changes nothing',
      resource: queue(s),
      rules: [sqsEncryption],
      input: input({ mode: 'Audit' }),
      want: { desired: SAME, mutations: [mutation(sqsEncryption, SSE, true)], findings: [] },
    },
  ];
});

/** A Queue CRD from before SSE-SQS existed (provider versions built on Terraform AWS < 4.x), as Crossplane would send it. */
const legacyQueue: ReadonlyMap<string, Shape> = new Map([['sqs.aws.upbound.io/v1beta1|Queue', { kmsMasterKeyId: 's', messageRetentionSeconds: 'n', region: 's', tags: 'm' }]]);

const schemaCases: Case[] = [
  {
    name: 'a Queue whose installed CRD lacks sqsManagedSseEnabled: a notice, nothing injected',
    reason: 'the function never emits a field the CRD does not declare; it says so instead of passing silently',
    resource: queue(),
    rules: [sqsEncryption],
    schemas: legacyQueue,
    want: {
      desired: SAME,
      mutations: [],
      findings: [finding(sqsEncryption, 'Warn', SSE, 'sqs.aws.upbound.io/v1beta1 Queue has no field sqsManagedSseEnabled; nothing injected')],
    },
  },
  {
    name: 'the same Queue with a KMS key: nothing to say',
    reason: 'with a key the queue is encrypted; the missing field does not matter',
    resource: queue(SHAPES[0], { kmsMasterKeyId: KEY }),
    rules: [sqsEncryption],
    schemas: legacyQueue,
    want: { desired: SAME, mutations: [], findings: [] },
  },
];

const snsCases: Case[] = [
  ...guardCases({
    rule: snsEncryption,
    field: ['kmsMasterKeyId'],
    shapes: SHAPES,
    build: topic,
    safe: 'alias/aws/sns',
    unsafe: '',
    unsafeText: '""',
    malformed: 7,
    malformedText: 'number 7',
    type: 'a string',
    missing: 'topic encryption was not set',
    advice: 'name a KMS key (or remove it to get alias/aws/sns) so messages are encrypted at rest',
  }),
  ...SHAPES.flatMap((s): Case[] => [
    {
      name: `${snsEncryption.id} on ${s.label}: a customer managed key passes`,
      reason: 'any named key encrypts; a customer managed key is what AWS services that publish to the topic need',
      resource: topic(s, { kmsMasterKeyId: KEY }),
      rules: [snsEncryption],
      want: { desired: SAME, mutations: [], findings: [] },
    },
    {
      name: `${snsEncryption.id} on ${s.label}: a blank key is refused`,
      reason: 'whitespace names no key',
      resource: topic(s, { kmsMasterKeyId: '  ' }),
      rules: [snsEncryption],
      want: {
        desired: SAME,
        mutations: [],
        findings: [finding(snsEncryption, 'Deny', 'spec.forProvider.kmsMasterKeyId', 'spec.forProvider.kmsMasterKeyId is "  "; name a KMS key (or remove it to get alias/aws/sns) so messages are encrypted at rest')],
      },
    },
  ]),
];

const both: Case[] = [
  {
    name: 'MESSAGING_RULES leave a Topic to the SNS rule and a Queue to the SQS rule',
    reason: 'each rule matches its own kind only',
    resource: topic(),
    rules: MESSAGING_RULES,
    want: {
      desired: injected(topic(), { kmsMasterKeyId: 'alias/aws/sns' }, snsEncryption.id),
      mutations: [mutation(snsEncryption, 'spec.forProvider.kmsMasterKeyId', 'alias/aws/sns')],
      findings: [],
    },
  },
];

describe('SQS and SNS encryption', () => {
  it.each([...sqsCases, ...schemaCases, ...snsCases, ...both])('$name', (c) => runCase(c));
});
