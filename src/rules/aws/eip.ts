/**
 * Elastic IPs: an address associated with an instance or a network
 * interface makes it reachable from the internet at a fixed public address,
 * wherever its security groups allow; a person should confirm that. Every way
 * an association is written is held: an `EIP` that names an instance or a
 * network interface (by ID, reference or selector), and any
 * `EIPAssociation`, which exists only to make one. An `EIP` that names
 * neither is only an allocation, and passes (a NAT gateway's address is
 * allocated so, and serves outbound traffic only).
 */
import { defineRule, type KindRef, type Rule } from '../../engine/rule.js';
import { explicitParams } from '../params.js';

const ec2 = (kind: string): KindRef => ({ cloud: 'aws', service: 'ec2', kind });

/** The fields through which an EIP or an EIPAssociation names what it is associated with, as provider-upjet-aws names them. */
const EIP_TARGETS = ['instance', 'instanceRef', 'instanceSelector', 'networkInterface', 'networkInterfaceRef', 'networkInterfaceSelector'];
const ASSOCIATION_TARGETS = ['instanceId', 'instanceIdRef', 'instanceIdSelector', 'networkInterfaceId', 'networkInterfaceIdRef', 'networkInterfaceIdSelector'];

const present = (v: unknown) => v !== undefined && v !== null && v !== '';

const APPROVE = 'approve only if it must be reached directly from the internet at a fixed address, otherwise reach it through a load balancer, SSM Session Manager or a VPN';

export const eipAssociation = defineRule({
  id: 'aws-ec2-eip-association',
  title: 'An Elastic IP on an instance needs approval',
  severity: 'high',
  defaultAction: 'RequireApproval',
  description:
    'Holds for approval an `EIP` that names an instance or a network interface (`instance`, `instanceRef`, `instanceSelector`, `networkInterface`, `networkInterfaceRef` or `networkInterfaceSelector`, in forProvider or initProvider), and every `EIPAssociation` (whatever it names: its only effect is to attach a public address to an instance or interface): the instance becomes reachable from the internet at a fixed public address, wherever its security groups allow. An `EIP` that names neither is an allocation only and passes (a NAT gateway takes one by `allocationId` and serves outbound traffic only).',
  kinds: [ec2('EIP'), ec2('EIPAssociation')],
  check(ctx) {
    const association = ctx.type.kind === 'EIPAssociation';
    const named = (association ? ASSOCIATION_TARGETS : EIP_TARGETS).flatMap((f) => explicitParams(ctx.resource, [f]).filter((e) => present(e.value)));
    if (named.length > 0) {
      const fields = [...new Set(named.map((e) => e.path.slice(e.path.lastIndexOf('.') + 1)))].join(', ');
      ctx.unsafe(named[0]!.path, `${association ? 'the association' : 'the Elastic IP'} attaches a public address to the instance or network interface it names (${fields}), reachable from the internet wherever its security groups allow; ${APPROVE}`);
    } else if (association) {
      ctx.unsafe('spec.forProvider', `the association names no instance or network interface here, so what it attaches a public address to cannot be seen; ${APPROVE}`);
    }
  },
}) satisfies Rule;

/** The Elastic IP rules in evaluation order. */
export const EIP_RULES = [eipAssociation] as const satisfies readonly Rule[];
