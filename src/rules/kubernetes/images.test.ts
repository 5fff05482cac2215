import { describe, expect, it } from 'vitest';
import { input } from '../../../test/builders.js';
import { runCase } from '../../../test/builders/aws-data.js';
import { container, podCases, type PodCase } from '../../../test/builders/workloads.js';
import { parseInput } from '../../load/parse.js';
import { CATALOG } from '../catalog.js';
import { imageRegistries, imageTag } from './images.js';

const DIGEST = `sha256:${'c'.repeat(64)}`;
const ALLOWED = ['registry.example.com/*', 'mcr.microsoft.com/*'];
const allowed = (globs: string[] = ALLOWED, extra: Record<string, unknown> = {}) => input({ rules: { 'k8s-image-registries': { allowed: globs, ...extra } } });
const runs = (image: unknown) => ({ containers: [container('app', { image })] });
const NOT_ALLOWED = `not an allowed registry (${ALLOWED.join(', ')}); use an image from an allowed registry`;

const registryCases: PodCase[] = [
  {
    name: 'not configured: any registry passes',
    reason: 'the rule acts only where the Input lists registries',
    spec: runs('nginx:1.27'),
    want: {},
  },
  {
    name: 'an allowed registry passes, in every container list',
    reason: 'each glob matches the normalised registry/repository',
    spec: {
      initContainers: [container('setup', { image: 'mcr.microsoft.com/dotnet/runtime-deps:8.0' })],
      containers: [container('app', { image: `registry.example.com/team/app@${DIGEST}` })],
      ephemeralContainers: [container('debug', { image: 'registry.example.com/tools/debug:2' })],
    },
    input: allowed(),
    want: {},
  },
  {
    name: 'an uppercase host is the same host',
    reason: 'hosts are case-insensitive: Registry.Example.COM is registry.example.com',
    spec: runs('Registry.Example.COM/team/app:1'),
    input: allowed(),
    want: {},
  },
  {
    name: 'Docker Hub by its familiar name: refused',
    reason: 'nginx is docker.io/library/nginx',
    spec: runs('nginx:1.27'),
    input: allowed(),
    want: { findings: [{ path: 'spec.containers[0].image', message: `container "app" runs "nginx:1.27", which is docker.io/library/nginx:1.27 from docker.io, ${NOT_ALLOWED}` }] },
  },
  {
    name: 'a digest-pinned image from elsewhere: refused',
    reason: 'a digest pins the content, not where it comes from',
    spec: runs(`ghcr.io/org/app@${DIGEST}`),
    input: allowed(),
    want: { findings: [{ path: 'spec.containers[0].image', message: `container "app" runs "ghcr.io/org/app@${DIGEST}", which is ghcr.io/org/app from ghcr.io, ${NOT_ALLOWED}` }] },
  },
  {
    name: 'a look-alike host: refused',
    reason: 'registry.example.com.evil.io is another host',
    spec: runs('registry.example.com.evil.io/team/app:1'),
    input: allowed(),
    want: {
      findings: [{ path: 'spec.containers[0].image', message: `container "app" runs "registry.example.com.evil.io/team/app:1", which is registry.example.com.evil.io/team/app:1 from registry.example.com.evil.io, ${NOT_ALLOWED}` }],
    },
  },
  {
    name: 'the allowed host on another port: refused',
    reason: 'a port is part of the registry; allow it by name (registry.example.com:*/*) if meant',
    spec: runs('registry.example.com:8443/team/app:1'),
    input: allowed(),
    want: { findings: [{ path: 'spec.containers[0].image', message: `container "app" runs "registry.example.com:8443/team/app:1", which is registry.example.com:8443/team/app:1 from registry.example.com:8443, ${NOT_ALLOWED}` }] },
  },
  {
    name: 'an allowed host spelled as a Docker Hub name: refused',
    reason: 'with no / before the digest, the name is docker.io/library/registry.example.com',
    spec: runs(`registry.example.com@${DIGEST}`),
    input: allowed(),
    want: {
      findings: [{ path: 'spec.containers[0].image', message: `container "app" runs "registry.example.com@${DIGEST}", which is docker.io/library/registry.example.com from docker.io, ${NOT_ALLOWED}` }],
    },
  },
  {
    name: 'a wildcard host does not reach into the path',
    reason: '*.example.com/* allows cdn.example.com, never evil.io/x.example.com',
    spec: { containers: [container('ok', { image: 'cdn.example.com/app:1' }), container('evil', { image: 'evil.io/x.example.com/app:1' })] },
    input: allowed(['*.example.com/*']),
    want: { findings: [{ path: 'spec.containers[1].image', message: 'container "evil" runs "evil.io/x.example.com/app:1", which is evil.io/x.example.com/app:1 from evil.io, not an allowed registry (*.example.com/*); use an image from an allowed registry' }] },
  },
  {
    name: 'a repository glob',
    reason: 'the path part narrows the registry to some repositories',
    spec: { containers: [container('ok', { image: 'nginx:1.27' }), container('other', { image: 'docker.io/bitnami/redis:7' })] },
    input: allowed(['docker.io/library/*']),
    want: { findings: [{ path: 'spec.containers[1].image', message: 'container "other" runs "docker.io/bitnami/redis:7", which is docker.io/bitnami/redis:7 from docker.io, not an allowed registry (docker.io/library/*); use an image from an allowed registry' }] },
  },
  {
    name: 'init and ephemeral containers and image volumes: refused alike',
    reason: 'every image the pod pulls is judged',
    spec: {
      initContainers: [container('setup', { image: 'busybox:1.36' })],
      containers: [container('app')],
      ephemeralContainers: [container('debug', { image: 'quay.io/tools/debug:1' })],
      volumes: [{ name: 'models', image: { reference: 'ghcr.io/org/models:v3' } }],
    },
    input: allowed(),
    want: {
      findings: [
        { path: 'spec.initContainers[0].image', message: `init container "setup" runs "busybox:1.36", which is docker.io/library/busybox:1.36 from docker.io, ${NOT_ALLOWED}` },
        { path: 'spec.ephemeralContainers[0].image', message: `ephemeral container "debug" runs "quay.io/tools/debug:1", which is quay.io/tools/debug:1 from quay.io, ${NOT_ALLOWED}` },
        { path: 'spec.volumes[0].image.reference', message: `image volume "models" runs "ghcr.io/org/models:v3", which is ghcr.io/org/models:v3 from ghcr.io, ${NOT_ALLOWED}` },
      ],
    },
  },
  {
    name: 'under Warn: reported only',
    reason: 'the action decides',
    spec: runs('nginx:1.27'),
    input: allowed(ALLOWED, { action: 'Warn' }),
    want: { findings: [{ action: 'Warn', path: 'spec.containers[0].image', message: `container "app" runs "nginx:1.27", which is docker.io/library/nginx:1.27 from docker.io, ${NOT_ALLOWED}` }] },
  },
  // Malformed.
  {
    name: 'an image that does not parse: refused',
    reason: 'an image reference that does not parse is a finding naming the path',
    spec: runs('registry.example.com@evil'),
    input: allowed(),
    want: {
      findings: [{ path: 'spec.containers[0].image', message: 'container "app" has image "registry.example.com@evil", which is not an image reference the runtime accepts: invalid reference format: the digest is not algorithm:hex' }],
    },
  },
  {
    name: 'a path that climbs: refused',
    reason: '.. is no path component',
    spec: runs('registry.example.com/../evil/app:1'),
    input: allowed(),
    want: { findings: [{ path: 'spec.containers[0].image', message: 'container "app" has image "registry.example.com/../evil/app:1", which is not an image reference the runtime accepts: invalid reference format' }] },
  },
  {
    name: 'no image: refused',
    reason: 'nothing to judge is never a pass',
    spec: { containers: [{ name: 'app' }] },
    input: allowed(),
    want: { findings: [{ path: 'spec.containers[0].image', message: 'container "app" has no image; name the image to run' }] },
  },
  {
    name: 'an image that is not a string: refused',
    reason: 'a list is no reference',
    spec: runs(['registry.example.com/app:1']),
    input: allowed(),
    want: { findings: [{ path: 'spec.containers[0].image', message: 'container "app" has image that is an array, not an image reference' }] },
  },
  {
    name: 'an image volume that is not an object: refused',
    reason: 'what cannot be read is refused',
    spec: { containers: [container('app')], volumes: [{ name: 'models', image: 'ghcr.io/org/models:v3' }] },
    input: allowed(),
    want: { findings: [{ path: 'spec.volumes[0].image', message: 'image volume "models" has image that is the string "ghcr.io/org/models:v3", not an object with a reference' }] },
  },
];

const tagCases: PodCase[] = [
  {
    name: 'a version tag passes',
    reason: 'pinned to a version',
    spec: { initContainers: [container('setup', { image: 'busybox:1.36' })], containers: [container('app', { image: 'nginx:1.27' })] },
    want: {},
  },
  {
    name: 'a digest passes, whatever the tag',
    reason: 'the runtime pulls the digest: latest@sha256 is pinned',
    spec: { containers: [container('a', { image: `nginx@${DIGEST}` }), container('b', { image: `nginx:latest@${DIGEST}` })] },
    want: {},
  },
  {
    name: 'no tag: refused',
    reason: 'Kyverno require-image-tag: an untagged image pulls latest',
    spec: runs('nginx'),
    want: { findings: [{ path: 'spec.containers[0].image', message: 'container "app" runs "nginx" with no tag, which pulls docker.io/library/nginx:latest; pin a version tag or a digest' }] },
  },
  {
    name: 'the latest tag: refused',
    reason: 'Kyverno validate-image-tag',
    spec: runs('nginx:latest'),
    want: { findings: [{ path: 'spec.containers[0].image', message: 'container "app" runs "nginx:latest"; the latest tag moves with every push: pin a version tag or a digest' }] },
  },
  {
    name: 'a port is no tag: refused',
    reason: 'localhost:5000/app pulls localhost:5000/app:latest (Kyverno\'s "*:*" would take the port for a tag)',
    spec: runs('localhost:5000/app'),
    want: { findings: [{ path: 'spec.containers[0].image', message: 'container "app" runs "localhost:5000/app" with no tag, which pulls localhost:5000/app:latest; pin a version tag or a digest' }] },
  },
  {
    name: 'init, ephemeral and image volumes: refused alike',
    reason: 'every image the pod pulls is judged',
    spec: {
      initContainers: [container('setup', { image: 'busybox' })],
      containers: [container('app')],
      ephemeralContainers: [container('debug', { image: 'busybox:latest' })],
      volumes: [{ name: 'data', emptyDir: {} }, { name: 'models', image: { reference: 'ghcr.io/org/models' } }],
    },
    want: {
      findings: [
        { path: 'spec.initContainers[0].image', message: 'init container "setup" runs "busybox" with no tag, which pulls docker.io/library/busybox:latest; pin a version tag or a digest' },
        { path: 'spec.ephemeralContainers[0].image', message: 'ephemeral container "debug" runs "busybox:latest"; the latest tag moves with every push: pin a version tag or a digest' },
        { path: 'spec.volumes[1].image.reference', message: 'image volume "models" runs "ghcr.io/org/models" with no tag, which pulls ghcr.io/org/models:latest; pin a version tag or a digest' },
      ],
    },
  },
  {
    name: 'an unnamed container is named by its index',
    reason: 'the message still says which one',
    spec: { containers: [{ image: 'nginx:latest' }] },
    want: { findings: [{ path: 'spec.containers[0].image', message: 'container [0] runs "nginx:latest"; the latest tag moves with every push: pin a version tag or a digest' }] },
  },
  {
    name: 'under Warn: reported only',
    reason: 'the action decides',
    spec: runs('nginx'),
    input: input({ rules: { 'k8s-image-tag': { action: 'Warn' } } }),
    want: { findings: [{ action: 'Warn', path: 'spec.containers[0].image', message: 'container "app" runs "nginx" with no tag, which pulls docker.io/library/nginx:latest; pin a version tag or a digest' }] },
  },
  // Malformed.
  {
    name: 'an uppercase repository: refused as malformed',
    reason: 'the runtime refuses it too',
    spec: runs('Nginx:1.27'),
    want: { findings: [{ path: 'spec.containers[0].image', message: 'container "app" has image "Nginx:1.27", which is not an image reference the runtime accepts: the repository name must be lowercase' }] },
  },
  {
    name: 'an empty image: refused',
    reason: 'nothing to judge is never a pass',
    spec: runs(''),
    want: { findings: [{ path: 'spec.containers[0].image', message: 'container "app" has no image; name the image to run' }] },
  },
  {
    name: 'an image that is a number: refused',
    reason: 'not a reference',
    spec: runs(1.27),
    want: { findings: [{ path: 'spec.containers[0].image', message: 'container "app" has image that is number 1.27, not an image reference' }] },
  },
];

describe('k8s-image-registries', () => {
  it.each(podCases(imageRegistries, registryCases))('$name', (c) => runCase(c));

  const parse = (allowedGlobs: unknown) => {
    const parsed = parseInput({ apiVersion: 'guardrails.fn.crossplane.io/v1beta1', kind: 'Guardrails', rules: { 'k8s-image-registries': { allowed: allowedGlobs } } }, CATALOG);
    return parsed.ok ? [] : parsed.problems;
  };
  it.each([
    { name: 'registry globs', globs: ALLOWED, want: [] },
    { name: 'a repository glob', globs: ['docker.io/library/nginx'], want: [] },
    { name: 'an empty list', globs: [], want: ['rules.k8s-image-registries.allowed: list at least one registry; remove "allowed" to lift the limit'] },
    {
      name: 'a glob with no path part',
      globs: ['registry.example.com'],
      want: ['rules.k8s-image-registries.allowed[0]: "registry.example.com" must name a registry and a repository path, as images are normalised: registry.example.com/*, docker.io/library/nginx'],
    },
    { name: 'a glob with no host part', globs: ['/app'], want: ['rules.k8s-image-registries.allowed[0]: "/app" must name a registry and a repository path, as images are normalised: registry.example.com/*, docker.io/library/nginx'] },
  ])('allowed: $name', ({ globs, want }) => {
    expect(parse(globs)).toEqual(want);
  });
});

describe('k8s-image-tag', () => {
  it.each(podCases(imageTag, tagCases))('$name', (c) => runCase(c));
});
