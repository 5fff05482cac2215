import { describe, it } from 'vitest';
import { booleanGuard, guardCases, runCase } from '../../../test/builders/aws-data.js';
import { gcpResource, shapes, type Served } from '../../../test/builders/gcp-data.js';
import { projectDefaultNetwork } from './project.js';

/** cloudplatform Project: v1beta1, cluster-scoped and namespaced (the field is top-level). */
const SHAPES = shapes(['v1beta1'], ['v1beta1']);
const project = (s: Served = SHAPES[0]!, forProvider: Record<string, unknown> = {}) => gcpResource('cloudplatform', 'Project', s, { name: 'acme-prod', orgId: '1', ...forProvider });

describe('GCP projects', () => {
  it.each(
    guardCases({
      rule: projectDefaultNetwork,
      field: ['autoCreateNetwork'],
      shapes: SHAPES,
      build: project,
      ...booleanGuard(false),
      missing: 'the default network was not turned off',
      advice: 'set it to false (or remove it) so the project starts without the default network and its open firewall rules',
    }),
  )('$name', (c) => runCase(c));
});
