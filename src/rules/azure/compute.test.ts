import { describe, it } from 'vitest';
import { booleanGuard, finding, guardCases, runCase, SAME, withInit, type Case, type Served } from '../../../test/builders/aws-data.js';
import { azureResource, THREE_SHAPES, TWO_SHAPES } from '../../../test/builders/azure-data.js';
import type { KubeObject } from '../../engine/types.js';
import { managedDiskEncryption, managedDiskPublicNetwork, networkPublicIp, vmPasswordAuthentication } from './compute.js';

const linuxVm = (s: Served = THREE_SHAPES[1]!, fp: Record<string, unknown> = {}): KubeObject =>
  azureResource('compute', 'LinuxVirtualMachine', s, { resourceGroupName: 'rg', size: 'Standard_B2s', adminUsername: 'azureuser', networkInterfaceIdsRefs: [{ name: 'nic' }], ...fp });
const scaleSet = (kind: 'LinuxVirtualMachineScaleSet' | 'WindowsVirtualMachineScaleSet', s: Served = THREE_SHAPES[1]!, fp: Record<string, unknown> = {}): KubeObject =>
  azureResource('compute', kind, s, { resourceGroupName: 'rg', sku: 'Standard_B2s', adminUsername: 'azureuser', ...fp });
const nic = (s: Served = TWO_SHAPES[0]!, fp: Record<string, unknown> = {}): KubeObject => azureResource('network', 'NetworkInterface', s, { resourceGroupName: 'rg', ...fp });
const disk = (s: Served = THREE_SHAPES[1]!, fp: Record<string, unknown> = {}): KubeObject => azureResource('compute', 'ManagedDisk', s, { resourceGroupName: 'rg', createOption: 'Empty', diskSizeGb: 32, storageAccountType: 'Standard_LRS', ...fp });

const PASSWORD_ADVICE = 'set it to true (or remove it) and give adminSshKey instead of adminPassword';

const guards: Case[] = [
  ...guardCases({ rule: vmPasswordAuthentication, field: ['disablePasswordAuthentication'], shapes: THREE_SHAPES, build: linuxVm, ...booleanGuard(true), missing: 'password authentication was not turned off', advice: PASSWORD_ADVICE }),
  ...guardCases({
    rule: vmPasswordAuthentication,
    field: ['disablePasswordAuthentication'],
    shapes: THREE_SHAPES,
    build: (s, fp) => scaleSet('LinuxVirtualMachineScaleSet', s, fp),
    ...booleanGuard(true),
    missing: 'password authentication was not turned off',
    advice: PASSWORD_ADVICE,
  }),
  ...guardCases({
    rule: managedDiskPublicNetwork,
    field: ['publicNetworkAccessEnabled'],
    shapes: THREE_SHAPES,
    build: disk,
    ...booleanGuard(false),
    missing: 'public network access to the disk was not turned off; Azure turns it on',
    advice: 'set it to false (or remove it); export and import disks through a disk access resource and a private endpoint',
  }),
];

const PUBLIC_IP = (path: string) =>
  finding(
    networkPublicIp,
    'RequireApproval',
    path,
    `${path} gives the virtual machine a public IP address, reachable from the internet on every port its network security groups allow; approve only if it must be reached directly (a bastion, a public server), otherwise use Azure Bastion or a load balancer`,
  );

const publicIp: Case[] = [
  ...TWO_SHAPES.flatMap((s): Case[] =>
    (['publicIpAddressId', 'publicIpAddressIdRef', 'publicIpAddressIdSelector'] as const).map((field) => ({
      name: `NetworkInterface ${s.label}: a public IP by ${field}, held`,
      reason: 'an ID, a reference or a selector attach a public IP alike',
      resource: nic(s, {
        ipConfiguration: [
          { name: 'internal', subnetIdRef: { name: 'subnet' }, privateIpAddressAllocation: 'Dynamic' },
          { name: 'public', privateIpAddressAllocation: 'Dynamic', [field]: field === 'publicIpAddressId' ? '/subscriptions/0/resourceGroups/rg/providers/Microsoft.Network/publicIPAddresses/pip' : field === 'publicIpAddressIdRef' ? { name: 'pip' } : { matchControllerRef: true } },
        ],
      }),
      rules: [networkPublicIp],
      want: { desired: SAME, mutations: [], findings: [PUBLIC_IP(`spec.forProvider.ipConfiguration[1].${field}`)] },
    })),
  ),
  {
    name: 'NetworkInterface: a private IP only passes',
    reason: 'compliant',
    resource: nic(undefined, { ipConfiguration: [{ name: 'internal', subnetIdRef: { name: 'subnet' }, privateIpAddressAllocation: 'Dynamic' }] }),
    rules: [networkPublicIp],
    want: { desired: SAME, mutations: [], findings: [] },
  },
  {
    name: 'NetworkInterface: a public IP in initProvider, held',
    reason: 'Upjet applies initProvider at creation',
    resource: withInit(nic(), { ipConfiguration: [{ name: 'public', publicIpAddressId: 'pip-id' }] }),
    rules: [networkPublicIp],
    want: { desired: SAME, mutations: [], findings: [PUBLIC_IP('spec.initProvider.ipConfiguration[0].publicIpAddressId')] },
  },
  ...(['LinuxVirtualMachineScaleSet', 'WindowsVirtualMachineScaleSet'] as const).flatMap((kind) =>
    THREE_SHAPES.map(
      (s): Case => ({
        name: `${kind} ${s.label}: a publicIpAddress block, held`,
        reason: 'each instance of the scale set gets a public IP',
        resource: scaleSet(kind, s, { networkInterface: [{ name: 'nic', primary: true, ipConfiguration: [{ name: 'ip', primary: true, publicIpAddress: [{ name: 'pip' }] }] }] }),
        rules: [networkPublicIp],
        want: { desired: SAME, mutations: [], findings: [PUBLIC_IP('spec.forProvider.networkInterface[0].ipConfiguration[0].publicIpAddress')] },
      }),
    ),
  ),
  {
    name: 'a scale set without public IPs passes',
    reason: 'compliant',
    resource: scaleSet('LinuxVirtualMachineScaleSet', undefined, { networkInterface: [{ name: 'nic', ipConfiguration: [{ name: 'ip', subnetId: 'subnet' }] }] }),
    rules: [networkPublicIp],
    want: { desired: SAME, mutations: [], findings: [] },
  },
  {
    name: 'malformed: ipConfiguration an object, a scale set IP configuration a string',
    reason: 'a public IP hidden in a malformed list is never passed as absent',
    resource: nic(undefined, { ipConfiguration: { name: 'public', publicIpAddressId: 'pip-id' } }),
    rules: [networkPublicIp],
    want: { desired: SAME, mutations: [], findings: [finding(networkPublicIp, 'RequireApproval', 'spec.forProvider.ipConfiguration', 'spec.forProvider.ipConfiguration must be a list, got an object')] },
  },
  {
    name: 'malformed: a scale set network interface whose ipConfiguration is a string',
    reason: 'held with what was found',
    resource: scaleSet('WindowsVirtualMachineScaleSet', undefined, { networkInterface: [{ name: 'nic', ipConfiguration: 'public' }, 'x'] }),
    rules: [networkPublicIp],
    want: {
      desired: SAME,
      mutations: [],
      findings: [
        finding(networkPublicIp, 'RequireApproval', 'spec.forProvider.networkInterface[0].ipConfiguration', 'spec.forProvider.networkInterface[0].ipConfiguration must be a list, got the string "public"'),
        finding(networkPublicIp, 'RequireApproval', 'spec.forProvider.networkInterface[1]', 'spec.forProvider.networkInterface[1] must be an object, got the string "x"'),
      ],
    },
  },
];

const encryption: Case[] = [
  ...THREE_SHAPES.flatMap((s): Case[] => [
    {
      name: `managed disk ${s.label}: nothing set passes, nothing injected`,
      reason: 'Azure encrypts every managed disk at rest; the current CRDs have no switch',
      resource: disk(s),
      rules: [managedDiskEncryption],
      want: { desired: SAME, mutations: [], findings: [] },
    },
    {
      name: `managed disk ${s.label}: encryptionSettings.enabled false refused`,
      reason: 'older CRDs had the switch; an explicit false is refused wherever it is written',
      resource: disk(s, { encryptionSettings: s.blocks === 'array' ? [{ enabled: false }] : { enabled: false } }),
      rules: [managedDiskEncryption],
      want: {
        desired: SAME,
        mutations: [],
        findings: [
          finding(
            managedDiskEncryption,
            'Deny',
            `spec.forProvider.encryptionSettings${s.blocks === 'array' ? '[0]' : ''}.enabled`,
            `spec.forProvider.encryptionSettings${s.blocks === 'array' ? '[0]' : ''}.enabled is false; remove it (or set it to true) so the disk is encrypted`,
          ),
        ],
      },
    },
  ]),
  {
    name: 'managed disk: encryptionSettings.enabled a string, refused as malformed',
    reason: 'a value of the wrong type is never passed',
    resource: disk(undefined, { encryptionSettings: { enabled: 'false' } }),
    rules: [managedDiskEncryption],
    want: { desired: SAME, mutations: [], findings: [finding(managedDiskEncryption, 'Deny', 'spec.forProvider.encryptionSettings.enabled', 'spec.forProvider.encryptionSettings.enabled must be a boolean, got the string "false"')] },
  },
];

describe('Azure compute', () => {
  it.each(guards)('$name', (c) => runCase(c));
  it.each(publicIp)('$name', (c) => runCase(c));
  it.each(encryption)('$name', (c) => runCase(c));
});
