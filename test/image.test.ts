/**
 * The runtime image, checked without a Docker engine: the Dockerfile is
 * parsed (continuations, comments, ARG defaults substituted into FROM) and
 * .dockerignore is evaluated with Docker's own rules (moby/patternmatcher:
 * the last matching pattern wins, `**` spans directories, a pattern that
 * matches a parent directory matches everything under it).
 *
 * What must hold: both stages on the same Node.js major, the build stage on
 * the builder's platform and guarded by check-portable, the final stage
 * distroless, non-root by number, with nothing to run and nothing to write,
 * listening on 9443 and starting dist/main.js; the build context holds the
 * sources and never node_modules, dist, tests or examples.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';

const root = new URL('../', import.meta.url);
const read = (path: string) => readFileSync(new URL(path, root), 'utf8');

interface Instruction {
  op: string;
  args: string;
}

/** The Dockerfile's instructions, continuation lines joined and comments dropped. */
function instructions(text: string): Instruction[] {
  const out: Instruction[] = [];
  let pending = '';
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (pending === '' && (line === '' || line.startsWith('#'))) continue;
    if (pending !== '' && line.startsWith('#')) continue;
    pending += `${pending === '' ? '' : ' '}${line.replace(/\\$/, '').trim()}`;
    if (line.endsWith('\\')) continue;
    const [, op, args] = /^(\S+)\s*(.*)$/.exec(pending)!;
    out.push({ op: op!.toUpperCase(), args: args! });
    pending = '';
  }
  return out;
}

interface Stage {
  image: string;
  name: string | undefined;
  platform: string | undefined;
  body: Instruction[];
}

/** The build stages, each FROM with global ARG defaults substituted. */
function stages(text: string): Stage[] {
  const args = new Map<string, string>();
  const out: Stage[] = [];
  for (const ins of instructions(text)) {
    if (ins.op === 'FROM') {
      const words = ins.args.split(/\s+/);
      const platform = words.find((w) => w.startsWith('--platform='))?.slice('--platform='.length);
      const [image, as, name] = words.filter((w) => !w.startsWith('--'));
      const substituted = image!.replace(/\$\{(\w+)\}|\$(\w+)/g, (_, a: string | undefined, b: string | undefined) => args.get(a ?? b!) ?? '');
      out.push({ image: substituted, name: as?.toUpperCase() === 'AS' ? name : undefined, platform, body: [] });
    } else if (out.length === 0 && ins.op === 'ARG') {
      const [k, v] = ins.args.split('=');
      args.set(k!, v ?? '');
    } else {
      out.at(-1)?.body.push(ins);
    }
  }
  return out;
}

const dockerfile = read('Dockerfile');
const all = stages(dockerfile);
const [build, runtime] = all as [Stage, Stage];
const nodeMajor = (image: string) => /^node:(\d+)-/.exec(image)?.[1] ?? /^gcr\.io\/distroless\/nodejs(\d+)-/.exec(image)?.[1];
const DEBIAN: Record<string, string> = { bookworm: '12', trixie: '13' };

describe('Dockerfile', () => {
  it('has two stages: build, then the runtime the image ends with', () => {
    expect(all.map((s) => s.name)).toEqual(['build', 'runtime']);
  });

  it('builds and runs on the same Node.js major, on the same Debian release', () => {
    expect(build.image).toMatch(/^node:\d+-(bookworm|trixie)-slim$/);
    expect(runtime.image).toMatch(/^gcr\.io\/distroless\/nodejs\d+-debian\d+:nonroot$/);
    expect(nodeMajor(build.image)).toBe(nodeMajor(runtime.image));
    expect(DEBIAN[/-(\w+)-slim$/.exec(build.image)![1]!]).toBe(/-debian(\d+):/.exec(runtime.image)![1]);
  });

  it("runs a Node.js the package's engines field admits, and that CI tests", () => {
    const major = Number(nodeMajor(runtime.image));
    const engines = (JSON.parse(read('package.json')) as { engines: { node: string } }).engines.node;
    const minimum = Math.min(...engines.split('||').map((range) => Number(/\d+/.exec(range)?.[0])));
    expect(major).toBeGreaterThanOrEqual(minimum);
    const ci = parse(read('.github/workflows/ci.yml')) as { jobs: { ci: { strategy: { matrix: { node: string[] } } } } };
    expect(ci.jobs.ci.strategy.matrix.node).toContain(String(major));
  });

  it("builds on the builder's platform and refuses platform-specific dependencies", () => {
    expect(build.platform).toBe('$BUILDPLATFORM');
    const runs = build.body.filter((i) => i.op === 'RUN').map((i) => i.args);
    expect(runs.some((r) => r.includes('npm prune --omit=dev') && r.includes('node scripts/check-portable.mjs node_modules'))).toBe(true);
    expect(runs.some((r) => r.startsWith('npm ci --ignore-scripts'))).toBe(true);
  });

  it('runs nothing in the runtime stage and copies only from the build stage', () => {
    expect(runtime.platform).toBeUndefined();
    expect(runtime.body.filter((i) => i.op === 'RUN' || i.op === 'ADD')).toEqual([]);
    expect(runtime.body.filter((i) => i.op === 'COPY').map((i) => i.args)).toEqual([
      '--from=build /src/package.json ./package.json',
      '--from=build /src/node_modules ./node_modules',
      '--from=build /src/dist ./dist',
    ]);
  });

  it('runs as a numeric non-root user, on 9443, starting dist/main.js', () => {
    const last = (op: string) => runtime.body.filter((i) => i.op === op).at(-1)?.args;
    expect(last('USER')).toMatch(/^[1-9]\d*:[1-9]\d*$/);
    expect(last('EXPOSE')).toBe('9443 8080');
    expect(JSON.parse(last('ENTRYPOINT')!)).toEqual(['/nodejs/bin/node', 'dist/main.js']);
    expect(last('WORKDIR')).toBe('/function');
  });

  it('writes nothing at run time: production mode, no compile cache', () => {
    const env = runtime.body.filter((i) => i.op === 'ENV').map((i) => i.args).join(' ');
    expect(env).toContain('NODE_ENV=production');
    expect(env).toContain('NODE_DISABLE_COMPILE_CACHE=1');
    expect(env).not.toContain('NODE_COMPILE_CACHE=');
  });
});

/** Docker's .dockerignore rules (moby/patternmatcher), enough for what this repository uses. */
function ignored(patterns: string, path: string): boolean {
  const rules = patterns
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l !== '' && !l.startsWith('#'))
    .map((l) => {
      const exclusion = l.startsWith('!');
      const pattern = (exclusion ? l.slice(1) : l).trim().replace(/^\/+/, '').replace(/\/+$/, '');
      let re = '^';
      for (let i = 0; i < pattern.length; i++) {
        const c = pattern[i]!;
        if (c === '*' && pattern[i + 1] === '*') {
          i++;
          if (pattern[i + 1] === '/') i++;
          re += i + 1 >= pattern.length ? '.*' : '(.*/)?';
        } else if (c === '*') re += '[^/]*';
        else if (c === '?') re += '[^/]';
        else re += c.replace(/[.+^${}()|[\]\\]/g, '\\$&');
      }
      return { exclusion, re: new RegExp(`${re}$`) };
    });
  const parents = path.split('/').slice(0, -1).map((_, i, parts) => parts.slice(0, i + 1).join('/'));
  let matched = false;
  for (const { exclusion, re } of rules) {
    if (exclusion !== matched) continue;
    if (re.test(path) || parents.some((p) => re.test(p))) matched = !exclusion;
  }
  return matched;
}

describe('.dockerignore', () => {
  const patterns = read('.dockerignore');

  const matcher = [
    { name: 'a later negation re-includes', patterns: '*\n!src/', path: 'src/main.ts', want: false },
    { name: 'a parent match excludes the children', patterns: 'dist', path: 'dist/server/main.js', want: true },
    { name: '** spans no directory at all', patterns: 'src/**/*.test.ts', path: 'src/a.test.ts', want: true },
    { name: '** spans several directories', patterns: 'src/**/*.test.ts', path: 'src/a/b/c.test.ts', want: true },
    { name: '* stays within one directory', patterns: 'src/*.ts', path: 'src/a/b.ts', want: false },
  ];
  it.each(matcher)('matcher: $name', ({ patterns: p, path, want }) => {
    expect(ignored(p, path)).toBe(want);
  });

  const kept = ['package.json', 'package-lock.json', 'tsconfig.json', 'tsconfig.build.json', 'scripts/check-portable.mjs'];
  const sources = readdirSync(new URL('src/', root), { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => `${e.parentPath.slice(new URL(root).pathname.length)}/${e.name}`.replace(/\/+/g, '/'));

  it.each(kept)('sends %s to the build', (path) => {
    expect(ignored(patterns, path)).toBe(false);
  });

  it('sends every source under src/ to the build, and none of the tests beside them', () => {
    expect(sources.length).toBeGreaterThan(0);
    expect(sources.filter((f) => ignored(patterns, f) !== f.endsWith('.test.ts'))).toEqual([]);
  });

  const left = [
    'node_modules/zod/package.json',
    'dist/main.js',
    'test/examples.test.ts',
    'test/golden/xr.yaml',
    'examples/xr.yaml',
    'package/crossplane.yaml',
    '.git/config',
    '.github/workflows/release.yml',
    '.env',
    '_output/runtime-amd64.tar',
    'scripts/generate-crd.mjs',
  ];
  it.each(left)('leaves %s out', (path) => {
    expect(ignored(patterns, path)).toBe(true);
  });

  it('sends everything the Dockerfile copies from the context', () => {
    const copied = build.body.filter((i) => i.op === 'COPY' && !i.args.startsWith('--from')).flatMap((i) => i.args.split(/\s+/).slice(0, -1));
    expect(copied).toEqual(['package.json', 'package-lock.json', 'tsconfig.json', 'tsconfig.build.json', 'scripts/check-portable.mjs', 'src']);
    expect(copied.filter((c) => c !== 'src' && ignored(patterns, c))).toEqual([]);
  });
});

describe('scripts/check-portable.mjs', () => {
  const script = new URL('scripts/check-portable.mjs', root).pathname;
  const run = (modules: string) => {
    try {
      return { code: 0, out: execFileSync(process.execPath, [script, modules], { encoding: 'utf8', stdio: 'pipe' }) };
    } catch (err) {
      const e = err as { status: number; stderr: string };
      return { code: e.status, out: e.stderr };
    }
  };
  const cases = [
    { name: 'pure JavaScript', reason: 'the runtime dependencies today', packages: { zod: {}, '@grpc/grpc-js': {} }, want: 0 },
    { name: 'all platforms in one package', reason: 'dprint-node ships every prebuilt addon and declares no platform', packages: { 'dprint-node': {} }, want: 0 },
    { name: 'narrowed to a cpu', reason: 'npm installs the builder’s variant only', packages: { zod: {}, '@rolldown/binding-linux-x64-gnu': { os: ['linux'], cpu: ['x64'] } }, want: 1 },
    { name: 'narrowed to a libc, nested', reason: 'a nested node_modules counts too', packages: { 'a/node_modules/b': { libc: ['glibc'] } }, want: 1 },
    { name: 'compiled at install', reason: 'node-gyp builds for the builder’s platform', packages: { re2: { gypfile: true } }, want: 1 },
  ];
  it.each(cases)('$name', ({ packages, want }) => {
    const dir = mkdtempSync(join(tmpdir(), 'portable-'));
    try {
      for (const [name, fields] of Object.entries(packages)) {
        const path = join(dir, ...name.split('/'));
        mkdirSync(path, { recursive: true });
        writeFileSync(join(path, 'package.json'), JSON.stringify({ name: name.split('/node_modules/').at(-1), version: '1.0.0', ...fields }));
      }
      const { code, out } = run(dir);
      expect(code, out).toBe(want);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
