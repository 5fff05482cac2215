/**
 * EKS clusters and node groups on a Kubernetes version AWS still patches.
 * The floor is Checkov's (CKV_AWS_339 lists 1.23 as its oldest supported
 * version, bridgecrewio/checkov EKSPlatformVersion.py); unlike Checkov's fixed
 * list, every newer version passes, so a release newer than the scanner is
 * never reported. An absent version is EKS's default, its newest.
 */
import { defineRule, type ProviderKindRef, type Rule } from '../../engine/rule.js';
import { describe, explicitParams } from '../params.js';

const eks = (kind: string): ProviderKindRef => ({ cloud: 'aws', service: 'eks', kind });

/** The oldest Kubernetes minor version (1.N) the rule accepts. */
export const OLDEST_MINOR = 23;

export const eksVersion = defineRule({
  id: 'aws-eks-version',
  title: 'EKS runs a Kubernetes version that is still patched',
  severity: 'medium',
  defaultAction: 'Warn',
  description: `Warns about an eks \`Cluster\` or \`NodeGroup\` whose \`version\` is older than 1.${OLDEST_MINOR} (Checkov's oldest supported version): AWS no longer publishes security fixes for it, and an unsupported cluster is upgraded by AWS on its own schedule. Any newer version passes; an absent version is EKS's newest. A value that is not a version (\`1.30\`) cannot be judged and is reported.`,
  references: { checkov: ['CKV_AWS_339'] },
  kinds: [eks('Cluster'), eks('NodeGroup')],
  check(ctx) {
    for (const { path, value } of explicitParams(ctx.resource, ['version'])) {
      const match = typeof value === 'string' ? /^1\.(0|[1-9][0-9]?)$/.exec(value) : null;
      if (match === null) ctx.unsafe(path, `${path} is ${describe(value)}, not a Kubernetes version such as "1.31"`);
      else if (Number(match[1]) < OLDEST_MINOR) ctx.unsafe(path, `${path} is "${String(value)}", older than 1.${OLDEST_MINOR}: AWS no longer patches it; upgrade one minor version at a time to a supported one`);
    }
  },
}) satisfies Rule;

/** The EKS version rules in evaluation order. */
export const EKS_VERSION_RULES = [eksVersion] as const satisfies readonly Rule[];
