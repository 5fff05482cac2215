import { describe, expect, it } from 'vitest';
import { API_VERSION_LANGUAGE, canMatch, globMatch, KIND_LANGUAGE, NAMESPACE_LANGUAGE, OBJECT_NAME_LANGUAGE, type Language } from './glob.js';

describe('globMatch', () => {
  const cases = [
    { name: 'literal', glob: 'Bucket', value: 'Bucket', want: true },
    { name: 'literal is case-sensitive', glob: 'bucket', value: 'Bucket', want: false },
    { name: 'star alone matches anything', glob: '*', value: 's3.aws.upbound.io/v1beta1', want: true },
    { name: 'star matches nothing too', glob: 'db.t4g.*', value: 'db.t4g.', want: true },
    { name: 'the issue example, cluster-scoped', glob: '*.aws.*upbound.io/*', value: 's3.aws.upbound.io/v1beta2', want: true },
    { name: 'the issue example, namespaced', glob: '*.aws.*upbound.io/*', value: 'rds.aws.m.upbound.io/v1beta1', want: true },
    { name: 'the issue example, another cloud', glob: '*.aws.*upbound.io/*', value: 'storage.gcp.upbound.io/v1beta1', want: false },
    { name: 'star spans slashes', glob: 'a*z', value: 'a/b/c/z', want: true },
    { name: 'backtracks to a later occurrence', glob: '*-prod', value: 'eu-prod-x-prod', want: true },
    { name: 'suffix must match', glob: 'bastion-*', value: 'web-1', want: false },
    { name: 'several stars', glob: '*a*b*c*', value: 'xxaxxbxxcxx', want: true },
    { name: 'several stars, out of order', glob: '*a*b*c*', value: 'cba', want: false },
    { name: 'no regex meaning', glob: 'db.t4g.*', value: 'dbxt4gxlarge', want: false },
    { name: 'empty value', glob: '*', value: '', want: true },
  ];
  it.each(cases)('$name', ({ glob, value, want }) => {
    expect(globMatch(glob, value)).toBe(want);
  });

  it('runs in linear time on a pattern that makes backtracking regexps explode', () => {
    const value = 'a'.repeat(20_000);
    expect(globMatch('*a*a*a*a*a*a*a*a*b', value)).toBe(false);
  });
});

describe('canMatch', () => {
  const cases: { name: string; glob: string; lang: Language; want: boolean }[] = [
    { name: 'apiVersion: the issue example', glob: '*.aws.*upbound.io/*', lang: API_VERSION_LANGUAGE, want: true },
    { name: 'apiVersion: a core version', glob: 'v1', lang: API_VERSION_LANGUAGE, want: true },
    { name: 'apiVersion: uppercase', glob: 'S3.aws.upbound.io/*', lang: API_VERSION_LANGUAGE, want: false },
    { name: 'apiVersion: two slashes', glob: 'a/b/c', lang: API_VERSION_LANGUAGE, want: false },
    { name: 'apiVersion: a dot in the version', glob: 'x/v1.2', lang: API_VERSION_LANGUAGE, want: false },
    { name: 'apiVersion: starts with a slash', glob: '/v1', lang: API_VERSION_LANGUAGE, want: false },
    { name: 'apiVersion: star then slash', glob: '*/*', lang: API_VERSION_LANGUAGE, want: true },
    { name: 'apiVersion: a group without a version', glob: '*.aws.upbound.io', lang: API_VERSION_LANGUAGE, want: false },
    { name: 'apiVersion: a group glob without a version', glob: 's3.aws.*', lang: API_VERSION_LANGUAGE, want: true },
    { name: 'apiVersion: a core version with a dot', glob: 'v1.2', lang: API_VERSION_LANGUAGE, want: false },
    { name: 'kind: glob', glob: 'Security*', lang: KIND_LANGUAGE, want: true },
    { name: 'kind: with a group', glob: 's3.Bucket', lang: KIND_LANGUAGE, want: false },
    { name: 'kind: starts with a digit', glob: '1*', lang: KIND_LANGUAGE, want: false },
    { name: 'kind: lowercase', glob: 'bucket', lang: KIND_LANGUAGE, want: false },
    { name: 'kind: a star first', glob: '*Rule', lang: KIND_LANGUAGE, want: true },
    { name: 'name: the issue example', glob: 'bastion-*', lang: OBJECT_NAME_LANGUAGE, want: true },
    { name: 'name: an underscore', glob: 'web_*', lang: OBJECT_NAME_LANGUAGE, want: false },
    { name: 'namespace: a dot', glob: 'team.ops', lang: NAMESPACE_LANGUAGE, want: false },
    { name: 'namespace: plain', glob: 'ops', lang: NAMESPACE_LANGUAGE, want: true },
  ];
  it.each(cases)('$name', ({ glob, lang, want }) => {
    expect(canMatch(glob, lang)).toBe(want);
  });
});
