import { describe, it } from 'vitest';
import { awsResource, finding, runCase, SAME, served, withInit, withPolicies, type Case, type Served } from '../../../test/builders/aws-data.js';
import type { KubeObject } from '../../engine/types.js';
import { eksVersion } from './eks-version.js';

/** eks Cluster and NodeGroup: v1beta1 and v1beta2 cluster-scoped, v1beta1 namespaced; `version` is top-level, so shapes differ by group and version only. */
const SHAPES: readonly Served[] = [served('cluster', 'v1beta1'), served('cluster', 'v1beta2'), served('namespaced', 'v1beta1')];

const cluster = (s: Served, fp: Record<string, unknown> = {}): KubeObject => awsResource('eks', 'Cluster', s, { roleArn: 'arn:aws:iam::111122223333:role/eks', ...fp });
const nodeGroup = (s: Served, fp: Record<string, unknown> = {}): KubeObject => awsResource('eks', 'NodeGroup', s, { clusterName: 'c', nodeRoleArn: 'arn:role', ...fp });
const OLD = (path: string, v: string) => `${path} is "${v}", older than 1.23: AWS no longer patches it; upgrade one minor version at a time to a supported one`;
const pass: Case['want'] = { desired: SAME, mutations: [], findings: [] };

const cases: Case[] = SHAPES.flatMap((s) =>
  [cluster, nodeGroup].flatMap((b): Case[] => {
    const at = (what: string) => `${b === cluster ? 'Cluster' : 'NodeGroup'} (${s.label}): ${what}`;
    return [
      { name: at('an agent pins 1.21: warned'), reason: 'no longer patched', resource: b(s, { version: '1.21' }), rules: [eksVersion], want: { desired: SAME, mutations: [], findings: [finding(eksVersion, 'Warn', 'spec.forProvider.version', OLD('spec.forProvider.version', '1.21'))] } },
      { name: at('an agent hides 1.9 in initProvider: warned'), reason: 'initProvider is applied at creation, and 1.9 is older than 1.23 though it sorts after it as text', resource: withInit(b(s), { version: '1.9' }), rules: [eksVersion], want: { desired: SAME, mutations: [], findings: [finding(eksVersion, 'Warn', 'spec.initProvider.version', OLD('spec.initProvider.version', '1.9'))] } },
      { name: at('1.23 passes'), reason: 'the floor', resource: b(s, { version: '1.23' }), rules: [eksVersion], want: pass },
      { name: at('1.34 passes'), reason: 'newer than any fixed list still passes', resource: b(s, { version: '1.34' }), rules: [eksVersion], want: pass },
      { name: at('absent passes'), reason: "EKS's default is its newest version", resource: b(s), rules: [eksVersion], want: pass },
      { name: at('a version that is not one: reported'), reason: 'what cannot be judged is not passed', resource: b(s, { version: 1.21 }), rules: [eksVersion], want: { desired: SAME, mutations: [], findings: [finding(eksVersion, 'Warn', 'spec.forProvider.version', 'spec.forProvider.version is number 1.21, not a Kubernetes version such as "1.31"')] } },
      { name: at('observe-only: not judged'), reason: "someone else's cluster", resource: withPolicies(b(s, { version: '1.21' }), ['Observe']), rules: [eksVersion], want: pass },
    ];
  }),
);

describe('EKS version', () => {
  it.each(cases)('$name', (c) => runCase(c));
});
