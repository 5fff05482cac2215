/**
 * Azure virtual machines and disks: SSH keys, never passwords, on Linux;
 * a public IP only with a person's approval; managed disks encrypted and
 * without a public export endpoint.
 */
import { defineRule, type ProviderKindRef, type Rule } from '../../engine/rule.js';
import { fieldRule } from '../kit/field.js';
import { describe, explicitParams } from '../params.js';
import { isObject } from '../../lang/fieldpath.js';

const az = (service: string, kind: string): ProviderKindRef => ({ cloud: 'azure', service, kind });

const LINUX_VM = az('compute', 'LinuxVirtualMachine');
const LINUX_VMSS = az('compute', 'LinuxVirtualMachineScaleSet');
const WINDOWS_VMSS = az('compute', 'WindowsVirtualMachineScaleSet');
const NIC = az('network', 'NetworkInterface');
const DISK = az('compute', 'ManagedDisk');

export const vmPasswordAuthentication = fieldRule({
  id: 'azure-vm-password-authentication',
  title: 'Linux VMs accept SSH keys, not passwords',
  severity: 'high',
  defaultAction: 'Mutate',
  on: [
    { kind: LINUX_VM, field: ['disablePasswordAuthentication'] },
    { kind: LINUX_VMSS, field: ['disablePasswordAuthentication'] },
  ],
  type: 'boolean',
  safe: true,
  inject: true,
  missing: 'password authentication was not turned off',
  unsafe: 'set it to true (or remove it) and give adminSshKey instead of adminPassword',
  why: 'A password can be guessed by anyone who reaches port 22; a key cannot. Azure then requires an `adminSshKey`. Azure turns passwords off when the field is absent; the explicit value keeps it so.',
  references: { checkov: ['CKV_AZURE_1', 'CKV_AZURE_149', 'CKV_AZURE_49', 'CKV_AZURE_178'], trivy: ['AZU-0039'] },
}) satisfies Rule;

/** Where each kind puts a public IP: the list of IP configurations, and the fields in one that attach a public IP. */
const PUBLIC_IP_FIELDS: ReadonlyMap<string, { list: readonly string[]; inner?: string; fields: readonly string[] }> = new Map([
  ['azure/network/NetworkInterface', { list: ['ipConfiguration'], fields: ['publicIpAddressId', 'publicIpAddressIdRef', 'publicIpAddressIdSelector'] }],
  ['azure/compute/LinuxVirtualMachineScaleSet', { list: ['networkInterface'], inner: 'ipConfiguration', fields: ['publicIpAddress'] }],
  ['azure/compute/WindowsVirtualMachineScaleSet', { list: ['networkInterface'], inner: 'ipConfiguration', fields: ['publicIpAddress'] }],
]);

export const networkPublicIp = defineRule({
  id: 'azure-network-public-ip',
  title: 'A VM with a public IP needs approval',
  severity: 'high',
  defaultAction: 'RequireApproval',
  description:
    "Holds for approval what gives a virtual machine a public IP address: a NetworkInterface whose `ipConfiguration` attaches one (`publicIpAddressId`, `publicIpAddressIdRef` or `publicIpAddressIdSelector`), and a Linux or Windows scale set whose `networkInterface[].ipConfiguration[]` has a `publicIpAddress` block (each instance then gets its own). A VM reaches the internet through its network interface, which is where the address is attached; the VM kinds themselves have no public IP field. Legitimate for a bastion or a public server, so a person decides; reach VMs through Azure Bastion or a load balancer otherwise. A list or block of the wrong shape is held too.",
  references: { checkov: ['CKV_AZURE_119', 'CKV2_AZURE_39'], trivy: ['AZU-0076'] },
  kinds: [NIC, LINUX_VMSS, WINDOWS_VMSS],
  check(ctx) {
    const where = PUBLIC_IP_FIELDS.get(ctx.type.ref);
    if (where === undefined) return;
    for (const { path, value } of explicitParams(ctx.resource, where.list)) {
      if (!Array.isArray(value)) {
        ctx.unsafe(path, `${path} must be a list, got ${describe(value)}`);
        continue;
      }
      value.forEach((item: unknown, i) => {
        const at = `${path}[${i}]`;
        if (!isObject(item)) return void ctx.unsafe(at, `${at} must be an object, got ${describe(item)}`);
        if (where.inner === undefined) return void attached(item, at);
        const configs = item[where.inner];
        if (configs === undefined || configs === null) return;
        if (!Array.isArray(configs)) return void ctx.unsafe(`${at}.${where.inner}`, `${at}.${where.inner} must be a list, got ${describe(configs)}`);
        configs.forEach((c: unknown, j) => {
          const inner = `${at}.${where.inner}[${j}]`;
          if (!isObject(c)) ctx.unsafe(inner, `${inner} must be an object, got ${describe(c)}`);
          else attached(c, inner);
        });
      });
    }

    function attached(config: Record<string, unknown>, at: string): void {
      const field = where!.fields.find((f) => config[f] !== undefined && config[f] !== null && !(Array.isArray(config[f]) && (config[f] as unknown[]).length === 0));
      if (field === undefined) return;
      const path = `${at}.${field}`;
      ctx.unsafe(path, `${path} gives the virtual machine a public IP address, reachable from the internet on every port its network security groups allow; approve only if it must be reached directly (a bastion, a public server), otherwise use Azure Bastion or a load balancer`);
    }
  },
}) satisfies Rule;

export const managedDiskEncryption = defineRule({
  id: 'azure-managed-disk-encryption',
  title: 'Managed disks stay encrypted',
  severity: 'high',
  defaultAction: 'Deny',
  description:
    'Refuses a ManagedDisk with an explicit `encryptionSettings.enabled: false`, and a value there that is not a boolean. Azure encrypts every managed disk at rest with a platform key whatever is set, and the current CRDs have no such field; older ones (provider-upjet-azure before v1, azurerm 3) did, and there `false` turned Azure Disk Encryption off. Nothing to inject: absent is encrypted. A customer managed key (`diskEncryptionSetId`) is the platform\'s choice, not judged here.',
  references: { checkov: ['CKV_AZURE_2'], trivy: ['AZU-0038'] },
  kinds: [DISK],
  check(ctx) {
    for (const { path, value } of explicitParams(ctx.resource, ['encryptionSettings', 'enabled'])) {
      if (typeof value !== 'boolean') ctx.unsafe(path, `${path} must be a boolean, got ${describe(value)}`);
      else if (!value) ctx.unsafe(path, `${path} is false; remove it (or set it to true) so the disk is encrypted`);
    }
  },
}) satisfies Rule;

export const managedDiskPublicNetwork = fieldRule({
  id: 'azure-managed-disk-public-network',
  title: 'Managed disks have no public export endpoint',
  severity: 'medium',
  defaultAction: 'Mutate',
  on: [{ kind: DISK, field: ['publicNetworkAccessEnabled'] }],
  type: 'boolean',
  safe: false,
  inject: false,
  missing: 'public network access to the disk was not turned off; Azure turns it on',
  unsafe: 'set it to false (or remove it); export and import disks through a disk access resource and a private endpoint',
  why: 'With it on, a SAS URL issued for the disk (export, import, backup tools) lets anyone who holds it download or overwrite the whole disk from the internet.',
  references: { checkov: ['CKV_AZURE_251'] },
}) satisfies Rule;

/** The compute rules in evaluation order. */
export const COMPUTE_RULES = [vmPasswordAuthentication, networkPublicIp, managedDiskEncryption, managedDiskPublicNetwork] as const satisfies readonly Rule[];
