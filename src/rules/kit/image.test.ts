import { describe, expect, it } from 'vitest';
import { MAX_IMAGE_LENGTH, parseImage, type ImageRef } from './image.js';

const SHA = 'a'.repeat(64);
const DIGEST = `sha256:${SHA}`;

/**
 * References as containerd reads them (distribution/reference
 * ParseDockerRef: normalize.go splitDockerDomain, reference.go's grammar,
 * go-digest's algorithms): what is pulled, from where.
 */
const valid: { name: string; reason: string; image: string; want: ImageRef }[] = [
  // Docker Hub's familiar names.
  { name: 'an official image', reason: 'one component: docker.io/library/', image: 'nginx', want: { registry: 'docker.io', path: 'library/nginx', name: 'docker.io/library/nginx' } },
  { name: 'an official image with a tag', reason: 'the tag is kept for the tag rule', image: 'nginx:1.27', want: { registry: 'docker.io', path: 'library/nginx', name: 'docker.io/library/nginx', tag: '1.27' } },
  { name: 'a user image', reason: 'a first component without . or : is a Docker Hub namespace', image: 'user/app', want: { registry: 'docker.io', path: 'user/app', name: 'docker.io/user/app' } },
  { name: 'docker.io without library', reason: 'docker.io with one component gets library/', image: 'docker.io/nginx:1', want: { registry: 'docker.io', path: 'library/nginx', name: 'docker.io/library/nginx', tag: '1' } },
  { name: 'the legacy Docker Hub host', reason: 'index.docker.io is docker.io', image: 'index.docker.io/nginx', want: { registry: 'docker.io', path: 'library/nginx', name: 'docker.io/library/nginx' } },
  { name: 'the legacy host with a namespace', reason: 'index.docker.io is docker.io', image: 'index.docker.io/user/app:2', want: { registry: 'docker.io', path: 'user/app', name: 'docker.io/user/app', tag: '2' } },
  { name: 'a deep user path', reason: 'no library/ where the path has a /', image: 'user/team/app', want: { registry: 'docker.io', path: 'user/team/app', name: 'docker.io/user/team/app' } },
  // Other registries.
  { name: 'a registry with a dot', reason: 'a first component with a . is a host', image: 'registry.example.com/team/app:v1', want: { registry: 'registry.example.com', path: 'team/app', name: 'registry.example.com/team/app', tag: 'v1' } },
  { name: 'a registry with a port', reason: 'a : makes a host; the port is no tag', image: 'registry.example.com:5000/app', want: { registry: 'registry.example.com:5000', path: 'app', name: 'registry.example.com:5000/app' } },
  { name: 'a port and a tag', reason: 'the tag is after the last /', image: 'registry.example.com:5000/app:1.2', want: { registry: 'registry.example.com:5000', path: 'app', name: 'registry.example.com:5000/app', tag: '1.2' } },
  { name: 'localhost', reason: 'localhost is always a host', image: 'localhost/app', want: { registry: 'localhost', path: 'app', name: 'localhost/app' } },
  { name: 'localhost with a port', reason: 'a host with a port', image: 'localhost:5000/app:1', want: { registry: 'localhost:5000', path: 'app', name: 'localhost:5000/app', tag: '1' } },
  { name: 'bare localhost', reason: "one component is a Docker Hub name, localhost included (normalize.go's FIXME)", image: 'localhost', want: { registry: 'docker.io', path: 'library/localhost', name: 'docker.io/library/localhost' } },
  { name: 'bare localhost with a port', reason: 'one component: the port reads as a tag', image: 'localhost:5000', want: { registry: 'docker.io', path: 'library/localhost', name: 'docker.io/library/localhost', tag: '5000' } },
  { name: 'an uppercase host', reason: 'an uppercase first component is a host; hosts match case-insensitively', image: 'Registry.Example.COM/team/app:1', want: { registry: 'Registry.Example.COM', path: 'team/app', name: 'registry.example.com/team/app', tag: '1' } },
  { name: 'an uppercase single-label host', reason: 'uppercase namespaces do not exist, so it is a host', image: 'REG/app', want: { registry: 'REG', path: 'app', name: 'reg/app' } },
  { name: 'an IPv4 host', reason: 'a dotted address is a host', image: '10.0.0.1:5000/app:1', want: { registry: '10.0.0.1:5000', path: 'app', name: '10.0.0.1:5000/app', tag: '1' } },
  { name: 'an IPv6 host', reason: 'a bracketed IPv6 address with a port', image: '[::1]:5000/app', want: { registry: '[::1]:5000', path: 'app', name: '[::1]:5000/app' } },
  { name: 'Microsoft', reason: 'a registry with a deep path', image: 'mcr.microsoft.com/dotnet/aspnet:8.0', want: { registry: 'mcr.microsoft.com', path: 'dotnet/aspnet', name: 'mcr.microsoft.com/dotnet/aspnet', tag: '8.0' } },
  { name: 'ECR Public', reason: 'a host with several labels', image: 'public.ecr.aws/nginx/nginx:1.27', want: { registry: 'public.ecr.aws', path: 'nginx/nginx', name: 'public.ecr.aws/nginx/nginx', tag: '1.27' } },
  { name: 'separators', reason: 'a path component may join with ., _, __ or runs of -', image: 'ghcr.io/a.b/c_d/e__f/g---h:1_x.Y-z', want: { registry: 'ghcr.io', path: 'a.b/c_d/e__f/g---h', name: 'ghcr.io/a.b/c_d/e__f/g---h', tag: '1_x.Y-z' } },
  { name: 'a host the grammar reads as a path', reason: 'no host has an _, so the grammar reads a path; the runtime contacts its first component all the same', image: 'a_b.com/x', want: { registry: 'a_b.com', path: 'x', name: 'a_b.com/x' } },
  // Digests.
  { name: 'a digest', reason: 'sha256 and 64 lowercase hex', image: `ghcr.io/org/app@${DIGEST}`, want: { registry: 'ghcr.io', path: 'org/app', name: 'ghcr.io/org/app', digest: DIGEST } },
  { name: 'a tag and a digest', reason: 'both parse; the runtime pulls the digest', image: `nginx:1.27@${DIGEST}`, want: { registry: 'docker.io', path: 'library/nginx', name: 'docker.io/library/nginx', tag: '1.27', digest: DIGEST } },
  { name: 'sha512', reason: 'go-digest registers sha512: 128 hex', image: `nginx@sha512:${'b'.repeat(128)}`, want: { registry: 'docker.io', path: 'library/nginx', name: 'docker.io/library/nginx', digest: `sha512:${'b'.repeat(128)}` } },
  {
    name: 'a host-like name pinned by digest',
    reason: 'no / before the @: one component, so a Docker Hub name, not the registry it spells',
    image: `registry.example.com@${DIGEST}`,
    want: { registry: 'docker.io', path: 'library/registry.example.com', name: 'docker.io/library/registry.example.com', digest: DIGEST },
  },
  { name: 'a look-alike host', reason: 'a different host that starts like an allowed one', image: 'registry.example.com.evil.io/x:1', want: { registry: 'registry.example.com.evil.io', path: 'x', name: 'registry.example.com.evil.io/x', tag: '1' } },
];

const invalid: { name: string; reason: string; image: string; error: string }[] = [
  { name: 'empty', reason: 'no name', image: '', error: 'an empty reference' },
  { name: 'an uppercase repository', reason: 'paths are lowercase', image: 'Nginx', error: 'the repository name must be lowercase' },
  { name: 'an uppercase user path', reason: 'paths are lowercase', image: 'user/App:1', error: 'the repository name must be lowercase' },
  { name: 'an uppercase path under a host', reason: 'only the host may have capitals', image: 'registry.example.com/Team/app', error: 'the repository name must be lowercase' },
  { name: 'a host and something that is no digest', reason: 'registry.example.com@evil: one component with a digest that is not algorithm:hex', image: 'registry.example.com@evil', error: 'invalid reference format: the digest is not algorithm:hex' },
  { name: 'a short digest', reason: 'at least 32 hex characters', image: 'nginx@sha256:abc', error: 'invalid reference format: the digest is not algorithm:hex' },
  { name: 'a digest of the wrong length', reason: 'sha256 is 64 hex', image: `nginx@sha256:${'a'.repeat(63)}`, error: 'a sha256 digest is 64 lowercase hex characters' },
  { name: 'an uppercase digest', reason: 'go-digest wants lowercase hex', image: `nginx@sha256:${'A'.repeat(64)}`, error: 'a sha256 digest is 64 lowercase hex characters' },
  { name: 'an unknown digest algorithm', reason: 'go-digest registers sha256, sha384, sha512', image: `nginx@md5:${'a'.repeat(32)}`, error: 'unsupported digest algorithm "md5"' },
  { name: 'an algorithm named like a prototype key', reason: 'looked up as an own key only', image: `nginx@constructor:${'a'.repeat(64)}`, error: 'unsupported digest algorithm "constructor"' },
  { name: 'two digests', reason: 'a digest has no @', image: `nginx@${DIGEST}@${DIGEST}`, error: 'invalid reference format: the digest is not algorithm:hex' },
  { name: 'a bare image ID', reason: 'ParseNormalizedNamed refuses 64-byte hex strings', image: SHA, error: 'a 64-character hex string is an image ID, not a name' },
  { name: 'an empty tag', reason: 'a tag has at least one character', image: 'nginx:', error: 'invalid reference format: a tag is letters, digits, _, . and - (at most 128, not starting with . or -)' },
  { name: 'a tag starting with a dash', reason: 'a tag starts with a word character', image: 'nginx:-1', error: 'invalid reference format: a tag is letters, digits, _, . and - (at most 128, not starting with . or -)' },
  { name: 'a tag too long', reason: 'at most 128 characters', image: `nginx:${'a'.repeat(129)}`, error: 'invalid reference format: a tag is letters, digits, _, . and - (at most 128, not starting with . or -)' },
  { name: 'two tags', reason: 'the path cannot hold a :', image: 'docker.io/library/nginx:1.27:1.28', error: 'invalid reference format' },
  { name: 'a parent directory', reason: 'a path component is alphanumerics joined by separators: no ..', image: 'docker.io/library/../etc/x', error: 'invalid reference format' },
  { name: 'a current directory', reason: 'no lone .', image: 'docker.io/library/./x', error: 'invalid reference format' },
  { name: 'an empty path component', reason: 'no //', image: 'registry.example.com/a//b', error: 'invalid reference format' },
  { name: 'a trailing slash', reason: 'no empty last component', image: 'registry.example.com/x/', error: 'invalid reference format' },
  { name: 'a host and nothing else', reason: 'a name needs a path', image: 'registry.example.com/', error: 'invalid reference format' },
  { name: 'a leading slash', reason: 'an empty first component', image: '/x', error: 'invalid reference format' },
  { name: 'a trailing dot on the host', reason: 'a host label cannot be empty', image: 'registry.example.com./x', error: 'invalid reference format' },
  { name: 'a host label starting with a dash', reason: 'labels start and end alphanumeric', image: '-registry.example.com/x', error: 'invalid reference format' },
  { name: 'a port that is not a number', reason: 'a port is digits', image: 'registry.example.com:https/x', error: 'invalid reference format' },
  { name: 'a URL', reason: 'no scheme', image: 'https://registry.example.com/x', error: 'invalid reference format' },
  { name: 'a homoglyph host', reason: 'a Cyrillic і: hosts are ASCII', image: 'reg\u0456stry.example.com/x:1', error: 'invalid reference format' },
  { name: 'fullwidth letters', reason: 'paths are ASCII', image: '\uff4e\uff47\uff49\uff4e\uff58', error: 'invalid reference format' },
  { name: 'a leading space', reason: 'no white space (the API server refuses it too)', image: ' nginx:1', error: 'invalid reference format' },
  { name: 'a trailing space', reason: 'a tag has no space', image: 'nginx:1 ', error: 'invalid reference format: a tag is letters, digits, _, . and - (at most 128, not starting with . or -)' },
  { name: 'a newline', reason: 'no control characters', image: 'nginx:1\nevil', error: 'invalid reference format: a tag is letters, digits, _, . and - (at most 128, not starting with . or -)' },
  { name: 'three underscores', reason: 'at most two', image: 'a___b', error: 'invalid reference format' },
  { name: 'a query', reason: 'no ?', image: 'registry.example.com/x?y=1', error: 'invalid reference format' },
  { name: 'a backslash', reason: 'no \\', image: 'registry.example.com\\x', error: 'invalid reference format' },
  { name: 'a path too long', reason: 'reference.go: at most 255 characters', image: `registry.example.com/${'a'.repeat(256)}`, error: 'the repository name is longer than 255 characters' },
  { name: 'too long', reason: 'bounded work', image: `registry.example.com/${'a/'.repeat(MAX_IMAGE_LENGTH)}x`, error: `longer than ${MAX_IMAGE_LENGTH} characters` },
];

describe('parseImage', () => {
  it.each(valid)('$name: $image', ({ image, want }) => {
    expect(parseImage(image)).toEqual({ ok: true, ref: want });
  });
  it.each(invalid)('$name is refused', ({ image, error }) => {
    expect(parseImage(image)).toEqual({ ok: false, error });
  });
});
