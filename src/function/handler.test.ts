/**
 * The adapter's contract with Crossplane: what passes through untouched,
 * the GuardrailsCompliant condition, and which results are emitted when.
 */
import { Capability, Ready, Severity, Status, Target, type RunFunctionRequest, type RunFunctionResponse } from '@crossplane-org/function-sdk-typescript';
import { describe, expect, it } from 'vitest';
import { bucket, carried, rdsInstance, sgRule, xr } from '../../test/builders.js';
import type { KubeObject } from '../engine/types.js';
import { runFunction, TTL_SECONDS } from './handler.js';

function request(
  desired: Record<string, KubeObject>,
  opts: { input?: Record<string, unknown>; composite?: KubeObject; observed?: Record<string, KubeObject>; ready?: Record<string, Ready> } = {},
): RunFunctionRequest {
  const state = (resources: Record<string, KubeObject>, ready: (name: string) => Ready) =>
    Object.fromEntries(Object.entries(resources).map(([name, resource]) => [name, { resource, connectionDetails: { password: Buffer.from('s3cret') }, ready: ready(name) }]));
  return {
    meta: { tag: 'tag-1', capabilities: [] },
    observed: {
      composite: { resource: opts.composite ?? xr(), connectionDetails: {}, ready: Ready.READY_UNSPECIFIED },
      // Crossplane never sets readiness in a request.
      resources: state(opts.observed ?? {}, () => Ready.READY_UNSPECIFIED),
    },
    desired: {
      composite: { resource: { apiVersion: 'platform.example.org/v1alpha1', kind: 'XDatabase', status: { endpoint: 'db.internal' } }, connectionDetails: {}, ready: Ready.READY_TRUE },
      resources: state(desired, (name) => opts.ready?.[name] ?? Ready.READY_TRUE),
    },
    input: opts.input,
    context: { 'apiextensions.crossplane.io/environment': { region: 'eu-west-1' } },
    extraResources: {},
    credentials: {},
    requiredResources: {},
    requiredSchemas: {},
  };
}

const condition = (status: Status, reason: string) =>
  expect.objectContaining({ type: 'GuardrailsCompliant', status, reason, target: Target.TARGET_COMPOSITE_AND_CLAIM });

describe('runFunction', () => {
  it('passes through the desired XR, its status, the context, and untouched resources with their details', () => {
    const cm = () => ({ cm: { apiVersion: 'v1', kind: 'ConfigMap', data: { a: 'b' } } });
    const req = request(cm());
    const rsp = runFunction(request(cm()));
    expect(rsp.meta).toEqual({ tag: 'tag-1', ttl: { seconds: TTL_SECONDS, nanos: 0 } });
    expect(rsp.desired).toEqual(req.desired);
    expect(rsp.context).toEqual(req.context);
    expect(rsp.results).toEqual([]);
    expect(rsp.conditions).toEqual([condition(Status.STATUS_CONDITION_TRUE, 'Compliant')]);
  });

  it('keeps connection details and readiness of a resource it mutates', () => {
    const rsp = runFunction(request({ db: rdsInstance() }));
    const db = rsp.desired!.resources.db!;
    expect(db.ready).toBe(Ready.READY_TRUE);
    expect(db.connectionDetails).toEqual({ password: Buffer.from('s3cret') });
    expect(db.resource?.spec).toEqual(rdsInstance({ storageEncrypted: true, publiclyAccessible: false, backupRetentionPeriod: 7, iamDatabaseAuthenticationEnabled: true, copyTagsToSnapshot: true, enabledCloudwatchLogsExports: ['postgresql'] }).spec);
  });

  it('announces a remediation once, then stays quiet while the verdict holds', () => {
    const first = runFunction(request({ db: rdsInstance() }));
    expect(first.conditions).toEqual([condition(Status.STATUS_CONDITION_TRUE, 'Remediated')]);
    expect(first.conditions[0]!.message).toBe(
      [
        'warning: [aws-rds-deletion-protection] db: deletion protection was not turned on, so a single delete call (or deleting the composite) removes the database; where the data must survive; set spec.forProvider.deletionProtection to true',
        '[aws-rds-storage-encrypted] db: set spec.forProvider.storageEncrypted to true',
        '[aws-rds-public-access] db: set spec.forProvider.publiclyAccessible to false',
        '[aws-rds-backup-retention] db: set spec.forProvider.backupRetentionPeriod to 7',
        '[aws-rds-iam-auth] db: set spec.forProvider.iamDatabaseAuthenticationEnabled to true',
        '[aws-db-copy-tags-to-snapshot] db: set spec.forProvider.copyTagsToSnapshot to true',
        '[aws-db-log-exports] db: set spec.forProvider.enabledCloudwatchLogsExports to ["postgresql"]',
      ].join('\n'),
    );
    // A remediation with a warning: one Warning result of one line, which points at the condition.
    expect(first.results).toEqual([
      {
        severity: Severity.SEVERITY_WARNING,
        reason: 'Remediated',
        target: Target.TARGET_COMPOSITE_AND_CLAIM,
        message: 'function-guardrails changed 1 resource (6 fields), with 1 warning; see the GuardrailsCompliant condition.',
      },
    ]);
    const c = first.conditions[0]!;
    const observedXr = xr({}, { conditions: [{ type: c.type, status: 'True', reason: c.reason, message: c.message }] });
    const second = runFunction(request({ db: rdsInstance() }, { composite: observedXr }));
    expect(second.results).toEqual([]);
    expect(second.conditions).toEqual(first.conditions);
  });

  it('keeps the verdict stable once a companion exists, so no new event', () => {
    const first = runFunction(request({ assets: bucket() }));
    const observed = Object.fromEntries(Object.entries(first.desired!.resources).map(([n, r]) => [n, { ...r }]));
    const c = first.conditions[0]!;
    const req = request({ assets: bucket() }, { composite: xr({}, { conditions: [{ type: c.type, status: 'True', reason: c.reason, message: c.message }] }) });
    req.observed!.resources = observed;
    const second = runFunction(req);
    expect(second.conditions).toEqual(first.conditions);
    expect(second.results).toEqual([]);
    expect(Object.keys(second.desired!.resources).sort()).toEqual(['assets', 'assets-encryption', 'assets-public-access-block', 'assets-versioning']);
  });

  describe('readiness', () => {
    const readiness = (rsp: RunFunctionResponse) => Object.fromEntries(Object.entries(rsp.desired!.resources).map(([n, r]) => [n, r.ready]));
    /** A resource as the cluster returns it: what was applied, with a status. */
    const withStatus = (obj: KubeObject | undefined, status: unknown): KubeObject => ({ ...obj, status });
    const readyIs = (status: string) => ({ conditions: [{ type: 'Synced', status: 'True' }, { type: 'Ready', status, reason: 'Available' }] });
    const emitted = (desired: Record<string, KubeObject>) => runFunction(request(desired)).desired!.resources;
    const companion = (name: string, owner: KubeObject = bucket()) => emitted({ assets: owner })[name]!.resource as KubeObject;
    const UNSET = Ready.READY_UNSPECIFIED;

    /** The cluster after the first call, its encryption companion with `status`. */
    const encryptionWith = (status: unknown) => ({ 'assets-encryption': withStatus(companion('assets-encryption'), status) });
    const companionCases: { name: string; reason: string; observed: Record<string, KubeObject>; want: Ready }[] = [
      { name: 'not created yet', reason: 'the first call: nothing to read, so no opinion', observed: {}, want: UNSET },
      { name: 'created, no status yet', reason: 'the provider has not reconciled it', observed: { 'assets-encryption': companion('assets-encryption') }, want: UNSET },
      { name: 'Ready True', reason: "the provider says it is ready, as function-auto-ready reads it", observed: encryptionWith(readyIs('True')), want: Ready.READY_TRUE },
      { name: 'Ready False', reason: 'the provider says it is not ready', observed: encryptionWith(readyIs('False')), want: Ready.READY_FALSE },
      { name: 'Ready Unknown', reason: 'unknown is no observation', observed: encryptionWith(readyIs('Unknown')), want: UNSET },
      { name: 'only Synced', reason: 'Synced says the spec was applied, not that the resource is ready', observed: encryptionWith({ conditions: [{ type: 'Synced', status: 'True' }] }), want: UNSET },
      { name: 'Ready status a boolean', reason: 'a condition status is the string "True", nothing else', observed: encryptionWith({ conditions: [{ type: 'Ready', status: true }] }), want: UNSET },
      { name: 'conditions not a list', reason: 'a malformed status is no observation', observed: encryptionWith({ conditions: { type: 'Ready', status: 'True' } }), want: UNSET },
      { name: 'status a string', reason: 'a malformed status is no observation', observed: encryptionWith('Ready'), want: UNSET },
      { name: 'a null condition beside Ready True', reason: 'what cannot be read is skipped; the Ready condition still counts', observed: encryptionWith({ conditions: [null, { type: 'Ready', status: 'True' }] }), want: Ready.READY_TRUE },
      { name: 'two Ready conditions, True and False', reason: 'conditions that disagree are not ready', observed: encryptionWith({ conditions: [{ type: 'Ready', status: 'True' }, { type: 'Ready', status: 'False' }] }), want: Ready.READY_FALSE },
      { name: 'two Ready conditions, True and Unknown', reason: 'only a Ready that is True everywhere is ready', observed: encryptionWith({ conditions: [{ type: 'Ready', status: 'True' }, { type: 'Ready', status: 'Unknown' }] }), want: UNSET },
      { name: 'another kind under that name', reason: "a ready resource of another kind says nothing about the companion", observed: { 'assets-encryption': { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'assets-encryption' }, status: readyIs('True') } }, want: UNSET },
    ];

    it.each(companionCases)('a companion: $name', ({ observed, want }) => {
      const rsp = runFunction(request({ assets: bucket() }, { observed }));
      expect(readiness(rsp)).toEqual({ assets: Ready.READY_TRUE, 'assets-encryption': want, 'assets-public-access-block': UNSET, 'assets-versioning': UNSET });
    });

    it('a carried companion: ready as the Object that carries it says', () => {
      const owner = carried(bucket({ metadata: { name: 'assets', namespace: 'team-a' } }));
      const observed = Object.fromEntries(
        ['assets-encryption', 'assets-public-access-block', 'assets-versioning'].map((n) => [n, withStatus(companion(n, owner), readyIs(n === 'assets-versioning' ? 'False' : 'True'))]),
      );
      expect((observed['assets-encryption'] as KubeObject).kind).toBe('Object');
      const rsp = runFunction(request({ assets: owner }, { observed }));
      expect(readiness(rsp)).toEqual({ assets: Ready.READY_TRUE, 'assets-encryption': Ready.READY_TRUE, 'assets-public-access-block': Ready.READY_TRUE, 'assets-versioning': Ready.READY_FALSE });
    });

    it('in Audit mode, an existing companion it keeps is ready as the cluster says', () => {
      // Audit adds nothing new, but never lets an existing companion drop out of desired state.
      const audit = { apiVersion: 'guardrails.fn.crossplane.io/v1beta1', kind: 'Guardrails', mode: 'Audit' };
      const rsp = runFunction(request({ assets: bucket() }, { input: audit, observed: encryptionWith(readyIs('True')) }));
      expect(readiness(rsp)).toEqual({ assets: Ready.READY_TRUE, 'assets-encryption': Ready.READY_TRUE });
    });

    const configMap = { apiVersion: 'v1', kind: 'ConfigMap', data: { a: 'b' } };
    const pipelineCases = [
      { name: 'unchanged, READY_FALSE, observed Ready True', reason: 'an earlier step said not ready: its word stands', resource: configMap, ready: Ready.READY_FALSE, status: readyIs('True'), want: Ready.READY_FALSE },
      { name: 'unchanged, unspecified, observed Ready True', reason: 'no opinion stays no opinion: deciding is function-auto-ready\'s part', resource: configMap, ready: UNSET, status: readyIs('True'), want: UNSET },
      { name: 'injected into, READY_FALSE, observed Ready True', reason: 'injecting fields does not change who decides readiness', resource: rdsInstance(), ready: Ready.READY_FALSE, status: readyIs('True'), want: Ready.READY_FALSE },
      { name: 'injected into, unspecified, observed Ready True', reason: 'injecting fields does not make guardrails decide readiness', resource: rdsInstance(), ready: UNSET, status: readyIs('True'), want: UNSET },
      { name: 'injected into, READY_TRUE, observed Ready False', reason: 'an earlier step said ready: its word stands', resource: rdsInstance(), ready: Ready.READY_TRUE, status: readyIs('False'), want: Ready.READY_TRUE },
    ];

    it.each(pipelineCases)("a pipeline's resource keeps its readiness: $name", ({ resource, ready, status, want }) => {
      const rsp = runFunction(request({ db: resource }, { ready: { db: ready }, observed: { db: withStatus(resource, status) } }));
      expect(readiness(rsp)).toEqual({ db: want });
    });

    it("a companion an earlier step already produced keeps that step's readiness", () => {
      // Guardrails twice in a pipeline: the second run finds the first one's companions in its desired state.
      const first = emitted({ assets: bucket() });
      const desired = Object.fromEntries(Object.entries(first).map(([n, r]) => [n, r.resource as KubeObject]));
      const observed = Object.fromEntries(Object.entries(desired).map(([n, r]) => [n, withStatus(r, readyIs('True'))]));
      const ready = { assets: Ready.READY_TRUE, 'assets-encryption': Ready.READY_FALSE, 'assets-public-access-block': UNSET, 'assets-versioning': Ready.READY_FALSE };
      const rsp = runFunction(request(desired, { ready, observed }));
      expect(readiness(rsp)).toEqual(ready);
    });
  });

  it('refuses an explicitly unsafe request with a one-line claim Warning, then one Fatal listing every violation and no warning', () => {
    const rsp = runFunction(
      request({
        'orders-db': rdsInstance({ publiclyAccessible: true }),
        ssh: sgRule({ fromPort: 22, toPort: 22, cidrBlocks: ['0.0.0.0/0'] }),
      }),
    );
    const refused = [
      '[aws-rds-public-access] orders-db: spec.forProvider.publiclyAccessible is true; set it to false (or remove it) and reach the database from inside the VPC',
      "[aws-ec2-sg-open-admin-ports] ssh: ingress from 0.0.0.0/0 allows tcp port 22, reaching 22 (SSH); allow only specific CIDRs (a VPN, a bastion, a load balancer's security group) or use SSM Session Manager (spec.forProvider.cidrBlocks)",
    ];
    const warned = 'warning: [aws-rds-deletion-protection] orders-db: deletion protection was not turned on, so a single delete call (or deleting the composite) removes the database; where the data must survive; set spec.forProvider.deletionProtection to true';
    const tail = 'function-guardrails refused this request (2 violations); nothing was applied or deleted. Fix each and resubmit.';
    const message = [...refused, warned, tail].join('\n');
    expect(rsp.results).toEqual([
      { severity: Severity.SEVERITY_WARNING, reason: 'Denied', target: Target.TARGET_COMPOSITE_AND_CLAIM, message: 'function-guardrails refused this request (2 violations), with 1 warning; see the GuardrailsCompliant condition.' },
      { severity: Severity.SEVERITY_FATAL, reason: 'Denied', target: Target.TARGET_COMPOSITE_AND_CLAIM, message: [...refused, tail].join('\n') },
    ]);
    expect(rsp.conditions).toEqual([{ type: 'GuardrailsCompliant', status: Status.STATUS_CONDITION_FALSE, reason: 'Denied', message, target: Target.TARGET_COMPOSITE_AND_CLAIM }]);

    // The next call, with the condition on the XR (Crossplane applies it beside a Fatal): the Fatal alone, every time.
    const c = rsp.conditions[0]!;
    const again = runFunction(
      request(
        { 'orders-db': rdsInstance({ publiclyAccessible: true }), ssh: sgRule({ fromPort: 22, toPort: 22, cidrBlocks: ['0.0.0.0/0'] }) },
        { composite: xr({}, { conditions: [{ type: c.type, status: 'False', reason: c.reason, message: c.message }] }) },
      ),
    );
    expect(again.results).toEqual([rsp.results[1]]);
  });

  it('refuses invalid input with every problem and its path', () => {
    const rsp = runFunction(request({}, { input: { apiVersion: 'guardrails.fn.crossplane.io/v1beta1', kind: 'Guardrails', mode: 'Sometimes', tags: { fromComposite: { owner: 'metadata.labels[team' } } } }));
    const message = [
      'invalid function-guardrails input: 2 problems',
      '  mode: Invalid option: expected one of "Enforce"|"Audit"',
      '  tags.fromComposite.owner: invalid field path: unterminated [ at position 15 of "metadata.labels[team"',
    ].join('\n');
    expect(rsp.results.map((r) => [r.severity, r.reason, r.message])).toEqual([
      [Severity.SEVERITY_WARNING, 'InvalidInput', 'function-guardrails refused this request: its Input is invalid (2 problems); see the GuardrailsCompliant condition.'],
      [Severity.SEVERITY_FATAL, 'InvalidInput', message],
    ]);
    expect(rsp.conditions).toEqual([{ type: 'GuardrailsCompliant', status: Status.STATUS_CONDITION_FALSE, reason: 'InvalidInput', message, target: Target.TARGET_COMPOSITE_AND_CLAIM }]);
  });

  it('in Audit mode changes nothing and reports what Enforce would do', () => {
    const audit = () => request({ db: rdsInstance({ publiclyAccessible: true }), b: bucket() }, { input: { apiVersion: 'guardrails.fn.crossplane.io/v1beta1', kind: 'Guardrails', mode: 'Audit' } });
    const req = audit();
    const rsp = runFunction(audit());
    expect(rsp.desired).toEqual(req.desired);
    const head =
      'Audit mode: nothing was changed or refused. In Enforce mode function-guardrails would refuse this request (1 violation) and change 2 resources (6 fields, 3 companions), with 2 warnings';
    expect(rsp.results.map((r) => [r.severity, r.reason, r.message])).toEqual([[Severity.SEVERITY_WARNING, 'AuditViolations', `${head}; see the GuardrailsCompliant condition.`]]);
    expect(rsp.conditions).toEqual([condition(Status.STATUS_CONDITION_FALSE, 'AuditViolations')]);
    expect(rsp.conditions[0]!.message).toBe(
      [
        `${head}:`,
        '[aws-rds-public-access] db: would be refused: spec.forProvider.publiclyAccessible is true; set it to false (or remove it) and reach the database from inside the VPC',
        'warning: [aws-s3-access-logging] b: no BucketLogging refers to this bucket; add one that sends access logs to the log bucket of the platform',
        'warning: [aws-rds-deletion-protection] db: deletion protection was not turned on, so a single delete call (or deleting the composite) removes the database; where the data must survive; set spec.forProvider.deletionProtection to true',
        '[aws-s3-encryption] b: would set metadata.labels[guardrails.fn.crossplane.io/bucket] to "b"',
        '[aws-rds-storage-encrypted] db: would set spec.forProvider.storageEncrypted to true',
        '[aws-rds-backup-retention] db: would set spec.forProvider.backupRetentionPeriod to 7',
        '[aws-rds-iam-auth] db: would set spec.forProvider.iamDatabaseAuthenticationEnabled to true',
        '[aws-db-copy-tags-to-snapshot] db: would set spec.forProvider.copyTagsToSnapshot to true',
        '[aws-db-log-exports] db: would set spec.forProvider.enabledCloudwatchLogsExports to ["postgresql"]',
        '[aws-s3-encryption] b: would add BucketServerSideEncryptionConfiguration b-encryption',
        '[aws-s3-public-access-block] b: would add BucketPublicAccessBlock b-public-access-block',
        '[aws-s3-versioning] b: would add BucketVersioning b-versioning',
      ].join('\n'),
    );
  });

  it('fails closed: an unexpected error is a Fatal result naming what failed', () => {
    const req = request({});
    req.desired!.resources = new Proxy(
      {},
      {
        ownKeys() {
          throw new Error('cannot enumerate resources');
        },
      },
    );
    const rsp = runFunction(req);
    const fatal = {
      severity: Severity.SEVERITY_FATAL,
      reason: 'EvaluationFailed',
      target: Target.TARGET_COMPOSITE_AND_CLAIM,
      message: 'function-guardrails failed: cannot enumerate resources; the request was refused (fail closed) and nothing was applied.',
    };
    expect(rsp.results).toEqual([
      {
        severity: Severity.SEVERITY_WARNING,
        reason: 'EvaluationFailed',
        target: Target.TARGET_COMPOSITE_AND_CLAIM,
        message: 'function-guardrails failed and refused this request (fail closed); see the GuardrailsCompliant condition.',
      },
      fatal,
    ]);
    // Once the XR carries the condition, the Fatal alone.
    const c = rsp.conditions[0]!;
    req.observed!.composite!.resource = xr({}, { conditions: [{ type: c.type, status: 'False', reason: c.reason, message: c.message }] });
    expect(runFunction(req).results).toEqual([fatal]);
  });

  describe('custom rules and exceptions', () => {
    const HEAD = { apiVersion: 'guardrails.fn.crossplane.io/v1beta1', kind: 'Guardrails' };
    const euOnly = { id: 'eu-only', match: { apiVersion: '*.aws.*upbound.io/*' }, expression: "object.spec.forProvider.region.startsWith('eu-')", message: 'AWS resources must stay in EU regions' };
    const usDb = () => rdsInstance({ region: 'us-east-1', storageEncrypted: true, deletionProtection: true });

    it('runs custom rules from the Input', () => {
      const rsp = runFunction(request({ db: usDb() }, { input: { ...HEAD, custom: [euOnly] } }));
      expect(rsp.results.at(-1)).toMatchObject({ severity: Severity.SEVERITY_FATAL, reason: 'Denied', message: expect.stringContaining('[eu-only] db: AWS resources must stay in EU regions') });
    });

    it('reads the clock it is given for exception expiry', () => {
      const input = { ...HEAD, custom: [euOnly], exceptions: [{ rules: ['eu-only'], expires: '2027-03-31', justification: 'US replica, ticket DATA-9' }] };
      const before = runFunction(request({ db: usDb() }, { input }), { now: () => Date.UTC(2027, 2, 31, 12) });
      // Remediated: the catalog still injects into the database; the waived eu-only finding is a warning.
      const active = 'exceptions[0] (eu-only) is active until 2027-03-31 and waives them on db (US replica, ticket DATA-9)';
      expect(before.results.map((r) => [r.reason, r.message])).toEqual([
        ['ExceptionActive', active],
        ['Remediated', 'function-guardrails changed 1 resource (5 fields), with 1 warning; see the GuardrailsCompliant condition.'],
      ]);
      expect(before.conditions[0]?.message?.split('\n')).toEqual([
        'warning: [eu-only] db: AWS resources must stay in EU regions (waived by exceptions[0])',
        '[aws-rds-public-access] db: set spec.forProvider.publiclyAccessible to false',
        '[aws-rds-backup-retention] db: set spec.forProvider.backupRetentionPeriod to 7',
        '[aws-rds-iam-auth] db: set spec.forProvider.iamDatabaseAuthenticationEnabled to true',
        '[aws-db-copy-tags-to-snapshot] db: set spec.forProvider.copyTagsToSnapshot to true',
        '[aws-db-log-exports] db: set spec.forProvider.enabledCloudwatchLogsExports to ["postgresql"]',
        active,
      ]);
      const after = runFunction(request({ db: usDb() }, { input }), { now: () => Date.UTC(2027, 3, 1) });
      expect(after.results.map((r) => r.reason)).toEqual(['ExceptionExpired', 'Denied', 'Denied']);
    });

    it('gives the same answer for the same Input whatever its key order, from the compiled cache', () => {
      const a = runFunction(request({ db: usDb() }, { input: { ...HEAD, custom: [euOnly] } }));
      const reordered = { custom: [Object.fromEntries(Object.entries(euOnly).reverse())], kind: HEAD.kind, apiVersion: HEAD.apiVersion };
      const b = runFunction(request({ db: usDb() }, { input: reordered }));
      expect(b).toEqual(a);
    });
  });

  it('says at debug level only that it ignored a malformed approval', () => {
    const HEAD = { apiVersion: 'guardrails.fn.crossplane.io/v1beta1', kind: 'Guardrails' };
    const req = request({ db: rdsInstance({ instanceClass: 'db.r6g.4xlarge', deletionProtection: true }) }, { input: { ...HEAD, rules: { 'aws-rds-instance-class': { allowed: ['db.t4g.*'] } } } });
    req.meta = { tag: 'tag-1', capabilities: [Capability.CAPABILITY_REQUIRED_RESOURCES] };
    const forged = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'mine', namespace: 'team-a', labels: { 'guardrails.fn.crossplane.io/approvals': 'true' } }, data: { [`sha256-${'0'.repeat(64)}`]: 'agent: me' } };
    req.requiredResources = { 'guardrails.fn.crossplane.io/approvals': { items: [{ resource: forged, connectionDetails: {}, ready: Ready.READY_UNSPECIFIED }] } };
    const debug: unknown[][] = [];
    const rsp = runFunction(req, { debug: (...args) => debug.push(args) });
    expect(debug).toEqual([['ignored approval: approval ConfigMap is outside the approval namespace', { source: 'team-a/mine', namespace: 'crossplane-system' }]]);
    expect(rsp.conditions[0]).toMatchObject({ reason: 'ApprovalRequired' });
    expect(JSON.stringify(rsp.results)).not.toContain('team-a/mine');
  });

  it('says at debug level only that an approval for another request released nothing', () => {
    const HEAD = { apiVersion: 'guardrails.fn.crossplane.io/v1beta1', kind: 'Guardrails' };
    const req = request({ db: rdsInstance({ instanceClass: 'db.r6g.4xlarge', deletionProtection: true }) }, { input: { ...HEAD, rules: { 'aws-rds-instance-class': { allowed: ['db.t4g.*'] } } } });
    req.meta = { tag: 'tag-1', capabilities: [Capability.CAPABILITY_REQUIRED_RESOURCES] };
    const other = `sha256-${'1'.repeat(64)}`;
    const approval = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'approvals', namespace: 'crossplane-system', labels: { 'guardrails.fn.crossplane.io/approvals': 'true' } }, data: { [other]: 'alice: for another XR' } };
    req.requiredResources = { 'guardrails.fn.crossplane.io/approvals': { items: [{ resource: approval, connectionDetails: {}, ready: Ready.READY_UNSPECIFIED }] } };
    const debug: unknown[][] = [];
    const rsp = runFunction(req, { debug: (...args) => debug.push(args) });
    expect(debug).toEqual([['ignored approval: it matches no request of this XR', { source: 'crossplane-system/approvals', digest: other }]]);
    expect(rsp.conditions[0]).toMatchObject({ reason: 'ApprovalRequired' });
    expect(JSON.stringify(rsp.results)).not.toContain(other);
  });
});
