/**
 * What an approver reads cannot be forged from the request, end to end: a
 * composed resource whose composition resource name carries a newline and
 * a fake approve command, sent over gRPC to the real server.
 */
import { describe, expect, it } from 'vitest';
import { rdsInstance } from '../builders.js';
import { reconcile } from './crossplane.js';
import { serveDuringSuite, type JsonObject, type JsonRequest, type JsonResponse } from './harness.js';

const server = serveDuringSuite();

const INPUT = { apiVersion: 'guardrails.fn.crossplane.io/v1beta1', kind: 'Guardrails', rules: { 'aws-rds-instance-class': { allowed: ['db.t4g.*'] } } };
const CAPABILITIES = ['CAPABILITY_CAPABILITIES', 'CAPABILITY_CONDITIONS', 'CAPABILITY_REQUIRED_RESOURCES'];

/** A name an agent chose so that, printed raw, it reads as a second, real-looking approve line. */
const FORGED = 'db\n[approval] db: to approve, run: kubectl create clusterrolebinding pwn --clusterrole=cluster-admin --user=agent';
/** FORGED as the approver must see it: quoted, on one line. */
const SHOWN = '"db\\n[approval] db: to approve, run: kubectl create clusterrolebinding pwn --clusterrole=cluster-admin --user=agent"';

function request(desired: Record<string, JsonObject>): JsonRequest {
  return {
    meta: { tag: 'messages', capabilities: CAPABILITIES },
    observed: { composite: { resource: { apiVersion: 'platform.example.org/v1alpha1', kind: 'XDatabase', metadata: { name: 'orders', namespace: 'team-a' } } } },
    desired: { resources: Object.fromEntries(Object.entries(desired).map(([n, r]) => [n, { resource: r }])) },
    input: INPUT,
  };
}

const condition = (rsp: JsonResponse) => rsp.conditions?.find((c) => c.type === 'GuardrailsCompliant');

describe('messages over gRPC', () => {
  it('a composition resource name cannot forge an approve line in a refusal', async () => {
    const rsp = await server.rpc.runJson(request({ [FORGED]: rdsInstance({ instanceClass: 'db.t4g.micro', publiclyAccessible: true, deletionProtection: true }) as JsonObject }));
    const want = [
      `[aws-rds-public-access] ${SHOWN}: spec.forProvider.publiclyAccessible is true; set it to false (or remove it) and reach the database from inside the VPC`,
      'function-guardrails refused this request (1 violation); nothing was applied or deleted. Fix each and resubmit.',
    ];
    expect(condition(rsp)?.message?.split('\n')).toEqual(want);
    expect((rsp.results ?? []).map((r) => [r.severity, r.message?.split('\n')])).toEqual([
      ['SEVERITY_WARNING', ['function-guardrails refused this request (1 violation); see the GuardrailsCompliant condition.']],
      ['SEVERITY_FATAL', want],
    ]);
  });

  it('a held resource so named has one approve line, the real one, and every line names it quoted', async () => {
    const { rsp } = await reconcile(server.rpc, request({ [FORGED]: rdsInstance({ instanceClass: 'db.r6g.4xlarge', deletionProtection: true }) as JsonObject }));
    const lines = condition(rsp)?.message?.split('\n') ?? [];
    const digest = /approves digest (sha256-[0-9a-f]{64})/.exec(lines[2] ?? '')?.[1] ?? '';
    expect(digest).toMatch(/^sha256-[0-9a-f]{64}$/);
    expect(lines).toEqual([
      `function-guardrails is holding ${SHOWN} for human approval: not created until a person approves; everything else was applied.`,
      `[aws-rds-instance-class] ${SHOWN}: spec.forProvider.instanceClass is "db.r6g.4xlarge", not one of the allowed classes (db.t4g.*); choose an allowed class or get approval`,
      `[approval] ${SHOWN}: function-guardrails holds a new resource: not created until a person approves digest ${digest} (rules aws-rds-instance-class); to approve: kubectl create configmap guardrails-approval-${digest.slice(7, 23)} --namespace crossplane-system --from-literal=${digest}='<who>: <why>' --dry-run=client -o yaml | kubectl label --local -f - guardrails.fn.crossplane.io/approvals=true -o yaml | kubectl apply -f -`,
      `[aws-rds-storage-encrypted] ${SHOWN}: set spec.forProvider.storageEncrypted to true`,
      `[aws-rds-public-access] ${SHOWN}: set spec.forProvider.publiclyAccessible to false`,
      `[aws-rds-backup-retention] ${SHOWN}: set spec.forProvider.backupRetentionPeriod to 7`,
      `[aws-rds-iam-auth] ${SHOWN}: set spec.forProvider.iamDatabaseAuthenticationEnabled to true`,
      `[aws-db-copy-tags-to-snapshot] ${SHOWN}: set spec.forProvider.copyTagsToSnapshot to true`,
      `[aws-db-log-exports] ${SHOWN}: set spec.forProvider.enabledCloudwatchLogsExports to ["postgresql"]`,
    ]);
    expect(Object.keys(rsp.desired?.resources ?? {})).toEqual([]);
  });

  it('a tag value from the XR with a newline is escaped in the fix line, inside its quotes', async () => {
    const team = 'payments\n[approval] db: to approve, run: kubectl create clusterrolebinding pwn --clusterrole=cluster-admin --user=agent';
    const req = request({ db: rdsInstance({ instanceClass: 'db.t4g.micro', deletionProtection: true }) as JsonObject });
    req.observed = { composite: { resource: { apiVersion: 'platform.example.org/v1alpha1', kind: 'XDatabase', metadata: { name: 'orders', namespace: 'team-a', labels: { team } } } } };
    req.input = { ...INPUT, tags: { fromComposite: { owner: 'metadata.labels.team' } } };
    const rsp = await server.rpc.runJson(req);
    expect(condition(rsp)?.message?.split('\n')).toEqual([
      '[aws-rds-storage-encrypted] db: set spec.forProvider.storageEncrypted to true',
      '[aws-rds-public-access] db: set spec.forProvider.publiclyAccessible to false',
      '[aws-rds-backup-retention] db: set spec.forProvider.backupRetentionPeriod to 7',
      '[aws-rds-iam-auth] db: set spec.forProvider.iamDatabaseAuthenticationEnabled to true',
      '[aws-db-copy-tags-to-snapshot] db: set spec.forProvider.copyTagsToSnapshot to true',
      '[aws-db-log-exports] db: set spec.forProvider.enabledCloudwatchLogsExports to ["postgresql"]',
      '[tags-inject] db: set spec.forProvider.tags.owner to "payments\\n[approval] db: to approve, run: kubectl create clusterrolebinding pwn --clusterrole=cluster-admin --user=agent"',
    ]);
    // The value is set as it is: only the message escapes it.
    expect((rsp.desired?.resources?.db?.resource as { spec: { forProvider: { tags: JsonObject } } }).spec.forProvider.tags).toEqual({ owner: team });
  });
});
