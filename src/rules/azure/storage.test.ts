import { describe, it } from 'vitest';
import {
  actions,
  booleanGuard,
  finding,
  guardCases,
  injected,
  mutation,

  runCase,
  SAME,
  served,
  withInit,
  type Case,
  type Served,
} from '../../../test/builders/aws-data.js';
import { azureResource, stringGuard, THREE_SHAPES, TWO_SHAPES } from '../../../test/builders/azure-data.js';
import type { KubeObject } from '../../engine/types.js';
import {
  STORAGE_RULES,
  storageContainerPrivate,
  storageHttpsOnly,
  storageMinTls,
  storageNestedItemsPrivate,
  storageNetworkDefaultDeny,
  storagePublicNetwork,
  storagePublicNetworkApproval,
} from './storage.js';

const account = (s: Served = THREE_SHAPES[1]!, forProvider: Record<string, unknown> = {}): KubeObject =>
  azureResource('storage', 'Account', s, { resourceGroupName: 'rg', accountTier: 'Standard', accountReplicationType: 'LRS', ...forProvider });
const container = (s: Served = TWO_SHAPES[0]!, forProvider: Record<string, unknown> = {}): KubeObject => azureResource('storage', 'Container', s, { storageAccountNameRef: { name: 'data' }, ...forProvider });
const networkRules = (s: Served = TWO_SHAPES[0]!, forProvider: Record<string, unknown> = {}): KubeObject => azureResource('storage', 'AccountNetworkRules', s, { storageAccountIdRef: { name: 'data' }, ...forProvider });

/** A single nested block in the shape of `s`. */
const block = (s: Served, fields: Record<string, unknown>) => (s.blocks === 'array' ? [fields] : fields);
const inBlock = (s: Served, field: string) => `spec.forProvider.networkRules${s.blocks === 'array' ? '[0]' : ''}.${field}`;

const guards: Case[] = [
  ...guardCases({
    rule: storageHttpsOnly,
    field: ['httpsTrafficOnlyEnabled'],
    shapes: THREE_SHAPES,
    build: account,
    ...booleanGuard(true),
    missing: 'HTTPS-only traffic was not required',
    advice: 'set it to true (or remove it) so the account refuses plain HTTP',
  }),
  ...guardCases({
    rule: storageMinTls,
    field: ['minTlsVersion'],
    shapes: THREE_SHAPES,
    build: account,
    ...stringGuard('TLS1_2', 'TLS1_0'),
    missing: 'no minimum TLS version was set',
    advice: 'set it to "TLS1_2" (or remove it): TLS 1.0 and 1.1 have known weaknesses and Azure is retiring them',
  }),
  ...guardCases({
    rule: storageNestedItemsPrivate,
    field: ['allowNestedItemsToBePublic'],
    shapes: THREE_SHAPES,
    build: account,
    ...booleanGuard(false),
    missing: 'anonymous access to containers and blobs was not turned off',
    advice: 'set it to false (or remove it); share data with SAS tokens or Entra ID roles instead of anonymous reads',
  }),
  ...guardCases({
    rule: storageContainerPrivate,
    field: ['containerAccessType'],
    shapes: TWO_SHAPES,
    build: container,
    ...stringGuard('private', 'container'),
    missing: 'the container access type was not set',
    advice: 'set it to "private" (or remove it): "blob" lets anyone read every blob by its URL, "container" also lets anyone list them',
  }),
];

const HTTPS_ADVICE = 'set it to true (or remove it) so the account refuses plain HTTP';

/** The older name of the HTTPS field, which a cluster may still serve. */
const aliases: Case[] = [
  {
    name: 'enableHttpsTrafficOnly false (the older name): refused, nothing injected beside it',
    reason: 'an explicit unsafe value under the old name is as explicit as under the new one',
    resource: account(THREE_SHAPES[0], { enableHttpsTrafficOnly: false }),
    rules: [storageHttpsOnly],
    want: { desired: SAME, mutations: [], findings: [finding(storageHttpsOnly, 'Deny', 'spec.forProvider.enableHttpsTrafficOnly', `spec.forProvider.enableHttpsTrafficOnly is false; ${HTTPS_ADVICE}`)] },
  },
  {
    name: 'enableHttpsTrafficOnly true: counts as set, nothing injected',
    reason: 'on a CRD that has only the old name, injecting the new one would be an unknown field',
    resource: account(THREE_SHAPES[0], { enableHttpsTrafficOnly: true }),
    rules: [storageHttpsOnly],
    want: { desired: SAME, mutations: [], findings: [] },
  },
  {
    name: 'enableHttpsTrafficOnly false in initProvider: refused',
    reason: 'initProvider is read under the old name too',
    resource: withInit(account(THREE_SHAPES[2]), { enableHttpsTrafficOnly: false }),
    rules: [storageHttpsOnly],
    want: { desired: SAME, mutations: [], findings: [finding(storageHttpsOnly, 'Deny', 'spec.initProvider.enableHttpsTrafficOnly', `spec.initProvider.enableHttpsTrafficOnly is false; ${HTTPS_ADVICE}`)] },
  },
  {
    name: 'the new name true and the old one false: the old one refused',
    reason: 'a version that has both applies either; both are judged',
    resource: account(THREE_SHAPES[0], { httpsTrafficOnlyEnabled: true, enableHttpsTrafficOnly: false }),
    rules: [storageHttpsOnly],
    want: { desired: SAME, mutations: [], findings: [finding(storageHttpsOnly, 'Deny', 'spec.forProvider.enableHttpsTrafficOnly', `spec.forProvider.enableHttpsTrafficOnly is false; ${HTTPS_ADVICE}`)] },
  },
  {
    name: 'enableHttpsTrafficOnly as a string: malformed',
    reason: 'a value of the wrong type is refused under the old name too',
    resource: account(THREE_SHAPES[0], { enableHttpsTrafficOnly: 'true' }),
    rules: [storageHttpsOnly],
    want: { desired: SAME, mutations: [], findings: [finding(storageHttpsOnly, 'Deny', 'spec.forProvider.enableHttpsTrafficOnly', 'spec.forProvider.enableHttpsTrafficOnly must be a boolean, got the string "true"')] },
  },
  {
    name: 'minTlsVersion TLS1_3: safe',
    reason: 'a newer version than the injected one is safe',
    resource: account(THREE_SHAPES[1], { minTlsVersion: 'TLS1_3' }),
    rules: [storageMinTls],
    want: { desired: SAME, mutations: [], findings: [] },
  },
];

const PUBLIC = [storagePublicNetwork, storagePublicNetworkApproval];
const held = (path: string, from: string) =>
  finding(storagePublicNetworkApproval, 'RequireApproval', path, `${path} is true: the account's endpoints are reachable from ${from}; approve only if it must serve clients outside the virtual network, otherwise set it to false and use a private endpoint`);

const publicNetwork: Case[] = THREE_SHAPES.flatMap((s): Case[] => [
  {
    name: `public network on ${s.label}: absent, false injected`,
    reason: 'Azure turns the public endpoint on; off is the safe default',
    resource: account(s),
    rules: PUBLIC,
    want: { desired: injected(account(s), { publicNetworkAccessEnabled: false }, storagePublicNetwork.id), mutations: [mutation(storagePublicNetwork, 'spec.forProvider.publicNetworkAccessEnabled', false)], findings: [] },
  },
  {
    name: `public network on ${s.label}: false passes`,
    reason: 'compliant',
    resource: account(s, { publicNetworkAccessEnabled: false }),
    rules: PUBLIC,
    want: { desired: SAME, mutations: [], findings: [] },
  },
  {
    name: `public network on ${s.label}: true is held, not refused nor overwritten`,
    reason: 'a public account may be legitimate; a person decides',
    resource: account(s, { publicNetworkAccessEnabled: true }),
    rules: PUBLIC,
    want: { desired: SAME, mutations: [], findings: [held('spec.forProvider.publicNetworkAccessEnabled', 'any address (its networkRules do not deny by default)')] },
  },
  {
    name: `public network on ${s.label}: true with network rules that deny by default, held naming their addresses`,
    reason: 'the message says how far the network rules let the internet in',
    resource: account(s, { publicNetworkAccessEnabled: true, networkRules: block(s, { defaultAction: 'Deny', ipRules: ['203.0.113.0/24'] }) }),
    rules: PUBLIC,
    want: { desired: SAME, mutations: [], findings: [held('spec.forProvider.publicNetworkAccessEnabled', 'the addresses its networkRules.ipRules name (203.0.113.0/24)')] },
  },
]);

const publicNetworkEdges: Case[] = [
  {
    name: 'public network true in initProvider only: held',
    reason: 'Upjet applies initProvider at creation',
    resource: withInit(account(), { publicNetworkAccessEnabled: true }),
    rules: PUBLIC,
    want: { desired: SAME, mutations: [], findings: [held('spec.initProvider.publicNetworkAccessEnabled', 'any address (its networkRules do not deny by default)')] },
  },
  {
    name: 'public network as a string: refused as malformed, not held as true',
    reason: 'a value of the wrong type is never passed',
    resource: account(undefined, { publicNetworkAccessEnabled: 'true' }),
    rules: PUBLIC,
    want: { desired: SAME, mutations: [], findings: [finding(storagePublicNetwork, 'Deny', 'spec.forProvider.publicNetworkAccessEnabled', 'spec.forProvider.publicNetworkAccessEnabled must be a boolean, got the string "true"')] },
  },
  {
    name: 'public network true, approval rule set to Deny: refused',
    reason: 'the platform may refuse public accounts outright',
    resource: account(undefined, { publicNetworkAccessEnabled: true }),
    rules: PUBLIC,
    input: actions({ [storagePublicNetworkApproval.id]: 'Deny' }),
    want: {
      desired: SAME,
      mutations: [],
      findings: [{ ...held('spec.forProvider.publicNetworkAccessEnabled', 'any address (its networkRules do not deny by default)'), action: 'Deny' }],
    },
  },
];

const DENY = storageNetworkDefaultDeny;
const allowMessage = (path: string) => `${path} is "Allow", so every network may reach the account and the rules named beside it restrict nothing; set it to "Deny" and name the subnets and addresses that need access`;

const defaultDeny: Case[] = [
  ...THREE_SHAPES.flatMap((s): Case[] => [
    {
      name: `network rules on Account ${s.label}: no block, nothing injected`,
      reason: 'only network rules that are written need a default; public access is judged by the public network rules',
      resource: account(s),
      rules: [DENY],
      want: { desired: SAME, mutations: [], findings: [] },
    },
    {
      name: `network rules on Account ${s.label}: a block without defaultAction gets Deny, in the block's own shape`,
      reason: 'the networks named there then restrict something',
      resource: account(s, { networkRules: block(s, { ipRules: ['203.0.113.0/24'] }) }),
      rules: [DENY],
      want: {
        desired: injected(account(s, { networkRules: block(s, { ipRules: ['203.0.113.0/24'] }) }), { networkRules: block(s, { ipRules: ['203.0.113.0/24'], defaultAction: 'Deny' }) }, DENY.id),
        mutations: [mutation(DENY, inBlock(s, 'defaultAction'), 'Deny')],
        findings: [],
      },
    },
    {
      name: `network rules on Account ${s.label}: Allow refused`,
      reason: 'an explicit Allow makes the named networks meaningless; never flipped silently',
      resource: account(s, { networkRules: block(s, { defaultAction: 'Allow', virtualNetworkSubnetIds: ['subnet-a'] }) }),
      rules: [DENY],
      want: { desired: SAME, mutations: [], findings: [finding(DENY, 'Deny', inBlock(s, 'defaultAction'), allowMessage(inBlock(s, 'defaultAction')))] },
    },
    {
      name: `network rules on Account ${s.label}: Deny with ipRules that split the internet in two, refused`,
      reason: 'a deny by default that allows every address is an allow, however the space is split',
      resource: account(s, { networkRules: block(s, { defaultAction: 'Deny', ipRules: ['0.0.0.0/1', '128.0.0.0/1'] }) }),
      rules: [DENY],
      want: {
        desired: SAME,
        mutations: [],
        findings: [
          finding(DENY, 'Deny', inBlock(s, 'ipRules'), `${inBlock(s, 'ipRules')} includes 0.0.0.0/1, 128.0.0.0/1, together the whole IPv4 internet: a default of Deny with these rules allows every address; list only the addresses that need access`),
        ],
      },
    },
    {
      name: `network rules on Account ${s.label}: Deny with named addresses and subnets passes`,
      reason: 'compliant',
      resource: account(s, { networkRules: block(s, { defaultAction: 'Deny', ipRules: ['203.0.113.7', '198.51.100.0/24'], virtualNetworkSubnetIds: ['subnet-a'] }) }),
      rules: [DENY],
      want: { desired: SAME, mutations: [], findings: [] },
    },
  ]),
  ...TWO_SHAPES.flatMap((s): Case[] => [
    {
      name: `AccountNetworkRules ${s.label}: no defaultAction, Deny injected`,
      reason: 'the resource exists to restrict the account; its default must deny',
      resource: networkRules(s, { ipRules: ['203.0.113.0/24'] }),
      rules: [DENY],
      want: { desired: injected(networkRules(s, { ipRules: ['203.0.113.0/24'] }), { defaultAction: 'Deny' }, DENY.id), mutations: [mutation(DENY, 'spec.forProvider.defaultAction', 'Deny')], findings: [] },
    },
    {
      name: `AccountNetworkRules ${s.label}: Allow refused`,
      reason: 'an explicit Allow is refused, never flipped',
      resource: networkRules(s, { defaultAction: 'Allow' }),
      rules: [DENY],
      want: { desired: SAME, mutations: [], findings: [finding(DENY, 'Deny', 'spec.forProvider.defaultAction', allowMessage('spec.forProvider.defaultAction'))] },
    },
    {
      name: `AccountNetworkRules ${s.label}: 0.0.0.0/0 in ipRules refused`,
      reason: 'the whole space in one CIDR',
      resource: networkRules(s, { defaultAction: 'Deny', ipRules: ['0.0.0.0/0'] }),
      rules: [DENY],
      want: {
        desired: SAME,
        mutations: [],
        findings: [finding(DENY, 'Deny', 'spec.forProvider.ipRules', 'spec.forProvider.ipRules includes 0.0.0.0/0, together the whole IPv4 internet: a default of Deny with these rules allows every address; list only the addresses that need access')],
      },
    },
  ]),
  {
    name: 'AccountNetworkRules: Deny in forProvider, Allow in initProvider: the Allow refused',
    reason: 'each parameter block is judged',
    resource: withInit(networkRules(undefined, { defaultAction: 'Deny' }), { defaultAction: 'Allow' }),
    rules: [DENY],
    want: { desired: SAME, mutations: [], findings: [finding(DENY, 'Deny', 'spec.initProvider.defaultAction', allowMessage('spec.initProvider.defaultAction'))] },
  },
  {
    name: 'AccountNetworkRules: "deny" in lower case refused',
    reason: 'Azure validates the exact word; anything else is not a deny',
    resource: networkRules(undefined, { defaultAction: 'deny' }),
    rules: [DENY],
    want: {
      desired: SAME,
      mutations: [],
      findings: [
        finding(
          DENY,
          'Deny',
          'spec.forProvider.defaultAction',
          'spec.forProvider.defaultAction is "deny", so every network may reach the account and the rules named beside it restrict nothing; set it to "Deny" and name the subnets and addresses that need access',
        ),
      ],
    },
  },
  {
    name: 'malformed: defaultAction a boolean',
    reason: 'a value of the wrong type is refused',
    resource: networkRules(undefined, { defaultAction: true }),
    rules: [DENY],
    want: { desired: SAME, mutations: [], findings: [finding(DENY, 'Deny', 'spec.forProvider.defaultAction', 'spec.forProvider.defaultAction must be a string, got boolean true')] },
  },
  {
    name: 'malformed: ipRules a string, and an entry that is not a CIDR',
    reason: 'what cannot be judged is refused, never passed',
    resource: account(served('cluster', 'v1beta2'), { networkRules: { defaultAction: 'Deny', ipRules: ['10.0.0.0/33', 7] } }),
    rules: [DENY],
    want: {
      desired: SAME,
      mutations: [],
      findings: [
        finding(DENY, 'Deny', 'spec.forProvider.networkRules.ipRules[0]', 'spec.forProvider.networkRules.ipRules[0] is "10.0.0.0/33", not an address or CIDR: the prefix length 33 is more than 32; write one such as 198.51.100.0/24'),
        finding(DENY, 'Deny', 'spec.forProvider.networkRules.ipRules[1]', 'spec.forProvider.networkRules.ipRules[1] is number 7, not an address or CIDR; write one such as 198.51.100.0/24'),
      ],
    },
  },
  {
    name: 'malformed: ipRules not a list',
    reason: 'a string where a list belongs is refused',
    resource: networkRules(undefined, { defaultAction: 'Deny', ipRules: '0.0.0.0/0' }),
    rules: [DENY],
    want: { desired: SAME, mutations: [], findings: [finding(DENY, 'Deny', 'spec.forProvider.ipRules', 'spec.forProvider.ipRules must be a list of addresses or CIDRs, got the string "0.0.0.0/0"')] },
  },
  {
    name: 'malformed: networkRules a string on v1beta1',
    reason: 'a block of the wrong shape is refused where the default would be injected into it',
    resource: account(THREE_SHAPES[0], { networkRules: 'open' }),
    rules: [DENY],
    want: { desired: SAME, mutations: [], findings: [finding(DENY, 'Deny', 'spec.forProvider.networkRules', 'spec.forProvider.networkRules must be a list with one object, got the string "open"')] },
  },
];

/** A version no provider serves yet: judged, and injected in the shape its version implies (objects after v1beta1). */
const future: Case[] = [
  {
    name: 'an unknown future version (v1beta3): the absent value injected',
    reason: 'a new version of the kind is still the kind; the nearest known schema says the field exists',
    resource: account(served('cluster', 'v1beta3')),
    rules: [storageMinTls],
    want: { desired: injected(account(served('cluster', 'v1beta3')), { minTlsVersion: 'TLS1_2' }, storageMinTls.id), mutations: [mutation(storageMinTls, 'spec.forProvider.minTlsVersion', 'TLS1_2')], findings: [] },
  },
  {
    name: 'an unknown future version (v1): a block written as an object, its default injected inside it',
    reason: 'single nested blocks are objects after v1beta1',
    resource: account(served('cluster', 'v1'), { networkRules: { ipRules: ['203.0.113.0/24'] } }),
    rules: [DENY],
    want: {
      desired: injected(account(served('cluster', 'v1'), { networkRules: { ipRules: ['203.0.113.0/24'] } }), { networkRules: { ipRules: ['203.0.113.0/24'], defaultAction: 'Deny' } }, DENY.id),
      mutations: [mutation(DENY, 'spec.forProvider.networkRules.defaultAction', 'Deny')],
      findings: [],
    },
  },
  {
    name: 'an unknown future version: an explicit unsafe value refused',
    reason: 'never a silent pass because the version is new',
    resource: container(served('namespaced', 'v1beta2'), { containerAccessType: 'blob' }),
    rules: [storageContainerPrivate],
    want: {
      desired: SAME,
      mutations: [],
      findings: [
        finding(
          storageContainerPrivate,
          'Deny',
          'spec.forProvider.containerAccessType',
          'spec.forProvider.containerAccessType is "blob"; set it to "private" (or remove it): "blob" lets anyone read every blob by its URL, "container" also lets anyone list them',
        ),
      ],
    },
  },
];

describe('Azure storage', () => {
  it.each([...guards, ...aliases])('$name', (c) => runCase(c));
  it.each([...publicNetwork, ...publicNetworkEdges])('$name', (c) => runCase(c));
  it.each(defaultDeny)('$name', (c) => runCase(c));
  it.each(future)('$name', (c) => runCase(c));

  it('a new account with nothing set gets every safe value at once', () => {
    const s = THREE_SHAPES[2]!;
    runCase({
      name: 'all',
      reason: 'the catalog composes',
      resource: account(s),
      rules: STORAGE_RULES,
      want: {
        desired: injected(
          account(s),
          { httpsTrafficOnlyEnabled: true, minTlsVersion: 'TLS1_2', allowNestedItemsToBePublic: false, publicNetworkAccessEnabled: false },
          [storageHttpsOnly.id, storageMinTls.id, storageNestedItemsPrivate.id, storagePublicNetwork.id].sort().join(','),
        ),
        mutations: [
          mutation(storageHttpsOnly, 'spec.forProvider.httpsTrafficOnlyEnabled', true),
          mutation(storageMinTls, 'spec.forProvider.minTlsVersion', 'TLS1_2'),
          mutation(storageNestedItemsPrivate, 'spec.forProvider.allowNestedItemsToBePublic', false),
          mutation(storagePublicNetwork, 'spec.forProvider.publicNetworkAccessEnabled', false),
        ],
        findings: [],
      },
    });
  });
});


