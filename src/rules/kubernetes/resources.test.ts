import { describe, expect, it } from 'vitest';
import { input } from '../../../test/builders.js';
import { runCase } from '../../../test/builders/aws-data.js';
import { container, podCases, type PodCase } from '../../../test/builders/workloads.js';
import { parseInput } from '../../load/parse.js';
import { CATALOG } from '../catalog.js';
import { requestsLimits } from './resources.js';

const FULL = { requests: { cpu: '250m', memory: '256Mi' }, limits: { memory: '512Mi' } };
const DEFAULTS = { requests: { cpu: '100m', memory: '128Mi' }, limits: { memory: '512Mi' } };
const withDefaults = (extra: Record<string, unknown> = {}) => input({ rules: { 'k8s-requests-limits': { defaults: DEFAULTS, ...extra } } });
const app = (resources?: Record<string, unknown>) => container('app', resources === undefined ? {} : { resources });
const NEED = 'every container needs CPU and memory requests and a memory limit';

const cases: PodCase[] = [
  // Compliant.
  {
    name: 'compliant: requests and a memory limit on every container',
    reason: 'what Kyverno requires: cpu and memory requests, a memory limit',
    spec: { initContainers: [container('setup', { resources: FULL })], containers: [app(FULL), container('sidecar', { resources: FULL })] },
    want: {},
  },
  {
    name: 'compliant: quantities as JSON numbers and in every notation',
    reason: 'cpu: 1 and memory: 536870912 are what YAML gives for unquoted values; exponents and binary suffixes are quantities',
    spec: { containers: [app({ requests: { cpu: 1, memory: '1e8' }, limits: { memory: 536870912, cpu: '1.5', 'ephemeral-storage': '2Gi' } })] },
    want: {},
  },
  {
    name: 'compliant: an ephemeral container without resources',
    reason: 'Kubernetes allows an ephemeral container no resources, so none are required of it',
    spec: { containers: [app(FULL)], ephemeralContainers: [container('debug')] },
    want: {},
  },
  // Absent, no defaults: refused.
  {
    name: 'no resources at all, no defaults: refused field by field',
    reason: 'Kyverno badpod01: each missing field is named, with the container',
    spec: { containers: [app()] },
    want: {
      findings: [
        { path: 'spec.containers[0].resources.requests.cpu', message: `container "app" sets no resources.requests.cpu; ${NEED}` },
        { path: 'spec.containers[0].resources.requests.memory', message: `container "app" sets no resources.requests.memory; ${NEED}` },
        { path: 'spec.containers[0].resources.limits.memory', message: `container "app" sets no resources.limits.memory; ${NEED}` },
      ],
    },
  },
  {
    name: 'requests without a memory limit: refused',
    reason: 'Kyverno badpod02: the memory limit is required too',
    spec: { containers: [app({ requests: { cpu: '500m', memory: '256Mi' } })] },
    want: { findings: [{ path: 'spec.containers[0].resources.limits.memory', message: `container "app" sets no resources.limits.memory; ${NEED}` }] },
  },
  {
    name: 'an init container without resources: refused',
    reason: "Kyverno's pattern covers initContainers, and so does a LimitRange",
    spec: { initContainers: [container('setup')], containers: [app(FULL)] },
    want: {
      findings: [
        { path: 'spec.initContainers[0].resources.requests.cpu', message: `init container "setup" sets no resources.requests.cpu; ${NEED}` },
        { path: 'spec.initContainers[0].resources.requests.memory', message: `init container "setup" sets no resources.requests.memory; ${NEED}` },
        { path: 'spec.initContainers[0].resources.limits.memory', message: `init container "setup" sets no resources.limits.memory; ${NEED}` },
      ],
    },
  },
  {
    name: 'null reads as absent',
    reason: 'a null field is not a value: it is missing',
    spec: { containers: [app({ requests: { cpu: null, memory: '1Gi' }, limits: { memory: '1Gi' } })] },
    want: { findings: [{ path: 'spec.containers[0].resources.requests.cpu', message: `container "app" sets no resources.requests.cpu; ${NEED}` }] },
  },
  {
    name: 'absent under Warn: reported only',
    reason: 'the action decides: a warning, nothing refused',
    spec: { containers: [app({ requests: { cpu: '1', memory: '1Gi' } })] },
    input: input({ rules: { 'k8s-requests-limits': { action: 'Warn' } } }),
    want: { findings: [{ action: 'Warn', path: 'spec.containers[0].resources.limits.memory', message: `container "app" sets no resources.limits.memory; ${NEED}` }] },
  },
  // Absent, with defaults: injected.
  {
    name: 'with defaults, no resources: every field injected',
    reason: 'like a LimitRange: the defaults fill what is absent',
    spec: { containers: [app()] },
    input: withDefaults(),
    want: {
      mutations: [
        { path: 'spec.containers[0].resources.requests.cpu', value: '100m' },
        { path: 'spec.containers[0].resources.requests.memory', value: '128Mi' },
        { path: 'spec.containers[0].resources.limits.memory', value: '512Mi' },
      ],
      fixed: { containers: [app(DEFAULTS)] },
    },
  },
  {
    name: 'with defaults, requests taken from the container’s own limits',
    reason: 'Kubernetes defaults a missing request to the limit of that resource (SetDefaults_Pod); a smaller default would misstate the pod',
    spec: { containers: [app({ limits: { cpu: '2', memory: '64Mi' } })] },
    input: withDefaults(),
    want: {
      mutations: [
        { path: 'spec.containers[0].resources.requests.cpu', value: '2' },
        { path: 'spec.containers[0].resources.requests.memory', value: '64Mi' },
      ],
      fixed: { containers: [app({ limits: { cpu: '2', memory: '64Mi' }, requests: { cpu: '2', memory: '64Mi' } })] },
    },
  },
  {
    name: 'with defaults, only what is absent',
    reason: 'never over an explicit value',
    spec: { initContainers: [container('setup', { resources: { requests: { cpu: '1' } } })], containers: [app(FULL)] },
    input: withDefaults(),
    want: {
      mutations: [
        { path: 'spec.initContainers[0].resources.requests.memory', value: '128Mi' },
        { path: 'spec.initContainers[0].resources.limits.memory', value: '512Mi' },
      ],
      fixed: { initContainers: [container('setup', { resources: { requests: { cpu: '1', memory: '128Mi' }, limits: { memory: '512Mi' } } })], containers: [app(FULL)] },
    },
  },
  {
    name: 'with defaults, a request above the default limit: refused, the rest injected',
    reason: 'a memory limit below the request makes an invalid pod (a LimitRange would make it so, and the API server refuse it)',
    spec: { containers: [app({ requests: { memory: '2Gi' } })] },
    input: withDefaults(),
    want: {
      findings: [
        {
          path: 'spec.containers[0].resources.limits.memory',
          message: 'container "app" sets no resources.limits.memory, and its resources.requests.memory "2Gi" is above the default limit 512Mi; set resources.limits.memory to at least the request',
        },
      ],
      mutations: [{ path: 'spec.containers[0].resources.requests.cpu', value: '100m' }],
      fixed: { containers: [app({ requests: { memory: '2Gi', cpu: '100m' } })] },
    },
  },
  {
    name: 'with some defaults only: the rest refused',
    reason: 'a field without a default cannot be injected',
    spec: { containers: [app()] },
    input: input({ rules: { 'k8s-requests-limits': { defaults: { limits: { memory: '1Gi' } } } } }),
    want: {
      findings: [
        { path: 'spec.containers[0].resources.requests.cpu', message: 'container "app" sets no resources.requests.cpu, and the rule has no default for it; set it' },
        { path: 'spec.containers[0].resources.requests.memory', message: 'container "app" sets no resources.requests.memory, and the rule has no default for it; set it' },
      ],
      mutations: [{ path: 'spec.containers[0].resources.limits.memory', value: '1Gi' }],
      fixed: { containers: [app({ limits: { memory: '1Gi' } })] },
    },
  },
  {
    name: 'with defaults under Deny: reported with the value to set',
    reason: 'Deny injects nothing; each finding carries the fix Mutate would have made',
    spec: { containers: [app({ requests: { cpu: '1', memory: '256Mi' } })] },
    input: withDefaults({ action: 'Deny' }),
    want: { findings: [{ path: 'spec.containers[0].resources.limits.memory', message: 'container "app" sets no resources.limits.memory', fix: '512Mi' }] },
  },
  // Explicitly unsafe.
  {
    name: 'a memory limit of zero: refused, even with defaults',
    reason: 'the kubelet reads 0 as no limit at all',
    spec: { containers: [app({ requests: { cpu: '1', memory: '0' }, limits: { memory: '0' } })] },
    input: withDefaults(),
    want: { findings: [{ path: 'spec.containers[0].resources.limits.memory', message: 'container "app" has resources.limits.memory "0", which the kubelet reads as no memory limit at all; set a limit above zero' }] },
  },
  {
    name: 'a memory limit that parses as zero: refused',
    reason: 'ParseQuantity reads a suffix alone ("Gi") as zero',
    spec: { containers: [app({ requests: { cpu: '1', memory: '1Gi' }, limits: { memory: 'Gi' } })] },
    want: { findings: [{ path: 'spec.containers[0].resources.limits.memory', message: 'container "app" has resources.limits.memory "Gi", which the kubelet reads as no memory limit at all; set a limit above zero' }] },
  },
  {
    name: 'a negative request: refused',
    reason: 'the API server refuses a negative quantity',
    spec: { containers: [app({ requests: { cpu: '-1', memory: '1Gi' }, limits: { memory: '1Gi' } })] },
    want: { findings: [{ path: 'spec.containers[0].resources.requests.cpu', message: 'container "app" has resources.requests.cpu "-1", a negative quantity the API server refuses' }] },
  },
  // Malformed.
  {
    name: 'a quantity that does not parse: refused with the parser’s reason',
    reason: 'a quantity in a resource that does not parse is a finding naming the path',
    spec: { containers: [app({ requests: { cpu: '1 core', memory: '1Gi' }, limits: { memory: '1Gi' } })] },
    want: {
      findings: [
        {
          path: 'spec.containers[0].resources.requests.cpu',
          message:
            'container "app" has resources.requests.cpu "1 core", which is not a Kubernetes quantity (e.g. 250m, 0.5, 512Mi, 1Gi): quantities must match the regular expression ^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$',
        },
      ],
    },
  },
  {
    name: 'any malformed entry of requests or limits: refused',
    reason: 'every entry is a quantity the API server parses, not only cpu and memory',
    spec: { containers: [app({ requests: { cpu: '1', memory: '1Gi' }, limits: { memory: '1Gi', 'ephemeral-storage': '2K' } })] },
    want: {
      findings: [
        {
          path: 'spec.containers[0].resources.limits.ephemeral-storage',
          message: 'container "app" has resources.limits.ephemeral-storage "2K", which is not a Kubernetes quantity (e.g. 250m, 0.5, 512Mi, 1Gi): unable to parse quantity\'s suffix',
        },
      ],
    },
  },
  {
    name: 'a quantity of the wrong type: refused',
    reason: 'a boolean is no quantity',
    spec: { containers: [app({ requests: { cpu: true, memory: '1Gi' }, limits: { memory: '1Gi' } })] },
    want: {
      findings: [
        { path: 'spec.containers[0].resources.requests.cpu', message: 'container "app" has resources.requests.cpu true, which is not a Kubernetes quantity (e.g. 250m, 0.5, 512Mi, 1Gi): not a string or a number' },
      ],
    },
  },
  {
    name: 'a malformed limit is not copied into the request',
    reason: 'with defaults, a request copies its own limit only where the limit is a quantity',
    spec: { containers: [app({ requests: { memory: '1Gi' }, limits: { cpu: 'lots', memory: '1Gi' } })] },
    input: withDefaults(),
    want: {
      findings: [
        { path: 'spec.containers[0].resources.limits.cpu', message: 'container "app" has resources.limits.cpu "lots", which is not a Kubernetes quantity (e.g. 250m, 0.5, 512Mi, 1Gi): quantities must match the regular expression ^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$' },
      ],
    },
  },
  {
    name: 'requests that are not a map: refused once',
    reason: 'what cannot be read is refused, never taken as absent',
    spec: { containers: [app({ requests: ['cpu', 'memory'], limits: { memory: '1Gi' } })] },
    input: withDefaults(),
    want: { findings: [{ path: 'spec.containers[0].resources.requests', message: 'container "app" has resources.requests that is an array, not a map of quantities' }] },
  },
];

describe('k8s-requests-limits', () => {
  it.each(podCases(requestsLimits, cases))('$name', (c) => runCase(c));
});

describe('k8s-requests-limits defaults', () => {
  const parse = (defaults: unknown) => {
    const parsed = parseInput({ apiVersion: 'guardrails.fn.crossplane.io/v1beta1', kind: 'Guardrails', rules: { 'k8s-requests-limits': { defaults } } }, CATALOG);
    return parsed.ok ? [] : parsed.problems;
  };
  const cases: { name: string; reason: string; defaults: unknown; want: string[] }[] = [
    { name: 'every default', reason: 'the documented shape', defaults: DEFAULTS, want: [] },
    { name: 'one default', reason: 'each is optional', defaults: { requests: { cpu: '50m' } }, want: [] },
    { name: 'no default at all', reason: 'an empty defaults injects nothing and would hide that absence is refused', defaults: {}, want: ['rules.k8s-requests-limits.defaults: name at least one default; remove defaults to refuse what is missing instead'] },
    {
      name: 'a quantity that does not parse',
      reason: 'validated as the API server would',
      defaults: { requests: { cpu: '100 millicores' } },
      want: ['rules.k8s-requests-limits.defaults.requests.cpu: "100 millicores" is not a Kubernetes quantity (e.g. 250m, 0.5, 512Mi, 1Gi): quantities must match the regular expression ^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'],
    },
    { name: 'a negative quantity', reason: 'never valid as a request', defaults: { requests: { memory: '-1Mi' } }, want: ['rules.k8s-requests-limits.defaults.requests.memory: "-1Mi" is negative'] },
    { name: 'a zero memory limit', reason: 'it limits nothing', defaults: { limits: { memory: '0' } }, want: ['rules.k8s-requests-limits.defaults.limits.memory: "0" is zero, which the kubelet reads as no memory limit at all'] },
    {
      name: 'a memory request above the memory limit',
      reason: 'a pod given both would be invalid',
      defaults: { requests: { memory: '1Gi' }, limits: { memory: '512Mi' } },
      want: ['rules.k8s-requests-limits.defaults.requests.memory: the memory request 1Gi is above the memory limit 512Mi: a pod given both is invalid'],
    },
    { name: 'a CPU limit', reason: 'not a default the rule knows: a CPU limit throttles, and Kyverno does not require one', defaults: { limits: { cpu: '1' } }, want: ['rules.k8s-requests-limits.defaults.limits: unknown field "cpu"'] },
    { name: 'a number', reason: 'quantities are strings in the Input', defaults: { requests: { cpu: 1 } }, want: ['rules.k8s-requests-limits.defaults.requests.cpu: Invalid input: expected string, received number'] },
  ];
  it.each(cases)('$name', ({ defaults, want }) => {
    expect(parse(defaults)).toEqual(want);
  });
});
