/**
 * The adapter's contract with Crossplane: what passes through untouched,
 * the GuardrailsCompliant condition, and which results are emitted when.
 */
import { Capability, Ready, Severity, Status, Target, type RunFunctionRequest } from '@crossplane-org/function-sdk-typescript';
import { describe, expect, it } from 'vitest';
import { bucket, rdsInstance, sgRule, xr } from '../../test/builders.js';
import type { KubeObject } from '../engine/types.js';
import { runFunction, TTL_SECONDS } from './handler.js';

function request(desired: Record<string, KubeObject>, opts: { input?: Record<string, unknown>; composite?: KubeObject } = {}): RunFunctionRequest {
  return {
    meta: { tag: 'tag-1', capabilities: [] },
    observed: { composite: { resource: opts.composite ?? xr(), connectionDetails: {}, ready: Ready.READY_UNSPECIFIED }, resources: {} },
    desired: {
      composite: { resource: { apiVersion: 'platform.example.org/v1alpha1', kind: 'XDatabase', status: { endpoint: 'db.internal' } }, connectionDetails: {}, ready: Ready.READY_TRUE },
      resources: Object.fromEntries(
        Object.entries(desired).map(([name, resource]) => [name, { resource, connectionDetails: { password: Buffer.from('s3cret') }, ready: Ready.READY_TRUE }]),
      ),
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
    expect(db.resource?.spec).toEqual(rdsInstance({ storageEncrypted: true, publiclyAccessible: false, backupRetentionPeriod: 7, iamDatabaseAuthenticationEnabled: true }).spec);
  });

  it('announces a remediation once, then stays quiet while the verdict holds', () => {
    const first = runFunction(request({ db: rdsInstance() }));
    expect(first.conditions).toEqual([condition(Status.STATUS_CONDITION_TRUE, 'Remediated')]);
    expect(first.conditions[0]!.message).toBe(
      [
        'warning: [aws-rds-deletion-protection] db: deletion protection was not turned on, so a single delete call (or deleting the composite) removes the database; set deletionProtection: true where the data must survive; set spec.forProvider.deletionProtection to true',
        '[aws-rds-storage-encrypted] db: set spec.forProvider.storageEncrypted to true',
        '[aws-rds-public-access] db: set spec.forProvider.publiclyAccessible to false',
        '[aws-rds-backup-retention] db: set spec.forProvider.backupRetentionPeriod to 7',
        '[aws-rds-iam-auth] db: set spec.forProvider.iamDatabaseAuthenticationEnabled to true',
      ].join('\n'),
    );
    // A remediation with a warning: one Warning result of one line, which points at the condition.
    expect(first.results).toEqual([
      {
        severity: Severity.SEVERITY_WARNING,
        reason: 'Remediated',
        target: Target.TARGET_COMPOSITE_AND_CLAIM,
        message: 'function-guardrails changed 1 resource (4 fields), with 1 warning; see the GuardrailsCompliant condition.',
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
    const warned = 'warning: [aws-rds-deletion-protection] orders-db: deletion protection was not turned on, so a single delete call (or deleting the composite) removes the database; set deletionProtection: true where the data must survive; set spec.forProvider.deletionProtection to true';
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
      'Audit mode: nothing was changed or refused. In Enforce mode function-guardrails would refuse this request (1 violation) and change 2 resources (4 fields, 3 companions), with 2 warnings';
    expect(rsp.results.map((r) => [r.severity, r.reason, r.message])).toEqual([[Severity.SEVERITY_WARNING, 'AuditViolations', `${head}; see the GuardrailsCompliant condition.`]]);
    expect(rsp.conditions).toEqual([condition(Status.STATUS_CONDITION_FALSE, 'AuditViolations')]);
    expect(rsp.conditions[0]!.message).toBe(
      [
        `${head}:`,
        '[aws-rds-public-access] db: would be refused: spec.forProvider.publiclyAccessible is true; set it to false (or remove it) and reach the database from inside the VPC',
        'warning: [aws-s3-access-logging] b: no BucketLogging refers to this bucket; add one that sends access logs to the log bucket of the platform',
        'warning: [aws-rds-deletion-protection] db: deletion protection was not turned on, so a single delete call (or deleting the composite) removes the database; set deletionProtection: true where the data must survive; set spec.forProvider.deletionProtection to true',
        '[aws-s3-encryption] b: would set metadata.labels[guardrails.fn.crossplane.io/bucket] to "b"',
        '[aws-rds-storage-encrypted] db: would set spec.forProvider.storageEncrypted to true',
        '[aws-rds-backup-retention] db: would set spec.forProvider.backupRetentionPeriod to 7',
        '[aws-rds-iam-auth] db: would set spec.forProvider.iamDatabaseAuthenticationEnabled to true',
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
        ['Remediated', 'function-guardrails changed 1 resource (3 fields), with 1 warning; see the GuardrailsCompliant condition.'],
      ]);
      expect(before.conditions[0]?.message?.split('\n')).toEqual([
        'warning: [eu-only] db: AWS resources must stay in EU regions (waived by exceptions[0])',
        '[aws-rds-public-access] db: set spec.forProvider.publiclyAccessible to false',
        '[aws-rds-backup-retention] db: set spec.forProvider.backupRetentionPeriod to 7',
        '[aws-rds-iam-auth] db: set spec.forProvider.iamDatabaseAuthenticationEnabled to true',
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
