/**
 * A dry run of `crossplane xpkg build --package-root=package --examples-root=examples`:
 * every YAML file the build reads (recursively, `.yaml` and `.yml`) is parsed
 * here first, and each document must be what the package parsers accept: a
 * Kubernetes object with apiVersion, kind and a name. The examples parser
 * (crossplane-runtime pkg/xpkg/parser/examples) refuses even a document of
 * comments only, so this check is as strict. Each document must also read
 * the same under YAML 1.1, which Kubernetes' Go parser follows (`no`, `on`,
 * `0755` are not strings there).
 *
 * It also pins what the package says about itself (package/crossplane.yaml)
 * and what the install example promises (examples/install.yaml), and keeps
 * the README's Install manifests identical to that example.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse, parseAllDocuments, parseDocument } from 'yaml';

const root = new URL('../', import.meta.url);
const read = (path: string) => readFileSync(new URL(path, root), 'utf8');

/** The files `crossplane xpkg build` reads under `dir`, relative to the repository. */
function yamlFiles(dir: string): string[] {
  return readdirSync(new URL(dir, root), { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile() && /\.ya?ml$/.test(e.name))
    .map((e) => `${e.parentPath.slice(new URL(root).pathname.length)}/${e.name}`.replace(/\/+/g, '/'))
    .sort();
}

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * The documents of `text` as Kubernetes' YAMLReader (k8s.io/apimachinery
 * pkg/util/yaml), which both package parsers use, cuts them: at every line
 * starting with `---`, whose rest may only be a comment; every non-empty
 * piece between two such lines is a document, even one of comments or blank
 * lines only.
 */
function documentsOf(text: string): { docs: string[]; problems: string[] } {
  const docs: string[] = [];
  const problems: string[] = [];
  let buffer = '';
  for (const line of text.split(/(?<=\n)/)) {
    if (!line.startsWith('---')) {
      buffer += line;
      continue;
    }
    const rest = line.slice(3).trim();
    if (rest !== '' && !rest.startsWith('#')) problems.push(`invalid document separator: ${line.trim()}`);
    if (buffer !== '') docs.push(buffer);
    buffer = '';
  }
  if (buffer !== '') docs.push(buffer);
  return { docs, problems };
}

/** Why the package parsers would refuse `text`; empty when every document is a Kubernetes object. */
function problemsIn(text: string): string[] {
  const { docs, problems } = documentsOf(text);
  if (docs.length === 0) problems.push('no document');
  docs.forEach((source, i) => {
    const at = `document ${i + 1}`;
    const doc = parseDocument(source);
    if (doc.errors.length > 0) return problems.push(...doc.errors.map((e) => `${at}: ${e.code}`));
    const obj: unknown = doc.toJS();
    if (!isObj(obj)) return problems.push(`${at}: not an object (${obj === null ? 'empty' : Array.isArray(obj) ? 'a list' : typeof obj})`);
    if (typeof obj.apiVersion !== 'string' || !/^([a-z0-9.-]+\/)?v\d+((alpha|beta)\d+)?$/.test(obj.apiVersion)) problems.push(`${at}: no apiVersion`);
    if (typeof obj.kind !== 'string' || !/^[A-Z][A-Za-z0-9]*$/.test(obj.kind)) problems.push(`${at}: no kind`);
    if (!isObj(obj.metadata) || typeof obj.metadata.name !== 'string' || obj.metadata.name === '') problems.push(`${at}: no metadata.name`);
    if (JSON.stringify(parseDocument(source, { version: '1.1' }).toJS()) !== JSON.stringify(obj)) problems.push(`${at}: reads differently under YAML 1.1 (quote the ambiguous scalars)`);
  });
  return problems;
}

const objectsIn = (file: string): Obj[] => parseAllDocuments(read(file)).map((d) => d.toJS() as Obj);

describe('the dry run itself', () => {
  const cases = [
    { name: 'an object', reason: 'the common case', text: 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\n', want: [] },
    {
      name: 'a golden response dump',
      reason: 'what examples/expected/ held: `crossplane xpkg build` read it as an object without kind',
      text: '# function-guardrails output\nresources: {}\nconditions: []\n',
      want: ['document 1: no apiVersion', 'document 1: no kind', 'document 1: no metadata.name'],
    },
    {
      name: 'a leading document of comments only',
      reason: 'the examples parser unmarshals it into an object and fails on the missing kind',
      text: '# header\n---\napiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\n',
      want: ['document 1: not an object (empty)'],
    },
    { name: 'a list', reason: 'a document must be one object', text: '- apiVersion: v1\n', want: ['document 1: not an object (a list)'] },
    {
      name: 'a YAML 1.1 boolean',
      reason: 'Go reads an unquoted `no` as false, so a string field would get a boolean',
      text: 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\ndata: {answer: no}\n',
      want: ['document 1: reads differently under YAML 1.1 (quote the ambiguous scalars)'],
    },
    { name: 'a duplicate key', reason: 'the Go parser refuses it', text: 'apiVersion: v1\napiVersion: v1\nkind: A\nmetadata: {name: a}\n', want: ['document 1: DUPLICATE_KEY'] },
    {
      name: 'blank lines after a trailing separator',
      reason: 'YAMLReader returns them as a document, which has no kind',
      text: 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\n---\n\n',
      want: ['document 2: not an object (empty)'],
    },
    {
      name: 'content on the separator line',
      reason: 'YAMLReader allows only a comment after ---',
      text: '--- {apiVersion: v1, kind: ConfigMap, metadata: {name: a}}\n',
      want: ['invalid document separator: --- {apiVersion: v1, kind: ConfigMap, metadata: {name: a}}', 'no document'],
    },
    {
      name: 'separators and comments around objects',
      reason: 'a leading ---, and comments after a separator, are fine',
      text: '---\n# first\napiVersion: v1\nkind: A\nmetadata: {name: a}\n--- # second\napiVersion: v1\nkind: B\nmetadata: {name: b}\n',
      want: [],
    },
  ];
  it.each(cases)('$name', ({ text, want }) => {
    expect(problemsIn(text)).toEqual(want);
  });
});

describe('package/ and examples/ (what crossplane xpkg build reads)', () => {
  const files = [...yamlFiles('package'), ...yamlFiles('examples')];

  it('finds the package metadata, the Input CRD and the examples', () => {
    expect(files).toEqual(expect.arrayContaining(['package/crossplane.yaml', 'package/input/guardrails.fn.crossplane.io_guardrails.yaml', 'examples/install.yaml', 'examples/xr.yaml']));
  });

  it.each(files)('%s holds only Kubernetes objects', (file) => {
    expect(problemsIn(read(file))).toEqual([]);
  });
});

describe('package/', () => {
  const files = yamlFiles('package');

  it('holds crossplane.yaml at its root and the Input CRDs under input/, nothing else', () => {
    expect(files.filter((f) => f !== 'package/crossplane.yaml' && !/^package\/input\/[^/]+\.yaml$/.test(f))).toEqual([]);
  });

  it('has one package metadata object: package/crossplane.yaml, a Function for compositions on Crossplane v2', () => {
    const metas = files.flatMap((f) => objectsIn(f).filter((o) => String(o.apiVersion).startsWith('meta.pkg.crossplane.io/')).map(() => f));
    expect(metas).toEqual(['package/crossplane.yaml']);
    const [meta] = objectsIn('package/crossplane.yaml') as [Obj & { metadata: Obj; spec: Obj }];
    expect({ apiVersion: meta.apiVersion, kind: meta.kind, name: meta.metadata.name, spec: meta.spec }).toEqual({
      apiVersion: 'meta.pkg.crossplane.io/v1',
      kind: 'Function',
      name: 'function-guardrails',
      spec: { crossplane: { version: '>=v2.0.0-0' }, capabilities: ['composition'] },
    });
  });

  it('says in its readme annotation what degrades before Crossplane v2.2', () => {
    const [meta] = objectsIn('package/crossplane.yaml') as [{ metadata: { annotations: Record<string, string> } }];
    const readme = meta.metadata.annotations['meta.crossplane.io/readme']!.replace(/\s+/g, ' ');
    expect(readme).toContain('Crossplane v2.0 or later');
    expect(readme).toContain('On v2.0 and v2.1 it advertises none');
    expect(readme).toContain('RequireApproval refuses instead of holding');
  });

  it.each(files.filter((f) => f.startsWith('package/input/')))('%s is a CustomResourceDefinition (all a Function package may carry)', (file) => {
    expect(objectsIn(file).map((o) => `${String(o.apiVersion)} ${String(o.kind)}`)).toEqual(['apiextensions.k8s.io/v1 CustomResourceDefinition']);
  });
});

describe('examples/install.yaml', () => {
  const [fn, drc] = objectsIn('examples/install.yaml') as [Obj & { spec: Obj }, Obj & { metadata: { name: string }; spec: { deploymentTemplate: { spec: Obj & { template: { spec: Obj & { containers: Obj[] } } } } } }];

  it('installs the Function from a registry with the DeploymentRuntimeConfig beside it', () => {
    expect([fn.apiVersion, fn.kind, drc.apiVersion, drc.kind]).toEqual(['pkg.crossplane.io/v1', 'Function', 'pkg.crossplane.io/v1beta1', 'DeploymentRuntimeConfig']);
    expect(fn.spec.package).toMatch(/^[a-z0-9.-]+\/[a-z0-9-]+\/function-guardrails:v\d+\.\d+\.\d+$/);
    expect(fn.spec.runtimeConfigRef).toEqual({ apiVersion: 'pkg.crossplane.io/v1beta1', kind: 'DeploymentRuntimeConfig', name: drc.metadata.name });
  });

  it('hardens the container Crossplane runs (package-runtime), with what the CRD requires', () => {
    const deployment = drc.spec.deploymentTemplate.spec;
    // deploymentTemplate.spec requires selector and template; template.spec requires containers.
    expect(deployment.selector).toEqual({});
    expect(deployment.replicas).toBe(2);
    const [runtime, ...others] = deployment.template.spec.containers;
    expect(others).toEqual([]);
    expect(runtime).toEqual({
      name: 'package-runtime',
      resources: { requests: { cpu: '100m', memory: '128Mi' }, limits: { memory: '512Mi' } },
      // Probes on the metrics port, where the server answers /readyz and /healthz (test/e2e/operations.test.ts).
      readinessProbe: { httpGet: { path: '/readyz', port: 8080 }, periodSeconds: 5 },
      livenessProbe: { httpGet: { path: '/healthz', port: 8080 }, periodSeconds: 10, failureThreshold: 3 },
      securityContext: {
        runAsNonRoot: true,
        runAsUser: 65532,
        runAsGroup: 65532,
        readOnlyRootFilesystem: true,
        allowPrivilegeEscalation: false,
        privileged: false,
        capabilities: { drop: ['ALL'] },
        seccompProfile: { type: 'RuntimeDefault' },
      },
    });
    expect(deployment.template.spec.securityContext).toEqual({ runAsNonRoot: true, runAsUser: 65532, runAsGroup: 65532, seccompProfile: { type: 'RuntimeDefault' } });
  });
});

describe('README', () => {
  const README = read('README.md');
  const section = (title: string) => README.split(/^## /m).find((s) => s.startsWith(`${title}\n`)) ?? '';
  const blocks = (text: string) => [...text.matchAll(/```yaml\n([\s\S]*?)```/g)].map((m) => parse(m[1]!) as Obj);

  it('shows in "Install" exactly the manifests of examples/install.yaml', () => {
    expect(blocks(section('Install'))).toEqual(objectsIn('examples/install.yaml'));
  });

  it('states the Crossplane range package/crossplane.yaml declares', () => {
    expect(section('Install')).toContain('`>=v2.0.0-0`');
  });

  it('builds the package from package/ with the examples, as the release workflow does', () => {
    const recipe = section('Package');
    const workflow = read('.github/workflows/release.yml');
    for (const flag of ['--package-root=package', '--examples-root=examples', '--embed-runtime-image-tarball=', '--package-files=']) {
      expect(recipe, flag).toContain(flag);
      expect(workflow, flag).toContain(flag);
    }
    expect(README).not.toContain('examples/expected');
  });
});
