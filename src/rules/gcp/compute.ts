/**
 * Compute Engine VMs, judged alike on every kind that launches one or says
 * how one launches: an `Instance`, an `InstanceTemplate` (what instance
 * groups launch), and an `InstanceFromTemplate` (a template's values, with
 * its own fields as overrides). No external IP without a person's approval,
 * never the default service account with access to every API, no serial
 * console, no project-wide SSH keys, OS Login left on, Shielded VM.
 *
 * An InstanceFromTemplate takes every field it does not set from its
 * template, and a field it does set replaces the template's whole field
 * (a block, the metadata map): so what it sets is judged, what it does not
 * set is the template's (judged where the template is composed), and
 * nothing is injected into it that would replace the template's value.
 */
import { formatFieldPath, isObject, type Segment } from '../../lang/fieldpath.js';
import { defineRule, type KindRef, type Rule, type RuleContext } from '../../engine/rule.js';
import { fieldRules } from '../kit/field.js';
import { describe, explicitParams } from '../params.js';
import { CLUSTER, FROM_TEMPLATE, gcp, INSTANCE, INSTANCE_FROM_TEMPLATE, INSTANCE_TEMPLATE, NODE_POOL, VM_KINDS } from './kinds.js';

const fromTemplate = (ctx: RuleContext) => ctx.type.kind === INSTANCE_FROM_TEMPLATE.kind;

/** Each element of the list at a forProvider/initProvider field, with its path; a value that is not a list of objects is reported. */
function eachBlock(ctx: RuleContext, field: readonly string[], what: string, fn: (block: Record<string, unknown>, path: string) => void): void {
  for (const { path, value } of explicitParams(ctx.resource, field)) {
    if (!Array.isArray(value)) {
      ctx.unsafe(path, `${path} must be a list of ${what}, got ${describe(value)}`);
      continue;
    }
    value.forEach((item: unknown, i) => {
      const at = `${path}[${i}]`;
      if (isObject(item)) fn(item, at);
      else ctx.unsafe(at, `${at} must be an object, got ${describe(item)}`);
    });
  }
}

export const computePublicIp = defineRule({
  id: 'gcp-compute-public-ip',
  title: 'A VM with an external IP needs approval',
  severity: 'high',
  defaultAction: 'RequireApproval',
  description:
    'Holds for approval an Instance, InstanceTemplate or InstanceFromTemplate with an external address on any network interface: an `accessConfig` entry (even an empty one, `{}`, which asks for an ephemeral external IPv4) or an `ipv6AccessConfig` entry (an external IPv6 range), in forProvider or initProvider. A VM without one is reached through IAP, a load balancer or Cloud NAT; a person should confirm one that must face the internet. Interfaces and access configs that are not lists of objects are held too: they cannot be judged.',
  references: { checkov: ['CKV_GCP_40'], trivy: ['GCP-0031'] },
  kinds: VM_KINDS,
  check(ctx) {
    eachBlock(ctx, ['networkInterface'], 'network interfaces', (nic, at) => {
      for (const field of ['accessConfig', 'ipv6AccessConfig']) {
        const configs = nic[field];
        if (configs === undefined || configs === null) continue;
        const where = `${at}.${field}`;
        if (!Array.isArray(configs)) ctx.unsafe(where, `${where} must be a list, got ${describe(configs)}; it cannot be judged`);
        else if (configs.length > 0) {
          const ip = configs.find((c) => isObject(c) && typeof c.natIp === 'string' && c.natIp !== '') as Record<string, unknown> | undefined;
          ctx.unsafe(
            where,
            `${where} gives the VM an external ${field === 'accessConfig' ? `IPv4 address${ip !== undefined ? ` (${String(ip.natIp)})` : ''}` : 'IPv6 range'}; approve only if it must be reached from the internet, else remove it and use IAP, a load balancer or Cloud NAT`,
          );
        }
      }
    });
  },
}) satisfies Rule;

/** The Compute Engine default service account: `<project number>-compute@developer.gserviceaccount.com`, or `default` as the API takes it. */
const DEFAULT_SA = /^(\d+-compute@developer\.gserviceaccount\.com|default)$/i;

/** The scope that lets a token reach every Google Cloud API the account may use. */
const FULL_SCOPES = new Set(['cloud-platform', 'https://www.googleapis.com/auth/cloud-platform']);

/** One place a default service account may be attached: where, and with which scopes. */
interface Attachment {
  path: string;
  /** Why it is the default account: `no email`, the email. */
  account: string;
  scopes: string[];
  full: boolean;
}

/** The service accounts a VM or GKE node pool runs as, when it is the default one; malformed values reported. */
function defaultAccounts(ctx: RuleContext): Attachment[] {
  const out: Attachment[] = [];
  const scopesOf = (value: unknown, path: string): string[] => {
    if (value === undefined || value === null) return [];
    if (!Array.isArray(value)) {
      ctx.unsafe(path, `${path} must be a list of scopes, got ${describe(value)}`);
      return [];
    }
    return value.filter((s): s is string => typeof s === 'string');
  };
  const full = (scopes: string[]) => scopes.some((s) => FULL_SCOPES.has(s.trim().toLowerCase()));
  if (ctx.type.ref === `gcp/${CLUSTER.service}/${CLUSTER.kind}` || ctx.type.ref === `gcp/${NODE_POOL.service}/${NODE_POOL.kind}`) {
    for (const { path, value } of explicitParams(ctx.resource, ['nodeConfig'])) {
      const nc = Array.isArray(value) ? value[0] : value;
      if (!isObject(nc)) continue;
      const at = Array.isArray(value) ? `${path}[0]` : path;
      if (isObject(nc.serviceAccountRef) || isObject(nc.serviceAccountSelector)) continue; // a ServiceAccount of its own
      const email = nc.serviceAccount;
      if (email !== undefined && email !== null && typeof email !== 'string') {
        ctx.unsafe(`${at}.serviceAccount`, `${at}.serviceAccount must be a string, got ${describe(email)}`);
        continue;
      }
      if (typeof email === 'string' && email !== '' && !DEFAULT_SA.test(email.trim())) continue;
      const scopes = scopesOf(nc.oauthScopes, `${at}.oauthScopes`);
      out.push({ path: typeof email === 'string' ? `${at}.serviceAccount` : at, account: typeof email === 'string' && email !== '' ? email : 'no serviceAccount (the Compute Engine default)', scopes, full: full(scopes) });
    }
    return out;
  }
  for (const { path, value } of explicitParams(ctx.resource, ['serviceAccount'])) {
    const sa = Array.isArray(value) ? value[0] : value;
    const at = Array.isArray(value) ? `${path}[0]` : path;
    if (!isObject(sa)) {
      ctx.unsafe(path, `${path} must be ${Array.isArray(value) ? 'a list with one object' : 'an object'}, got ${describe(value)}`);
      continue;
    }
    if (isObject(sa.emailRef) || isObject(sa.emailSelector)) continue; // a ServiceAccount of its own
    const email = sa.email;
    if (email !== undefined && email !== null && typeof email !== 'string') {
      ctx.unsafe(`${at}.email`, `${at}.email must be a string, got ${describe(email)}`);
      continue;
    }
    if (typeof email === 'string' && email !== '' && !DEFAULT_SA.test(email.trim())) continue;
    const scopes = scopesOf(sa.scopes, `${at}.scopes`);
    out.push({ path: typeof email === 'string' ? `${at}.email` : at, account: typeof email === 'string' && email !== '' ? email : 'no email (the Compute Engine default)', scopes, full: full(scopes) });
  }
  return out;
}

const NODE_KINDS: readonly KindRef[] = [CLUSTER, NODE_POOL];

export const computeDefaultSaFullAccess = defineRule({
  id: 'gcp-compute-default-sa-full-access',
  title: 'No VM or GKE node runs as the default service account with access to every API',
  severity: 'critical',
  defaultAction: 'Deny',
  description:
    'Refuses an Instance, InstanceTemplate or InstanceFromTemplate whose `serviceAccount` is the Compute Engine default (no `email`, `default`, or `<number>-compute@developer.gserviceaccount.com`; not an `emailRef` or `emailSelector`) with the `cloud-platform` scope, and a GKE Cluster or NodePool whose `nodeConfig` runs as it (no `serviceAccount`, or the default) with `cloud-platform` in `oauthScopes` (a `serviceAccountRef` or `serviceAccountSelector` names an account of its own). The default account is an Editor of the project unless the organization turned that off: anyone with code on the VM or node then controls the project. A VM with no `serviceAccount` block has no account at all and passes.',
  references: { checkov: ['CKV_GCP_31'], trivy: ['GCP-0044'] },
  kinds: [...VM_KINDS, ...NODE_KINDS],
  check(ctx) {
    for (const a of defaultAccounts(ctx)) {
      if (a.full) ctx.unsafe(a.path, `runs as the default service account (${a.account}) with the cloud-platform scope, so a token on the machine reaches every API the project's Editor may use; use a service account of its own with the roles it needs`);
    }
  },
}) satisfies Rule;

export const computeDefaultSa = defineRule({
  id: 'gcp-compute-default-sa',
  title: 'A VM running as the default service account needs approval',
  severity: 'medium',
  defaultAction: 'RequireApproval',
  description:
    'Holds for approval an Instance, InstanceTemplate or InstanceFromTemplate whose `serviceAccount` is the Compute Engine default (no `email`, `default`, or `<number>-compute@developer.gserviceaccount.com`) with narrower scopes than `cloud-platform` (which `gcp-compute-default-sa-full-access` refuses): the account is shared by every such VM of the project and usually an Editor. A VM with no `serviceAccount` block has none and passes (Checkov counts it as the default; the API attaches nothing).',
  references: { checkov: ['CKV_GCP_30'], trivy: ['GCP-0044'] },
  kinds: VM_KINDS,
  check(ctx) {
    for (const a of defaultAccounts(ctx)) {
      if (!a.full) ctx.unsafe(a.path, `runs as the default service account (${a.account}${a.scopes.length > 0 ? `, scopes ${a.scopes.join(', ')}` : ''}), shared by every VM of the project that has no account of its own; approve it, or give the VM a service account with only the roles it needs`);
    }
  },
}) satisfies Rule;

/** Metadata values GCE reads as true or false (case-insensitive). */
const TRUE_WORDS = new Set(['true', '1', 'yes', 'y', 'on']);
const FALSE_WORDS = new Set(['false', '0', 'no', 'n', 'off']);

const PROJECT_METADATA = gcp('compute', 'ProjectMetadata');
const PROJECT_METADATA_ITEM = gcp('compute', 'ProjectMetadataItem');

interface MetadataControl {
  key: string;
  /** The value it must have, as GCE reads it. */
  safe: boolean;
  /** What is injected into a VM's metadata where the key is absent (none: absence passes on a VM). */
  inject?: string;
  /** What is injected into a project's metadata where the key is absent (none: absence passes there). */
  injectProject?: string;
  missing: string;
  advice: string;
}

/**
 * Judges one metadata key on VMs (`metadata`), on project metadata
 * (`ProjectMetadata.metadata`, every VM of the project) and on a single
 * project metadata item (`key`, `value`). Keys are matched without case.
 */
function judgeMetadata(ctx: RuleContext, c: MetadataControl): void {
  const judge = (path: string, value: unknown) => {
    if (typeof value !== 'string') return ctx.unsafe(path, `${path} must be a string, got ${describe(value)}`);
    const word = value.trim().toLowerCase();
    const ok = c.safe ? TRUE_WORDS.has(word) : FALSE_WORDS.has(word);
    if (!ok) ctx.unsafe(path, `${path} is ${describe(value, true)}; ${c.advice}`);
  };
  if (ctx.type.ref === `gcp/compute/${PROJECT_METADATA_ITEM.kind}`) {
    const keys = explicitParams(ctx.resource, ['key']);
    if (!keys.some((k) => typeof k.value === 'string' && k.value.trim().toLowerCase() === c.key)) return;
    for (const { path, value } of explicitParams(ctx.resource, ['value'])) judge(path, value);
    return;
  }
  const maps = explicitParams(ctx.resource, ['metadata']);
  let found = false;
  for (const { path, value, segments } of maps) {
    if (!isObject(value)) {
      ctx.unsafe(path, `${path} must be a map of strings, got ${describe(value)}`);
      found = true; // cannot be read: nothing is injected beside it
      continue;
    }
    for (const [k, v] of Object.entries(value)) {
      if (k.trim().toLowerCase() !== c.key) continue;
      found = true;
      judge(formatFieldPath([...segments, k]), v);
    }
  }
  if (found) return;
  const project = ctx.type.ref === `gcp/compute/${PROJECT_METADATA.kind}`;
  const value = project ? c.injectProject : c.inject;
  if (value === undefined) return;
  // Into the map that is there (forProvider's, else initProvider's), so it stays whole; a new one only where there is none.
  const map = maps.find((m) => isObject(m.value));
  if (map === undefined && fromTemplate(ctx)) return; // the template's metadata: an injected map would replace it
  const at: Segment[] = map?.segments ?? ['spec', 'forProvider', 'metadata'];
  ctx.missing([...at, c.key], value, c.missing);
}

const METADATA_KINDS: readonly KindRef[] = [...VM_KINDS, PROJECT_METADATA, PROJECT_METADATA_ITEM];

const SERIAL: MetadataControl = {
  key: 'serial-port-enable',
  safe: false,
  inject: 'false',
  missing: 'the serial console was not turned off',
  advice: 'set it to "false" (or remove it) so nobody reaches the VM\'s interactive serial console, which bypasses the network and its firewalls',
};

export const computeSerialPort = defineRule({
  id: 'gcp-compute-serial-port',
  title: 'The interactive serial console is off',
  severity: 'medium',
  defaultAction: 'Mutate',
  description:
    'Injects `metadata: {serial-port-enable: "false"}` into an Instance or InstanceTemplate that does not set the key (an instance value wins over a project-wide `true`), into the map that is there when there is one; an InstanceFromTemplate gets it only when it sets its own metadata. Refuses any other value than a false one (`false`, `0`, `no`, `off`, any case) on a VM, in ProjectMetadata (every VM of the project) and in a ProjectMetadataItem `serial-port-enable`, and metadata that is not a map of strings.',
  fix: 'injects `metadata.serial-port-enable: "false"`.',
  references: { checkov: ['CKV_GCP_35'], trivy: ['GCP-0032'] },
  kinds: METADATA_KINDS,
  check: (ctx) => judgeMetadata(ctx, SERIAL),
}) satisfies Rule;

const PROJECT_SSH_KEYS: MetadataControl = {
  key: 'block-project-ssh-keys',
  safe: true,
  inject: 'true',
  missing: 'project-wide SSH keys were not blocked',
  advice: 'set it to "true" (or remove it) so SSH keys in project metadata, which reach every VM of the project, do not reach this one',
};

export const computeBlockProjectSshKeys = defineRule({
  id: 'gcp-compute-block-project-ssh-keys',
  title: 'VMs do not accept project-wide SSH keys',
  severity: 'medium',
  defaultAction: 'Mutate',
  description:
    'Injects `metadata: {block-project-ssh-keys: "true"}` into an Instance or InstanceTemplate that does not set the key (into the map that is there when there is one; an InstanceFromTemplate only when it sets its own metadata), so one key added to the project does not open every VM. Refuses any value other than a true one (`true`, `1`, `yes`, `on`, any case), and metadata that is not a map of strings. With OS Login on, metadata keys are ignored anyway.',
  fix: 'injects `metadata.block-project-ssh-keys: "true"`.',
  references: { checkov: ['CKV_GCP_32'], trivy: ['GCP-0030'] },
  kinds: VM_KINDS,
  check: (ctx) => judgeMetadata(ctx, PROJECT_SSH_KEYS),
}) satisfies Rule;

const OS_LOGIN: MetadataControl = {
  key: 'enable-oslogin',
  safe: true,
  injectProject: 'TRUE',
  missing: 'OS Login was not turned on for the project',
  advice: 'set it to "TRUE" (or remove it on a VM, so the project\'s setting applies) so SSH access follows IAM and is audited, instead of keys in metadata',
};

export const computeOsLogin = defineRule({
  id: 'gcp-compute-os-login',
  title: 'OS Login is on',
  severity: 'medium',
  defaultAction: 'Mutate',
  description:
    'Injects `metadata: {enable-oslogin: "TRUE"}` into a ProjectMetadata that does not set it (every VM of the project then logs in through IAM). Refuses a value other than a true one (`TRUE`, `1`, `yes`, `on`, any case) in ProjectMetadata, in a ProjectMetadataItem `enable-oslogin`, and on an Instance, InstanceTemplate or InstanceFromTemplate, where a VM that does not set it follows the project.',
  fix: 'injects `metadata.enable-oslogin: "TRUE"` into ProjectMetadata.',
  references: { checkov: ['CKV_GCP_33', 'CKV_GCP_34'], trivy: ['GCP-0036', 'GCP-0042'] },
  kinds: METADATA_KINDS,
  check: (ctx) => judgeMetadata(ctx, OS_LOGIN),
}) satisfies Rule;

const shielded = (field: string) => [
  { kind: INSTANCE, field: ['shieldedInstanceConfig', field] },
  { kind: INSTANCE_TEMPLATE, field: ['shieldedInstanceConfig', field] },
  { kind: INSTANCE_FROM_TEMPLATE, field: ['shieldedInstanceConfig', field], inherits: FROM_TEMPLATE },
];

export const [computeSecureBoot, computeVtpm, computeIntegrityMonitoring, computeIpForwarding] = fieldRules([
  {
    id: 'gcp-compute-secure-boot',
    title: 'VMs boot with Shielded VM secure boot',
    severity: 'medium',
    defaultAction: 'Mutate',
    on: shielded('enableSecureBoot'),
    type: 'boolean',
    safe: true,
    inject: true,
    missing: 'Shielded VM secure boot was not turned on',
    unsafe: 'set it to true (or remove it) so the VM boots only signed bootloaders and kernels',
    why: 'Secure boot stops boot-level malware (bootkits, rootkits); it needs an image with Shielded VM support, which every Google-provided image has.',
    references: { trivy: ['GCP-0067'] },
  },
  {
    id: 'gcp-compute-vtpm',
    title: 'VMs keep the Shielded VM virtual TPM',
    severity: 'medium',
    defaultAction: 'Deny',
    on: shielded('enableVtpm'),
    type: 'boolean',
    safe: true,
    providerDefault: true,
    missing: 'the virtual TPM was not turned on',
    unsafe: 'set it to true (or remove it) so the VM keeps its virtual TPM for measured boot',
    why: 'The vTPM measures the boot for integrity monitoring and protects keys and secrets on the VM.',
    references: { checkov: ['CKV_GCP_39'], trivy: ['GCP-0041'] },
  },
  {
    id: 'gcp-compute-integrity-monitoring',
    title: 'VMs keep Shielded VM integrity monitoring',
    severity: 'medium',
    defaultAction: 'Deny',
    on: shielded('enableIntegrityMonitoring'),
    type: 'boolean',
    safe: true,
    providerDefault: true,
    missing: 'integrity monitoring was not turned on',
    unsafe: 'set it to true (or remove it) so a changed boot sequence is detected and reported',
    why: 'Integrity monitoring compares each boot with a known-good baseline and reports tampering to Cloud Monitoring.',
    references: { checkov: ['CKV_GCP_39'], trivy: ['GCP-0045'] },
  },
  {
    id: 'gcp-compute-ip-forwarding',
    title: 'A VM that forwards IP packets needs approval',
    severity: 'medium',
    defaultAction: 'RequireApproval',
    on: [
      { kind: INSTANCE, field: ['canIpForward'] },
      { kind: INSTANCE_TEMPLATE, field: ['canIpForward'] },
      { kind: INSTANCE_FROM_TEMPLATE, field: ['canIpForward'], inherits: FROM_TEMPLATE },
    ],
    type: 'boolean',
    safe: false,
    providerDefault: false,
    missing: 'IP forwarding was not set',
    unsafe: 'approve it only for a router, NAT or network appliance; otherwise set it to false or remove it',
    why: 'A VM that forwards packets it is not the destination of can route around firewall rules and spoof traffic.',
    references: { checkov: ['CKV_GCP_36'], trivy: ['GCP-0043'] },
  },
]) as [Rule, Rule, Rule, Rule];

/** The Compute Engine VM rules in evaluation order. */
export const COMPUTE_RULES = [
  computePublicIp,
  computeDefaultSaFullAccess,
  computeDefaultSa,
  computeSerialPort,
  computeBlockProjectSshKeys,
  computeOsLogin,
  computeSecureBoot,
  computeVtpm,
  computeIntegrityMonitoring,
  computeIpForwarding,
] as const satisfies readonly Rule[];

