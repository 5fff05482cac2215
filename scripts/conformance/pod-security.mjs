// Pod Security Standards conformance (see ../conformance.mjs for the interface): the Kubernetes project's own
// fixtures (<reference>/pod-security-admission/testdata, read as its SOURCE.md describes) and Kyverno's pod-security
// test suites (<reference>/kyverno-policies/pod-security/**/.kyverno-test), each through the k8s-pss-* rules that
// match it.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse, parseAllDocuments } from 'yaml';
import { podOf } from './lib/pod.mjs';

export const name = 'pod security';

/** The reference implementation's check IDs (fixture names are `<checkid><n>.yaml`, lowercased) and the rules that judge them. */
const PSA_CHECKS = {
  allowprivilegeescalation: ['k8s-pss-privilege-escalation'],
  apparmorprofile: ['k8s-pss-apparmor'],
  capabilities_baseline: ['k8s-pss-capabilities'],
  capabilities_restricted: ['k8s-pss-capabilities'],
  hostnamespaces: ['k8s-pss-host-namespaces'],
  hostpathvolumes: ['k8s-pss-host-path'],
  hostports: ['k8s-pss-host-ports'],
  hostprobesandhostlifecycle: ['k8s-pss-host-probes'],
  privileged: ['k8s-pss-privileged'],
  procmount: ['k8s-pss-proc-mount'],
  procmount_restricted: ['k8s-pss-proc-mount'],
  // restrictedVolumes forbids hostPath too; here hostPath is k8s-pss-host-path's at both levels.
  restrictedvolumes: ['k8s-pss-volume-types', 'k8s-pss-host-path'],
  runasnonroot: ['k8s-pss-run-as-non-root'],
  runasuser: ['k8s-pss-run-as-user'],
  seccompprofile_baseline: ['k8s-pss-seccomp'],
  seccompprofile_restricted: ['k8s-pss-seccomp'],
  selinuxoptions: ['k8s-pss-selinux'],
  sysctls: ['k8s-pss-sysctls'],
  windowshostprocess: ['k8s-pss-host-process'],
};

/** Every Pod Security Standards rule: for the fixtures that are a whole level's minimal pod (`base*.yaml`), and the whole-level rows. */
const ALL = [...new Set(Object.values(PSA_CHECKS).flat())].sort();

/** Kyverno's pod-security policies and the rules that judge them; `input` for a policy that takes a setting. */
const KYVERNO = {
  'baseline/disallow-capabilities': { rules: ['k8s-pss-capabilities'] },
  'baseline/disallow-host-namespaces': { rules: ['k8s-pss-host-namespaces'] },
  'baseline/disallow-host-path': { rules: ['k8s-pss-host-path'] },
  'baseline/disallow-host-ports': { rules: ['k8s-pss-host-ports'] },
  // "Kubernetes Pod Security Admission does not support the host port range rule": the rule's `allowed` does.
  'baseline/disallow-host-ports-range': { rules: ['k8s-pss-host-ports'], input: { rules: { 'k8s-pss-host-ports': { allowed: ['5000-6000'] } } } },
  'baseline/disallow-host-process': { rules: ['k8s-pss-host-process'] },
  'baseline/disallow-privileged-containers': { rules: ['k8s-pss-privileged'] },
  'baseline/disallow-proc-mount': { rules: ['k8s-pss-proc-mount'] },
  'baseline/disallow-selinux': { rules: ['k8s-pss-selinux'] },
  'baseline/restrict-apparmor-profiles': { rules: ['k8s-pss-apparmor'] },
  'baseline/restrict-seccomp': { rules: ['k8s-pss-seccomp'] },
  'baseline/restrict-sysctls': { rules: ['k8s-pss-sysctls'] },
  'restricted/disallow-capabilities-strict': { rules: ['k8s-pss-capabilities'] },
  'restricted/disallow-privilege-escalation': { rules: ['k8s-pss-privilege-escalation'] },
  'restricted/require-run-as-non-root-user': { rules: ['k8s-pss-run-as-user'] },
  'restricted/require-run-as-nonroot': { rules: ['k8s-pss-run-as-non-root'] },
  'restricted/restrict-seccomp-strict': { rules: ['k8s-pss-seccomp'] },
  'restricted/restrict-volume-types': { rules: ['k8s-pss-volume-types', 'k8s-pss-host-path'] },
};

/** Known disagreements, by suite and case, each with its reason. None today. */
const EXPLAINED = {};

export function suites(reference) {
  return [...psaSuites(join(reference, 'pod-security-admission', 'testdata')), ...kyvernoSuites(join(reference, 'kyverno-policies', 'pod-security'))];
}

const minorOfDir = (d) => Number(d.replace(/^v1\./, ''));

function psaSuites(root) {
  if (!existsSync(root)) throw new Error(`no ${root}`);
  const out = [];
  for (const level of ['baseline', 'restricted']) {
    // The newest version directory holds every check in force; older ones are re-judged through legacy.json.
    const newest = readdirSync(join(root, level)).filter((d) => /^v1\.\d+$/.test(d)).sort((a, b) => minorOfDir(a) - minorOfDir(b)).at(-1);
    const version = newest;
    const byCheck = new Map();
    const all = [];
    for (const expect of ['pass', 'fail']) {
      const folder = join(root, level, version, expect);
      for (const file of readdirSync(folder).filter((f) => f.endsWith('.yaml')).sort()) {
        const resource = parse(readFileSync(join(folder, file), 'utf8'));
        const kase = { name: `${level}/${version}/${expect}/${file}`, resource, expect };
        all.push(kase);
        const check = file.replace(/\d*\.yaml$/, '');
        if (/^base(_linux|_windows)?$/.test(check)) {
          byCheck.set('base', [...(byCheck.get('base') ?? []), kase]);
          continue;
        }
        if (!Object.hasOwn(PSA_CHECKS, check)) throw new Error(`${kase.name}: no rule is mapped to check "${check}"`);
        byCheck.set(check, [...(byCheck.get(check) ?? []), kase]);
      }
    }
    const input = { podSecurity: { level, version } };
    for (const [check, cases] of [...byCheck].sort(([a], [b]) => a.localeCompare(b))) {
      const rules = check === 'base' ? ALL : PSA_CHECKS[check];
      out.push(suite(`psa ${level}/${check}`, rules, input, cases));
    }
    out.push(suite(`psa ${level}, every fixture, every rule`, ALL, input, all));
  }
  const legacy = JSON.parse(readFileSync(join(root, 'legacy.json'), 'utf8'));
  for (const level of ['baseline', 'restricted']) {
    const cases = legacy.cases
      .filter((c) => c.level === level)
      .map((c) => ({ name: `legacy ${c.path} at ${level}`, resource: parse(readFileSync(join(root, c.path), 'utf8')), expect: c.expect }));
    out.push(suite(`psa legacy fixtures at ${level}, latest`, ALL, { podSecurity: { level, version: 'latest' } }, cases));
  }
  return out;
}

function kyvernoSuites(root) {
  if (!existsSync(root)) throw new Error(`no ${root}`);
  const out = [];
  for (const level of ['baseline', 'restricted']) {
    for (const policy of readdirSync(join(root, level)).sort()) {
      const id = `${level}/${policy}`;
      if (!Object.hasOwn(KYVERNO, id)) throw new Error(`kyverno ${id}: no rule is mapped to it`);
      const folder = join(root, level, policy);
      const test = parse(readFileSync(join(folder, '.kyverno-test', 'kyverno-test.yaml'), 'utf8'));
      const resources = parseAllDocuments(readFileSync(join(folder, '.kyverno-test', 'resource.yaml'), 'utf8')).map((d) => d.toJS()).filter(Boolean);
      // A resource fails the policy if any rule of it fails it.
      const expected = new Map();
      for (const r of test.results) {
        for (const n of r.resources) {
          const key = `${r.kind}/${n}`;
          if (r.result === 'fail' || !expected.has(key)) expected.set(key, r.result);
        }
      }
      const cases = resources
        .filter((r) => expected.has(`${r.kind}/${r.metadata?.name}`))
        .map((r) => ({ name: `${r.kind}/${r.metadata.name}`, resource: r, expect: expected.get(`${r.kind}/${r.metadata.name}`) }));
      if (cases.length !== expected.size) throw new Error(`kyverno ${id}: ${expected.size - cases.length} expected resources not found in resource.yaml`);
      // The policy declares the Kubernetes versions it was written for ("1.22-1.23"): judged at the newest.
      const declared = readdirSync(folder).filter((f) => f.endsWith('.yaml')).map((f) => parse(readFileSync(join(folder, f), 'utf8'))).find((p) => p?.kind === 'ClusterPolicy');
      const range = declared?.metadata?.annotations?.['kyverno.io/kubernetes-version'];
      const minor = typeof range === 'string' ? /(\d+)\.(\d+)\s*$/.exec(range)?.[2] : undefined;
      const version = minor === undefined ? 'latest' : `v1.${minor}`;
      const { rules, input = {} } = KYVERNO[id];
      out.push(suite(`kyverno ${id}`, rules, { ...input, podSecurity: { level, version } }, cases));
    }
  }
  return out;
}

function suite(policy, rules, input, cases) {
  return { policy, rules, input, cases, missing: missingFor(rules, input.podSecurity), explained: EXPLAINED[policy] };
}

/**
 * The restricted requirements that can be injected (allowPrivilegeEscalation false, capabilities.drop ALL,
 * runAsNonRoot, a seccomp profile), read straight from the standard's text and the reference implementation's
 * checks, independently of the rules: what a resource lacks of those the given rules judge, or undefined where
 * it sets one of them to an unsafe value (which no injection may fix).
 */
function missingFor(rules, podSecurity) {
  const on = new Set(rules);
  const minor = podSecurity.version === 'latest' ? Infinity : Number(podSecurity.version.slice(3));
  const restricted = podSecurity.level === 'restricted';
  return (resource) => {
    const pod = podOf(resource);
    const spec = pod?.spec ?? {};
    const windows = spec.os?.name === 'windows';
    const containers = ['containers', 'initContainers', 'ephemeralContainers'].flatMap((l) => (spec[l] ?? []).map((c) => ({ name: `${l}/${c.name}`, sc: c.securityContext ?? {} })));
    const lacking = [];
    if (!restricted) return lacking;
    const linux = !(windows && minor >= 25);
    if (on.has('k8s-pss-privilege-escalation') && minor >= 8 && linux) {
      for (const c of containers) {
        const v = c.sc.allowPrivilegeEscalation;
        if (v === undefined || v === null) lacking.push(`${c.name} allowPrivilegeEscalation`);
        else if (v !== false) return undefined;
      }
    }
    if (on.has('k8s-pss-capabilities') && minor >= 22 && linux) {
      for (const c of containers) {
        const drop = c.sc.capabilities?.drop;
        if (drop === undefined || drop === null) lacking.push(`${c.name} capabilities.drop`);
        else if (!drop.includes('ALL')) return undefined;
        if ((c.sc.capabilities?.add ?? []).some((a) => a !== 'NET_BIND_SERVICE')) return undefined;
      }
    }
    if (on.has('k8s-pss-run-as-non-root') && !(minor >= 35 && spec.hostUsers === false)) {
      const podValue = spec.securityContext?.runAsNonRoot;
      if (podValue === false || containers.some((c) => c.sc.runAsNonRoot === false)) return undefined;
      if (podValue !== true && containers.some((c) => c.sc.runAsNonRoot !== true)) lacking.push('runAsNonRoot');
    }
    if (on.has('k8s-pss-seccomp') && minor >= 19 && linux) {
      const ok = (p) => p?.type === 'RuntimeDefault' || p?.type === 'Localhost';
      const podProfile = spec.securityContext?.seccompProfile;
      if ((podProfile != null && !ok(podProfile)) || containers.some((c) => c.sc.seccompProfile != null && !ok(c.sc.seccompProfile))) return undefined;
      if (podProfile == null && containers.some((c) => c.sc.seccompProfile == null)) lacking.push('seccompProfile');
    }
    return lacking;
  };
}
