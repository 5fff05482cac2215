/**
 * The command line, in process (runCli with a fake terminal): exit codes,
 * each output format, standard input, bad input. test/cli.test.ts runs the
 * built binary for what needs a real process.
 */
import { mkdtempSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Ajv } from 'ajv';
import ajvDraft04 from 'ajv-draft-04';
import ajvFormats from 'ajv-formats';
import { describe, expect, it } from 'vitest';
import { runCli } from './main.js';

// CommonJS modules whose default export is under `default` when imported from ESM.
const AjvDraft04 = ajvDraft04.default;
const addFormats = ajvFormats.default;

const dir = mkdtempSync(join(tmpdir(), 'guardrails-cli-'));
const file = (name: string, text: string) => {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
};

const INPUT = file('input.yaml', 'apiVersion: guardrails.fn.crossplane.io/v1beta1\nkind: Guardrails\n');
const AUDIT = file('audit.yaml', 'apiVersion: guardrails.fn.crossplane.io/v1beta1\nkind: Guardrails\nmode: Audit\n');
const LIMITED = file(
  'limited.yaml',
  'apiVersion: guardrails.fn.crossplane.io/v1beta1\nkind: Guardrails\nrules:\n  aws-rds-instance-class:\n    allowed: ["db.t4g.*"]\n',
);
const INVALID = file('invalid.yaml', 'apiVersion: guardrails.fn.crossplane.io/v1beta1\nkind: Guardrails\nmode: Sometimes\n');
const COMPOSITION = new URL('../../examples/composition.yaml', import.meta.url).pathname;

const CONFIGMAP = `apiVersion: v1
kind: ConfigMap
metadata:
  name: settings
  namespace: team-a
data:
  a: b
`;
const RDS = (instanceClass: string) => `apiVersion: rds.aws.m.upbound.io/v1beta1
kind: Instance
metadata:
  name: db
  namespace: team-a
spec:
  forProvider:
    region: eu-west-1
    instanceClass: ${instanceClass}
    engine: postgres
    deletionProtection: true
    iamDatabaseAuthenticationEnabled: true
`;
const OPEN_SSH = `apiVersion: ec2.aws.m.upbound.io/v1beta1
kind: SecurityGroupIngressRule
metadata:
  name: ssh
  namespace: team-a
spec:
  forProvider:
    region: eu-west-1
    ipProtocol: tcp
    fromPort: 22
    toPort: 22
    cidrIpv4: 0.0.0.0/0
`;
const XR = `apiVersion: platform.example.org/v1alpha1
kind: AppStack
metadata:
  name: payments
  namespace: team-payments
  labels:
    team: payments
spec:
  parameters:
    region: eu-west-1
`;
const rendered = (name: string, body: string) => body.replace('metadata:\n', `metadata:\n  annotations:\n    crossplane.io/composition-resource-name: ${name}\n`);

const CM = file('configmap.yaml', CONFIGMAP);
const DB = file('db.yaml', RDS('db.t4g.micro'));
const BIG_DB = file('big-db.yaml', RDS('db.r6g.4xlarge'));
const SSH = file('ssh.yaml', `# an agent opens SSH to the world\n${OPEN_SSH}`);
const RENDER = file('render.yaml', `${XR}---\n${rendered('database', RDS('db.t4g.micro'))}---\napiVersion: render.crossplane.io/v1beta1\nkind: Result\nseverity: SEVERITY_NORMAL\nmessage: hello\n`);

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

async function run(args: string[], opts: { stdin?: string | Buffer[]; tty?: boolean; env?: NodeJS.ProcessEnv } = {}): Promise<Run> {
  let stdout = '';
  let stderr = '';
  const chunks = opts.stdin === undefined ? [] : typeof opts.stdin === 'string' ? [Buffer.from(opts.stdin)] : opts.stdin;
  const code = await runCli(args, {
    stdin: (async function* () {
      yield* chunks;
    })(),
    stdout: { write: (s: string) => (stdout += s), isTTY: opts.tty ?? false },
    stderr: { write: (s: string) => (stderr += s) },
    env: opts.env ?? {},
    version: () => '1.2.3',
    now: () => Date.parse('2026-12-01T00:00:00Z'),
  });
  return { code, stdout, stderr };
}

/** docs/cli-output.schema.json, compiled. */
const reportAjv = new Ajv({ allErrors: true, strict: false });
addFormats(reportAjv);
const validateReport = reportAjv.compile(JSON.parse(readFileSync(new URL('../../docs/cli-output.schema.json', import.meta.url), 'utf8')));

const json = (r: Run) => JSON.parse(r.stdout) as Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

describe('check: exit codes and verdicts', () => {
  const cases = [
    { name: 'compliant', reason: 'a ConfigMap breaks no rule', args: ['--input', INPUT, CM], want: { code: 0, outcome: 'compliant' } },
    {
      name: 'remediated',
      reason: 'a database without encryption is compliant once guardrails injects it: exit 0',
      args: ['--input', INPUT, DB],
      want: { code: 0, outcome: 'remediated' },
    },
    { name: 'refused', reason: 'SSH open to the internet is refused: exit 1', args: ['--input', INPUT, SSH], want: { code: 1, outcome: 'refused' } },
    {
      name: 'approval required',
      reason: 'an instance class beyond the allowed ones is held for a person: exit 1',
      args: ['--input', LIMITED, BIG_DB],
      want: { code: 1, outcome: 'approval-required' },
    },
    {
      name: 'audit mode',
      reason: 'in Audit mode nothing is enforced, so the refusal is reported and exit is 0',
      args: ['--input', AUDIT, SSH],
      want: { code: 0, outcome: 'audit-violations' },
    },
    {
      name: 'a Composition as input',
      reason: "the guardrails step's input is taken from the pipeline: its tags need an owner label the placeholder XR lacks",
      args: ['--input', COMPOSITION, DB],
      want: { code: 1, outcome: 'refused' },
    },
    {
      name: 'a Composition as input, with the XR',
      reason: 'with the XR the owner tag is read from its labels',
      args: ['--input', COMPOSITION, RENDER],
      want: { code: 0, outcome: 'remediated' },
    },
  ];
  it.each(cases)('$name', async ({ args, want }) => {
    const r = await run(['check', '--output', 'json', ...args]);
    expect({ code: r.code, outcome: json(r).verdict.outcome, stderr: r.stderr }).toEqual({ code: want.code, outcome: want.outcome, stderr: '' });
  });
});

describe('check: reading', () => {
  it('reads crossplane render output as is: the XR first, resources by their composition-resource-name, Results left out', async () => {
    const r = json(await run(['check', '--output', 'json', '--input', COMPOSITION, RENDER]));
    expect(Object.keys(r.resources)).toEqual(['database']);
    expect(r.mutations.filter((m: { path: string }) => m.path.startsWith('spec.forProvider.tags.'))).toEqual([
      { rule: 'tags-inject', resource: 'database', path: 'spec.forProvider.tags.managed-by', value: 'crossplane', location: { file: RENDER, line: 20 } },
      { rule: 'tags-inject', resource: 'database', path: 'spec.forProvider.tags.owner', value: 'payments', location: { file: RENDER, line: 20 } },
    ]);
  });

  it('takes off the metadata crossplane render adds after the pipeline, which the function never sees', async () => {
    const meta = 'metadata:\n  annotations:\n    crossplane.io/composition-resource-name: database\n    keep: me\n  generateName: payments-\n  labels:\n    crossplane.io/composite: payments\n    team: a\n  ownerReferences:\n    - {apiVersion: platform.example.org/v1alpha1, kind: AppStack, name: payments, uid: "", controller: true}\n';
    const r = json(await run(['check', '--output', 'json', '--input', INPUT, file('rendered-meta.yaml', `${XR}---\n${RDS('db.t4g.micro').replace(/metadata:\n {2}name: db\n {2}namespace: team-a\n/, meta)}`)]));
    expect(r.resources.database.metadata).toEqual({
      annotations: { keep: 'me', 'guardrails.fn.crossplane.io/mutated-by': 'aws-db-copy-tags-to-snapshot,aws-db-log-exports,aws-rds-backup-retention,aws-rds-public-access,aws-rds-storage-encrypted' },
      labels: { team: 'a' },
    });
  });

  it('says which document it took as the XR', async () => {
    const found = json(await run(['check', '--output', 'json', '--input', COMPOSITION, RENDER]));
    const none = json(await run(['check', '--output', 'json', '--input', INPUT, DB]));
    expect([found.xr, none.xr]).toEqual([
      { apiVersion: 'platform.example.org/v1alpha1', kind: 'AppStack', name: 'payments', placeholder: false, location: { file: RENDER, line: 1 } },
      { apiVersion: 'guardrails.fn.crossplane.io/v1alpha1', kind: 'PlaceholderComposite', name: 'placeholder', placeholder: true },
    ]);
  });

  it('takes the XR from --xr, and names resources without the annotation <kind>-<name>', async () => {
    const xr = file('xr.yaml', XR);
    const r = json(await run(['check', '--output', 'json', '--input', COMPOSITION, '--xr', xr, DB]));
    expect({ outcome: r.verdict.outcome, resources: Object.keys(r.resources) }).toEqual({ outcome: 'remediated', resources: ['instance-db'] });
  });

  it('reads standard input for -', async () => {
    const r = await run(['check', '--output', 'json', '--input', INPUT, '-'], { stdin: OPEN_SSH });
    expect({ code: r.code, finding: json(r).findings[0] }).toMatchObject({
      code: 1,
      finding: { rule: 'aws-ec2-sg-open-admin-ports', action: 'Deny', resource: 'securitygroupingressrule-ssh', path: 'spec.forProvider.cidrIpv4', location: { file: '-', line: 12 } },
    });
  });

  it('reads JSON and a kubectl List', async () => {
    const list = file('list.json', JSON.stringify({ apiVersion: 'v1', kind: 'List', items: [{ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'a', namespace: 'x' } }] }));
    const r = json(await run(['check', '--output', 'json', '--input', INPUT, list]));
    expect(Object.keys(r.resources)).toEqual(['configmap-a']);
  });

  it('applies approvals given with --approvals', async () => {
    const held = json(await run(['check', '--output', 'json', '--input', LIMITED, BIG_DB]));
    const digest = held.held[0].digest as string;
    const approval = file('approval.yaml', `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ok\n  namespace: crossplane-system\n  labels:\n    guardrails.fn.crossplane.io/approvals: "true"\ndata:\n  ${digest}: "maria: backfill"\n`);
    const r = await run(['check', '--output', 'json', '--input', LIMITED, '--approvals', approval, BIG_DB]);
    const report = json(r);
    expect({ code: r.code, outcome: report.verdict.outcome, held: report.held.map((h: { status: string; approvedBy?: string }) => [h.status, h.approvedBy]), remedy: report.findings.find((f: { rule: string }) => f.rule === 'aws-rds-instance-class')?.remedy }).toEqual({
      code: 0,
      outcome: 'remediated',
      held: [['Released', 'maria: backfill']],
      remedy: `nothing: digest ${digest} is approved`,
    });
    expect(validateReport(report) ? [] : validateReport.errors).toEqual([]);
  });
});

describe('check: bad input exits 2 with one message naming the file and line', () => {
  const big = Buffer.alloc(1024 * 1024, 'a: b\n');
  const cases = [
    { name: 'broken YAML', reason: 'an unclosed flow sequence', args: [file('broken.yaml', 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\n bad: x\n')], want: /^function-guardrails: .*broken\.yaml:5: invalid YAML: All mapping items must start at the same column\n$/ },
    { name: 'broken YAML on stdin', reason: 'named -', args: ['-'], stdin: 'kind: [\n', want: /^function-guardrails: -:2: invalid YAML: / },
    { name: 'a duplicate key', reason: 'which value counts would be a guess', args: [file('dup.yaml', 'apiVersion: v1\nkind: ConfigMap\nkind: Secret\n')], want: /dup\.yaml:3: invalid YAML: Map keys must be unique/ },
    { name: 'no apiVersion', reason: 'not a Kubernetes object', args: [file('noapi.yaml', CONFIGMAP + '---\nkind: ConfigMap\nmetadata: {name: x}\n')], want: /noapi\.yaml:9: a document has no apiVersion\n$/ },
    { name: 'no kind', reason: 'not a Kubernetes object', args: [file('nokind.yaml', 'apiVersion: v1\n')], want: /nokind\.yaml:1: a document has no kind\n$/ },
    { name: 'a scalar document', reason: 'not an object', args: [file('scalar.yaml', 'hello\n')], want: /scalar\.yaml:1: a document is a string, not a Kubernetes object\n$/ },
    { name: 'an empty file', reason: 'nothing to judge is not a pass', args: [file('empty.yaml', '')], want: /empty\.yaml: no composed resources to check\n$/ },
    { name: 'only an XR', reason: 'nothing composed to judge', args: [file('only-xr.yaml', XR)], want: /only-xr\.yaml: no composed resources to check \(.*only-xr\.yaml:1 is taken as the XR\)\n$/ },
    { name: 'a missing file', reason: 'unreadable', args: [join(dir, 'nope.yaml')], want: /nope\.yaml: cannot read: no such file\n$/ },
    { name: 'a directory', reason: 'unreadable as a file', args: [dir], want: /: is a directory; name the files\n$/ },
    { name: 'an invalid Input', reason: 'validated as the function validates it', args: ['--input', INVALID, CM], want: /invalid\.yaml:1: invalid function-guardrails input:\n {2}mode: / },
    { name: 'a Composition without guardrails', reason: 'nothing to take the input from', args: ['--input', file('comp.yaml', 'apiVersion: apiextensions.crossplane.io/v1\nkind: Composition\nspec:\n  pipeline:\n    - step: a\n      functionRef: {name: function-auto-ready}\n'), CM], want: /comp\.yaml:1: the Composition's pipeline has no guardrails step/ },
    { name: 'a 50 MB stream', reason: 'larger than a request the function accepts', args: ['-'], stdin: Array.from({ length: 50 }, () => big), want: /^function-guardrails: -: the input is larger than 16 MiB/ },
    { name: 'an unknown flag', reason: 'usage error', args: ['--colour', CM], want: /Unknown option '--colour'/ },
    { name: 'no file', reason: 'usage error', args: [], want: /check needs at least one FILE/ },
    { name: 'an unknown output', reason: 'usage error', args: ['--output', 'xml', CM], want: /--output must be one of text, json, sarif/ },
  ];
  it.each(cases)('$name', async ({ args, stdin, want }) => {
    const r = await run(['check', ...args], stdin !== undefined ? { stdin: typeof stdin === 'string' ? stdin : stdin } : {});
    expect({ code: r.code, stdout: r.stdout }).toEqual({ code: 2, stdout: '' });
    expect(r.stderr).toMatch(want);
    expect(r.stderr).not.toMatch(/\n\s+at /); // no stack trace
  });
});

describe('check --output text', () => {
  it('puts the rule ID first, says what to do, shows injections as a field diff, without colour off a TTY', async () => {
    const r = await run(['check', '--input', INPUT, SSH, DB]);
    expect(r.stdout).toBe(
      [
        `aws-ec2-sg-open-admin-ports Deny securitygroupingressrule-ssh spec.forProvider.cidrIpv4 (${SSH}:13)`,
        "  ingress from 0.0.0.0/0 allows tcp port 22, reaching 22 (SSH); allow only specific CIDRs (a VPN, a bastion, a load balancer's security group) or use SSM Session Manager",
        '  fix: change spec.forProvider.cidrIpv4 as the message says (No internet ingress to admin or database ports)',
        `~ instance-db (${DB}:7): function-guardrails sets`,
        '  + spec.forProvider.storageEncrypted: true  [aws-rds-storage-encrypted]',
        '  + spec.forProvider.publiclyAccessible: false  [aws-rds-public-access]',
        '  + spec.forProvider.backupRetentionPeriod: 7  [aws-rds-backup-retention]',
        '  + spec.forProvider.copyTagsToSnapshot: true  [aws-db-copy-tags-to-snapshot]',
        '  + spec.forProvider.enabledCloudwatchLogsExports: ["postgresql"]  [aws-db-log-exports]',
        'XR: none found, a placeholder without labels (give one with --xr)',
        'refused: 1 violation; fix each and check again',
        '',
      ].join('\n'),
    );
  });

  it('colours on a TTY, and not with NO_COLOR', async () => {
    const tty = await run(['check', '--input', INPUT, SSH], { tty: true });
    const noColor = await run(['check', '--input', INPUT, SSH], { tty: true, env: { NO_COLOR: '1' } });
    expect({ tty: tty.stdout.includes('\x1b[31mDeny\x1b[0m'), noColor: noColor.stdout.includes('\x1b[') }).toEqual({ tty: true, noColor: false });
  });

  it('escapes what the input controls: a resource cannot write to the terminal', async () => {
    const evil = file('evil.yaml', rendered('"x\\u001b[2Jy"', OPEN_SSH));
    const r = await run(['check', '--input', INPUT, evil], { tty: false });
    expect({ escaped: r.stdout.includes('x\\u001b[2Jy'), raw: r.stdout.includes('\x1b') }).toEqual({ escaped: true, raw: false });
  });
});

describe('check --output json', () => {
  const validate = validateReport;
  const cases = [
    { name: 'refused', args: ['--input', INPUT, SSH, DB] },
    { name: 'held', args: ['--input', LIMITED, BIG_DB] },
    { name: 'companions and tags', args: ['--input', COMPOSITION, file('bucket.yaml', `${XR}---\napiVersion: s3.aws.m.upbound.io/v1beta1\nkind: Bucket\nmetadata:\n  name: assets\nspec:\n  forProvider:\n    region: eu-west-1\n`)] },
    { name: 'audit', args: ['--input', AUDIT, SSH] },
  ];
  it.each(cases)('validates against docs/cli-output.schema.json: $name', async ({ args }) => {
    const r = await run(['check', '--output', 'json', ...args]);
    expect(validate(json(r)) ? [] : validate.errors).toEqual([]);
  });

  it('says what to set, for an agent to act on', async () => {
    const r = json(await run(['check', '--output', 'json', '--input', file('deny.yaml', 'apiVersion: guardrails.fn.crossplane.io/v1beta1\nkind: Guardrails\nrules:\n  aws-rds-storage-encrypted: {action: Deny}\n'), DB]));
    expect(r.findings.find((f: { rule: string }) => f.rule === 'aws-rds-storage-encrypted')).toEqual({
      rule: 'aws-rds-storage-encrypted',
      action: 'Deny',
      resource: 'instance-db',
      path: 'spec.forProvider.storageEncrypted',
      message: expect.any(String),
      remedy: 'set spec.forProvider.storageEncrypted to true',
      fix: { path: 'spec.forProvider.storageEncrypted', value: true },
      location: { file: expect.stringMatching(/db\.yaml$/), line: 7 },
    });
  });
});

describe('check --output sarif', () => {
  // The official SARIF 2.1.0 schema (see test/fixtures/sarif/README.md for where it comes from).
  const schema = JSON.parse(readFileSync(new URL('../../test/fixtures/sarif/sarif-schema-2.1.0.json', import.meta.url), 'utf8'));
  const ajv = new AjvDraft04({ allErrors: true, strict: false });
  addFormats(ajv);
  const validate = ajv.compile(schema);

  it('is a valid SARIF 2.1.0 log with rules from the catalog and physical and logical locations', async () => {
    const r = await run(['check', '--output', 'sarif', '--input', INPUT, SSH, DB]);
    const log = json(r);
    expect(validate(log) ? [] : validate.errors).toEqual([]);
    const run0 = log.runs[0];
    expect({
      code: r.code,
      rule: { id: run0.tool.driver.rules[0].id, help: run0.tool.driver.rules[0].help.text.split('\n')[0], version: run0.tool.driver.version },
      result: run0.results[0],
    }).toEqual({
      code: 1,
      rule: { id: 'aws-ec2-sg-open-admin-ports', help: expect.stringMatching(/./), version: '1.2.3' },
      result: {
        ruleId: 'aws-ec2-sg-open-admin-ports',
        ruleIndex: 0,
        level: 'error',
        message: { text: expect.stringMatching(/^securitygroupingressrule-ssh: ingress from 0\.0\.0\.0\/0/) },
        locations: [
          {
            physicalLocation: { artifactLocation: { uri: expect.stringMatching(/^file:\/\/.*ssh\.yaml$/) }, region: { startLine: 13 } },
            logicalLocations: [{ name: 'spec.forProvider.cidrIpv4', fullyQualifiedName: 'securitygroupingressrule-ssh.spec.forProvider.cidrIpv4', kind: 'member' }],
          },
        ],
        properties: { action: 'Deny', resource: 'securitygroupingressrule-ssh', path: 'spec.forProvider.cidrIpv4' },
      },
    });
  });

  it('has no physical location for standard input, and stays valid', async () => {
    const log = json(await run(['check', '--output', 'sarif', '--input', INPUT, '-'], { stdin: OPEN_SSH }));
    expect({ valid: validate(log) ? [] : validate.errors, physical: 'physicalLocation' in log.runs[0].results[0].locations[0] }).toEqual({ valid: [], physical: false });
  });

  it('is valid with no findings', async () => {
    const log = json(await run(['check', '--output', 'sarif', '--input', INPUT, CM]));
    expect({ valid: validate(log) ? [] : validate.errors, results: log.runs[0].results }).toEqual({ valid: [], results: [] });
  });
});

describe('rules and explain', () => {
  it('lists every rule as JSON', async () => {
    const r = await run(['rules', '--output', 'json']);
    const rules = json(r) as unknown as { id: string }[];
    expect({ code: r.code, first: rules[0]?.id, has: rules.some((x) => x.id === 'aws-rds-storage-encrypted') }).toEqual({ code: 0, first: 'guardrails-approval-store', has: true });
  });

  it('explains a rule with its example violation and fix, derived by running the rule', async () => {
    const r = json(await run(['explain', 'aws-rds-storage-encrypted', '--output', 'json']));
    expect({ id: r.id, refs: r.references, example: r.example }).toEqual({
      id: 'aws-rds-storage-encrypted',
      refs: { checkov: ['CKV_AWS_16', 'CKV_AWS_96', 'CKV_AWS_44', 'CKV_AWS_74', 'CKV_AWS_140', 'CKV_AWS_292'], trivy: ['AWS-0080', 'AWS-0079', 'AWS-0076', 'AWS-0021'] },
      example: {
        violation: { apiVersion: 'rds.aws.m.upbound.io/v1beta1', kind: 'Instance', metadata: { name: 'example', namespace: 'default' }, spec: { forProvider: {} } },
        findings: [],
        fixed: [{ path: 'spec.forProvider.storageEncrypted', value: true }],
      },
    });
  });

  it('explains parameters from their schema, and gives no example where the smallest resource passes', async () => {
    const r = json(await run(['explain', 'aws-rds-instance-class', '--output', 'json']));
    expect({ defaultAction: r.defaultAction, parameters: r.parameters, example: r.example }).toEqual({
      defaultAction: 'RequireApproval',
      parameters: {
        allowed: {
          type: 'array',
          minItems: 1,
          items: { type: 'string', minLength: 1 },
          description: 'The classes allowed, as globs (`*` matches any run of characters), e.g. db.t4g.*. Unset: the rule does nothing.',
        },
      },
      example: undefined,
    });
  });

  it('refuses an unknown rule with similar IDs, exit 2', async () => {
    const r = await run(['explain', 'rds-storage']);
    expect({ code: r.code, stderr: r.stderr }).toEqual({ code: 2, stderr: expect.stringMatching(/^function-guardrails: unknown rule "rds-storage"; similar: .*aws-rds-storage-encrypted/) });
  });
});

describe('lint', () => {
  const composition = (pipeline: string) => file(`c${Math.random().toString(36).slice(2)}.yaml`, `apiVersion: apiextensions.crossplane.io/v1\nkind: Composition\nmetadata:\n  name: c\nspec:\n  mode: Pipeline\n  pipeline:\n${pipeline}`);
  const GUARDRAILS = '    - step: guardrails\n      functionRef: {name: function-guardrails}\n      input:\n        apiVersion: guardrails.fn.crossplane.io/v1beta1\n        kind: Guardrails\n';
  const COMPOSE = '    - step: compose\n      functionRef: {name: function-patch-and-transform}\n';
  const cases = [
    { name: 'the example', reason: 'guardrails last, valid input', path: COMPOSITION, want: { code: 0, stdout: /^ok: / } },
    { name: 'auto-ready after guardrails', reason: 'it changes no field', path: composition(`${COMPOSE}${GUARDRAILS}    - step: ready\n      functionRef: {name: function-auto-ready}\n`), want: { code: 0, stdout: /^ok: / } },
    { name: 'a composing step after guardrails', reason: 'what it adds is never checked', path: composition(`${GUARDRAILS}${COMPOSE}`), want: { code: 1, stdout: /:13: step "compose" \(function-patch-and-transform\) runs after the guardrails step "guardrails"/ } },
    { name: 'no guardrails step', reason: 'nothing guards the pipeline', path: composition(COMPOSE), want: { code: 1, stdout: /:1: the Composition's pipeline has no guardrails step/ } },
    { name: 'an invalid input', reason: 'the function would refuse every request', path: composition(`${COMPOSE}${GUARDRAILS}        mode: Sometimes\n`), want: { code: 1, stdout: /:12: the guardrails input is invalid: mode: / } },
  ];
  it.each(cases)('$name', async ({ path, want }) => {
    const r = await run(['lint', path]);
    expect({ code: r.code, stderr: r.stderr }).toEqual({ code: want.code, stderr: '' });
    expect(r.stdout).toMatch(want.stdout);
  });
});

describe('usage', () => {
  it('an unknown command is a usage error', async () => {
    const r = await run(['chekc']);
    expect({ code: r.code, first: r.stderr.split('\n')[0] }).toEqual({ code: 2, first: 'function-guardrails: unknown command "chekc"' });
  });
});

mkdirSync(join(dir, 'sub'), { recursive: true });
