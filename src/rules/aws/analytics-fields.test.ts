import { describe, it } from 'vitest';
import { awsResource, booleanGuard, finding, guardCases, injected, mutation, runCase, SAME, served, type Case, type Served } from '../../../test/builders/aws-data.js';
import { defaultCases } from '../../../test/builders/gcp-data.js';
import type { KubeObject } from '../../engine/types.js';
import {
  cloudsearchHttps,
  cloudsearchTls,
  daxEncryption,
  daxEndpointTls,
  dmsEndpointSsl,
  memorydbTls,
  mskClientTls,
  mskInClusterTls,
  mskPublicAccess,
  qldbDeletionProtection,
  qldbPermissionsMode,
} from './analytics-fields.js';

// Cluster-scoped v1beta1 (single nested blocks as one-element lists), a later cluster-scoped version (objects), and namespaced v1beta1.
const SHAPES: Served[] = [served('cluster', 'v1beta1'), served('cluster', 'v1beta2'), served('namespaced', 'v1beta1')];

type Build = (s: Served, forProvider?: Record<string, unknown>) => KubeObject;
const build = (service: string, kind: string, base: Record<string, unknown>): Build => (s, forProvider = {}) => awsResource(service, kind, s, { ...base, ...forProvider });

const dax = build('dax', 'Cluster', { nodeType: 'dax.t3.small', replicationFactor: 1 });
const memorydb = build('memorydb', 'Cluster', { nodeType: 'db.t4g.small' });
const msk = build('kafka', 'Cluster', { kafkaVersion: '3.6.0', numberOfBrokerNodes: 3 });
const qldb = build('qldb', 'Ledger', {});
const cloudsearch = build('cloudsearch', 'Domain', {});
const dmsEndpoint = build('dms', 'Endpoint', { endpointType: 'source', engineName: 'postgres' });

const guards: Case[] = [
  ...guardCases({ rule: daxEncryption, field: ['serverSideEncryption', 'enabled'], shapes: SHAPES, build: dax, ...booleanGuard(true), missing: 'encryption at rest was not turned on (DAX leaves it off by default)', advice: 'set it to true (or remove it) so the cached items are encrypted at rest' }),
  ...guardCases({
    rule: daxEndpointTls,
    field: ['clusterEndpointEncryptionType'],
    shapes: SHAPES,
    build: dax,
    safe: 'TLS',
    unsafe: 'NONE',
    unsafeText: '"NONE"',
    malformed: true,
    malformedText: 'boolean true',
    type: 'a string',
    missing: 'the endpoint encryption was not set, so clients talk to the cache in clear text',
    advice: 'set it to "TLS" (or remove it) so clients reach the cache over TLS; the setting is chosen at creation',
  }),
  ...guardCases({
    rule: qldbPermissionsMode,
    field: ['permissionsMode'],
    shapes: SHAPES,
    build: qldb,
    safe: 'STANDARD',
    unsafe: 'ALLOW_ALL',
    unsafeText: '"ALLOW_ALL"',
    malformed: 1,
    malformedText: 'number 1',
    type: 'a string',
    missing: 'the permissions mode was not set',
    advice: 'set it to "STANDARD" so access is granted per table and command by IAM policies',
  }),
  ...guardCases({ rule: cloudsearchHttps, field: ['endpointOptions', 'enforceHttps'], shapes: SHAPES, build: cloudsearch, ...booleanGuard(true), missing: 'HTTPS was not enforced', advice: 'set it to true (or remove it) so searches and documents are not sent over plain HTTP' }),
  ...guardCases({
    rule: cloudsearchTls,
    field: ['endpointOptions', 'tlsSecurityPolicy'],
    shapes: SHAPES,
    build: cloudsearch,
    safe: 'Policy-Min-TLS-1-2-2019-07',
    unsafe: 'Policy-Min-TLS-1-0-2019-07',
    unsafeText: '"Policy-Min-TLS-1-0-2019-07"',
    malformed: 12,
    malformedText: 'number 12',
    type: 'a string',
    missing: 'no TLS policy was set, so the domain accepts TLS 1.0',
    advice: 'set it to "Policy-Min-TLS-1-2-2019-07" so clients must use TLS 1.2 or later',
  }),
  ...guardCases({
    rule: dmsEndpointSsl,
    field: ['sslMode'],
    shapes: SHAPES,
    build: dmsEndpoint,
    safe: 'require',
    unsafe: 'none',
    unsafeText: '"none"',
    malformed: true,
    malformedText: 'boolean true',
    type: 'a string',
    missing: 'the SSL mode was not set, so the replication connects to the database unencrypted (none)',
    advice: 'set it to require, verify-ca, verify-full so the migrated data and the database credentials are encrypted on the wire',
  }),
];

const defaults: Case[] = [
  ...defaultCases({ rule: memorydbTls, field: ['tlsEnabled'], shapes: SHAPES, build: memorydb, ...booleanGuard(true), advice: 'set it to true (or remove it: true is the default) so clients and replicas connect over TLS' }),
  ...defaultCases({
    rule: mskClientTls,
    field: ['encryptionInfo', 'encryptionInTransit', 'clientBroker'],
    shapes: SHAPES,
    build: msk,
    safe: 'TLS',
    unsafe: 'TLS_PLAINTEXT',
    unsafeText: '"TLS_PLAINTEXT"',
    malformed: true,
    malformedText: 'boolean true',
    type: 'a string',
    advice: 'set it to "TLS" (or remove it: TLS is the default) so producers and consumers cannot connect in plain text',
  }),
  ...defaultCases({ rule: mskInClusterTls, field: ['encryptionInfo', 'encryptionInTransit', 'inCluster'], shapes: SHAPES, build: msk, ...booleanGuard(true), advice: 'set it to true (or remove it: true is the default) so brokers replicate over TLS' }),
  ...defaultCases({
    rule: mskPublicAccess,
    field: ['brokerNodeGroupInfo', 'connectivityInfo', 'publicAccess', 'type'],
    shapes: SHAPES,
    build: msk,
    safe: 'DISABLED',
    unsafe: 'SERVICE_PROVIDED_EIPS',
    unsafeText: '"SERVICE_PROVIDED_EIPS"',
    malformed: false,
    malformedText: 'boolean false',
    type: 'a string',
    advice: 'set it to "DISABLED" (or remove it) and reach the brokers from inside the VPC',
  }),
  ...defaultCases({ rule: qldbDeletionProtection, field: ['deletionProtection'], shapes: SHAPES, build: qldb, ...booleanGuard(true), advice: 'set it to true (or remove it: true is the default) so the journal cannot be deleted by a single call' }),
];

const V1 = served('cluster', 'v1beta1');
const NS = served('namespaced', 'v1beta1');
const probes: Case[] = [
  {
    name: 'an agent gives MSK brokers public addresses: refused',
    reason: 'CKV_AWS_291: SERVICE_PROVIDED_EIPS puts every broker on the internet',
    resource: msk(V1, { brokerNodeGroupInfo: [{ instanceType: 'kafka.m5.large', connectivityInfo: [{ publicAccess: [{ type: 'SERVICE_PROVIDED_EIPS' }] }] }] }),
    rules: [mskPublicAccess],
    want: {
      desired: SAME,
      mutations: [],
      findings: [finding(mskPublicAccess, 'Deny', 'spec.forProvider.brokerNodeGroupInfo[0].connectivityInfo[0].publicAccess[0].type', 'spec.forProvider.brokerNodeGroupInfo[0].connectivityInfo[0].publicAccess[0].type is "SERVICE_PROVIDED_EIPS"; set it to "DISABLED" (or remove it) and reach the brokers from inside the VPC')],
    },
  },
  {
    name: 'an agent lets MSK clients connect in plain text: refused',
    reason: 'CKV_AWS_81',
    resource: msk(NS, { encryptionInfo: { encryptionInTransit: { clientBroker: 'PLAINTEXT' } } }),
    rules: [mskClientTls],
    want: { desired: SAME, mutations: [], findings: [finding(mskClientTls, 'Deny', 'spec.forProvider.encryptionInfo.encryptionInTransit.clientBroker', 'spec.forProvider.encryptionInfo.encryptionInTransit.clientBroker is "PLAINTEXT"; set it to "TLS" (or remove it: TLS is the default) so producers and consumers cannot connect in plain text')] },
  },
  {
    name: 'an agent opens a QLDB ledger to ALLOW_ALL: refused',
    reason: 'CKV_AWS_170',
    resource: qldb(NS, { permissionsMode: 'ALLOW_ALL' }),
    rules: [qldbPermissionsMode],
    want: { desired: SAME, mutations: [], findings: [finding(qldbPermissionsMode, 'Deny', 'spec.forProvider.permissionsMode', 'spec.forProvider.permissionsMode is "ALLOW_ALL"; set it to "STANDARD" so access is granted per table and command by IAM policies')] },
  },
  {
    name: 'a DAX cluster gets encryption at rest and TLS injected',
    reason: 'DAX defaults to neither',
    resource: dax(V1),
    rules: [daxEncryption, daxEndpointTls],
    want: {
      desired: injected(dax(V1), { serverSideEncryption: [{ enabled: true }], clusterEndpointEncryptionType: 'TLS' }, `${daxEncryption.id},${daxEndpointTls.id}`),
      mutations: [mutation(daxEncryption, 'spec.forProvider.serverSideEncryption', [{ enabled: true }]), mutation(daxEndpointTls, 'spec.forProvider.clusterEndpointEncryptionType', 'TLS')],
      findings: [],
    },
  },
];

describe('DAX, MemoryDB, MSK, QLDB, CloudSearch and DMS endpoint field rows', () => {
  it.each([...guards, ...defaults, ...probes])('$name', (c) => runCase(c));
});
