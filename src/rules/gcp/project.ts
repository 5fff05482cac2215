/** GCP projects: no default network, whose firewall rules let SSH and RDP in from anywhere. */
import type { Rule } from '../../engine/rule.js';
import { fieldRule } from '../kit/field.js';
import { gcp } from './kinds.js';

export const projectDefaultNetwork = fieldRule({
  id: 'gcp-project-default-network',
  title: 'New projects get no default network',
  severity: 'high',
  defaultAction: 'Mutate',
  on: [{ kind: gcp('cloudplatform', 'Project'), field: ['autoCreateNetwork'] }],
  type: 'boolean',
  safe: false,
  inject: false,
  missing: 'the default network was not turned off',
  unsafe: 'set it to false (or remove it) so the project starts without the default network and its open firewall rules',
  why: 'The default network comes with firewall rules that admit SSH and RDP from 0.0.0.0/0 (`default-allow-ssh`, `default-allow-rdp`) to every VM placed in it; networks and firewalls should be composed on purpose, where the firewall rules judge them.',
  references: { checkov: ['CKV_GCP_27'], trivy: ['GCP-0010'] },
}) satisfies Rule;

/** The project rules in evaluation order. */
export const PROJECT_RULES = [projectDefaultNetwork] as const satisfies readonly Rule[];
