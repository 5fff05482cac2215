/**
 * The GitHub Actions workflows parse, and keep the properties that make a
 * release pipeline safe to trust: every action pinned to a full commit SHA
 * (a tag can be moved), the least permissions (read-only unless a job
 * pushes packages), no credentials left in the checkout, no `${{ }}`
 * expanded inside a shell script (values reach scripts through `env:`, so
 * a crafted ref or input cannot inject commands), and no trigger that runs
 * a fork's code with the repository's secrets.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseDocument } from 'yaml';

const dir = new URL('../.github/workflows/', import.meta.url);
const files = readdirSync(dir).filter((f) => /\.ya?ml$/.test(f)).sort();
const text = (file: string) => readFileSync(new URL(file, dir), 'utf8');

interface Step {
  name?: string;
  uses?: string;
  run?: string;
  with?: Record<string, unknown>;
  env?: Record<string, string>;
}
interface Job {
  needs?: string | string[];
  permissions?: Record<string, string>;
  steps: Step[];
}
interface Workflow {
  name: string;
  on: Record<string, unknown>;
  permissions: Record<string, string>;
  env?: Record<string, string>;
  jobs: Record<string, Job>;
}

function load(file: string): Workflow {
  const doc = parseDocument(text(file));
  expect(doc.errors.map((e) => e.message)).toEqual([]);
  return doc.toJS() as Workflow;
}

const steps = (wf: Workflow) => Object.values(wf.jobs).flatMap((j) => j.steps);

describe.each(files)('.github/workflows/%s', (file) => {
  const wf = load(file);

  it('is a workflow: a name, triggers and jobs with steps', () => {
    expect(typeof wf.name).toBe('string');
    expect(Object.keys(wf.on).length).toBeGreaterThan(0);
    expect(Object.values(wf.jobs).every((j) => Array.isArray(j.steps) && j.steps.length > 0)).toBe(true);
  });

  it('pins every action to a full commit SHA, with the version beside it', () => {
    const uses = [...text(file).matchAll(/^\s*(?:-\s+)?uses:\s*(.+)$/gm)].map((m) => m[1]!.trim());
    expect(uses.length).toBeGreaterThan(0);
    expect(uses.filter((u) => !/^[\w.-]+\/[\w.-]+(\/[\w./-]+)?@[0-9a-f]{40} # v\d+(\.\d+){0,2}$/.test(u))).toEqual([]);
  });

  it('reads the repository and nothing more, unless a job must push packages', () => {
    expect(wf.permissions).toEqual({ contents: 'read' });
    for (const [name, job] of Object.entries(wf.jobs)) {
      if (job.permissions === undefined) continue;
      expect(job.permissions, name).toEqual({ contents: 'read', packages: 'write' });
    }
  });

  it('leaves no credentials in the checkout', () => {
    const checkouts = steps(wf).filter((s) => s.uses?.startsWith('actions/checkout@'));
    expect(checkouts.length).toBeGreaterThan(0);
    expect(checkouts.filter((s) => s.with?.['persist-credentials'] !== false)).toEqual([]);
  });

  it('expands no ${{ }} inside a shell script', () => {
    expect(steps(wf).filter((s) => s.run?.includes('${{'))).toEqual([]);
  });

  it("never runs a fork's code with the repository's secrets", () => {
    expect(Object.keys(wf.on)).not.toContain('pull_request_target');
    expect(Object.keys(wf.on)).not.toContain('workflow_run');
  });
});

describe('release.yml', () => {
  const wf = load('release.yml');
  const release = wf.jobs.release!;
  const script = release.steps.map((s) => s.run ?? '').join('\n');

  it('runs on a version tag, after .ci/run passes', () => {
    expect(wf.on).toEqual({ push: { tags: ['v*'] } });
    expect(release.needs).toBe('test');
    expect(wf.jobs.test!.steps.map((s) => s.run).filter(Boolean)).toEqual(['bash .ci/run']);
    expect(wf.jobs.test!.permissions).toBeUndefined();
  });

  it('refuses a tag that is not a semantic version or not package.json’s version', () => {
    expect(script).toContain('=~ ^v[0-9]+\\.[0-9]+\\.[0-9]+(-[0-9A-Za-z.-]+)?$ ]]');
    expect(script).toContain('declared="v$(jq -r .version package.json)"');
  });

  it('installs a pinned Crossplane CLI from its official release channel', () => {
    expect(wf.env?.XP_VERSION).toMatch(/^v\d+\.\d+\.\d+$/);
    expect(script).toContain('curl -sfL https://cli.crossplane.io/install.sh | XP_VERSION="$XP_VERSION" sh');
  });

  it('pushes the multi-platform runtime image and one package per platform as one index', () => {
    expect(script).toContain('docker buildx build --platform linux/amd64,linux/arm64');
    expect(script).toContain('for arch in amd64 arm64; do');
    expect(script).toContain('--output "type=docker,dest=_output/runtime-$arch.tar"');
    expect(script).toContain('--package-files=_output/function-guardrails-amd64.xpkg,_output/function-guardrails-arm64.xpkg');
    expect(script).toContain('"$REPO/function-guardrails:$VERSION"');
  });

  it('pushes to ghcr.io/<owner> unless the XPKG_REPO variable names another registry', () => {
    expect(wf.env?.XPKG_REPO).toBe("${{ vars.XPKG_REPO || format('ghcr.io/{0}', github.repository_owner) }}");
  });
});

describe('ci.yml', () => {
  const wf = load('ci.yml');

  it('runs .ci/run on every pull request, on each supported Node.js LTS line', () => {
    expect(wf.on).toMatchObject({ pull_request: {} });
    const ci = wf.jobs.ci!;
    expect(ci.steps.map((s) => s.run).filter(Boolean)).toEqual(['bash .ci/run']);
    expect(ci.steps.find((s) => s.uses?.startsWith('actions/setup-node@'))?.with?.['node-version']).toBe('${{ matrix.node }}');
  });
});
