/**
 * The Pod Security level a Namespace enforces. Pod Security Admission reads
 * it from the Namespace's labels (k8s.io/pod-security-admission,
 * `api/constants.go`): `pod-security.kubernetes.io/enforce` (a level) and
 * `pod-security.kubernetes.io/enforce-version` (`latest` or `v1.N`); where a
 * label is absent, the cluster's configured default applies, which is
 * `privileged` and `latest` unless an administrator set another
 * (kubernetes.io/docs/tasks/configure-pod-container/enforce-standards-admission-controller/).
 * A Namespace composed with `enforce: privileged`, or with none, lets every
 * pod in it past admission, whatever the pod rules here judged of the pods
 * this function saw; a pod made later, by a controller or a person, is held
 * only to what the labels say.
 *
 * A value PSA cannot parse (`api/helpers.go` `ParseLevel`, `ParseVersion`:
 * exactly `privileged`, `baseline`, `restricted`; `latest` or
 * `^v1\.(0|[1-9][0-9]*)$`) makes it refuse the Namespace on create, and
 * evaluate pods at restricted, latest, if such labels are already there
 * (`admission/admission.go` `ValidateNamespace`, `PolicyToEvaluate`): it is
 * refused here, with the reason, rather than left for the API server.
 */
import { formatFieldPath, isObject, type Segment } from '../../lang/fieldpath.js';
import { defineRule, type Rule } from '../../engine/rule.js';
import { describe } from '../params.js';
import { minorOf } from './pss/standard.js';

const ENFORCE_LABEL = 'pod-security.kubernetes.io/enforce';
const ENFORCE_VERSION_LABEL = 'pod-security.kubernetes.io/enforce-version';

/** The levels, weakest first, as PSA spells them. */
const LEVELS: readonly string[] = ['privileged', 'baseline', 'restricted'];
const VERSION = /^v1\.(0|[1-9][0-9]*)$/;

/** Where the level is injected: one frozen path for every Namespace (the engine only reads it). */
const ENFORCE_PATH: readonly Segment[] = Object.freeze(['metadata', 'labels', ENFORCE_LABEL]);
const ENFORCE_AT = formatFieldPath(ENFORCE_PATH);
const VERSION_AT = formatFieldPath(['metadata', 'labels', ENFORCE_VERSION_LABEL]);

/**
 * Namespaces the cluster makes and keeps for itself, and what lives there.
 * Composing one takes over its labels by server-side apply; the API server
 * refuses to delete `default`, `kube-system` and `kube-public`
 * (NamespaceLifecycle's immortal namespaces) but not `kube-node-lease`.
 */
const KEPT: ReadonlyMap<string, string> = new Map([
  ['kube-system', "the control plane's and add-ons' pods (kube-proxy, the network plugin, DNS), many of them privileged"],
  ['kube-public', 'objects everyone may read, unauthenticated users included (cluster-info)'],
  ['kube-node-lease', "every node's heartbeat Lease"],
  ['default', "every object created without a namespace, and the API server's own `kubernetes` Service"],
]);

/** `"baseline" or "restricted"`: the levels that meet the Input's, for a message. */
const atLeast = (level: string) =>
  LEVELS.slice(LEVELS.indexOf(level))
    .map((l) => JSON.stringify(l))
    .join(' or ');

/** A label value in a message: `"x"` for a string, what it is for anything else (`boolean true`, `an object`). */
const shown = (value: unknown) => (typeof value === 'string' ? JSON.stringify(value) : describe(value));

export const namespacePodSecurity = defineRule({
  id: 'k8s-namespace-pod-security',
  title: "Namespaces enforce the Input's Pod Security level",
  severity: 'high',
  defaultAction: 'Mutate',
  podSecurity: { level: 'baseline', restricted: 'injects and requires `restricted`' },
  description: `On every Namespace, where the Input's \`podSecurity.level\` is baseline or restricted: injects the label \`${ENFORCE_LABEL}\` with the Input's level where it is absent (the labels too, where there are none), since without it Pod Security Admission applies the cluster's default, \`privileged\` unless configured; refuses an explicit level weaker than the Input's (privileged < baseline < restricted), an \`${ENFORCE_VERSION_LABEL}\` pinned to a version older than the Input's \`podSecurity.version\` (\`latest\` is newest: under \`latest\`, any pinned version is older), which switches off the checks newer versions have, and a value Pod Security Admission cannot parse (a level other than exactly \`privileged\`, \`baseline\` or \`restricted\`, a version other than \`latest\` or \`v1.N\`, anything not a string): PSA refuses such a Namespace on create, and evaluates pods at restricted, latest, where it already has one. Absent, \`enforce-version\` is \`latest\`, and passes. The \`audit\` and \`warn\` labels and their versions only report, so they cannot weaken what is enforced: left as they are. Refuses composing a Namespace Kubernetes keeps for itself (${[...KEPT.keys()].map((n) => `\`${n}\``).join(', ')}): it exists already, server-side apply would take over its labels (a restricted label there stops the cluster's own pods), and removing it from the composition would delete it where the API server lets it (\`kube-node-lease\`). Metadata or labels that are not an object cannot be checked: refused. At privileged, pods may run as they like, so nothing is injected or refused.`,
  fix: `injects \`metadata.labels["${ENFORCE_LABEL}"]: <podSecurity.level>\`.`,
  kinds: [{ group: '', kind: 'Namespace' }],
  reads: 'object',
  configured: (_params, input) => input.podSecurity.level !== 'privileged',
  check(ctx) {
    const { metadata } = ctx.resource;
    if (metadata !== undefined && metadata !== null && !isObject(metadata)) {
      ctx.unsafe('metadata', `metadata is ${describe(metadata)}, not an object; the Namespace's name and Pod Security labels cannot be checked`);
      return;
    }
    const name = metadata?.name;
    const kept = typeof name === 'string' ? KEPT.get(name) : undefined;
    if (kept !== undefined) {
      ctx.unsafe(
        'metadata.name',
        `Namespace ${JSON.stringify(name)} is one Kubernetes keeps for itself, holding ${kept}: composing it takes over its labels by server-side apply, where a Pod Security label would loosen or stop what runs there; compose a namespace of the platform's own`,
      );
      return;
    }
    const labels = metadata?.labels;
    if (labels !== undefined && labels !== null && !isObject(labels)) {
      ctx.unsafe('metadata.labels', `metadata.labels is ${describe(labels)}, not an object; the Namespace's Pod Security labels cannot be checked`);
      return;
    }
    const wanted = ctx.input.podSecurity.level;
    const level = labels?.[ENFORCE_LABEL];
    if (level === undefined || level === null) {
      ctx.missing(
        ENFORCE_PATH,
        wanted,
        `${ENFORCE_AT} is not set, so Pod Security Admission applies the cluster's default level (privileged unless configured) to the pods of this Namespace; set it to ${JSON.stringify(wanted)}`,
      );
    } else if (typeof level !== 'string' || !LEVELS.includes(level)) {
      ctx.unsafe(
        ENFORCE_AT,
        `${ENFORCE_AT} is ${shown(level)}, which Pod Security Admission cannot parse (it refuses the Namespace on create); set it to ${atLeast(wanted)}`,
      );
    } else if (LEVELS.indexOf(level) < LEVELS.indexOf(wanted)) {
      ctx.unsafe(ENFORCE_AT, `${ENFORCE_AT} is ${JSON.stringify(level)}, weaker than the ${wanted} level pods must meet; set it to ${atLeast(wanted)}`);
    }
    const version = labels?.[ENFORCE_VERSION_LABEL];
    if (version === undefined || version === null || version === 'latest') return;
    if (typeof version !== 'string' || !VERSION.test(version)) {
      ctx.unsafe(VERSION_AT, `${VERSION_AT} is ${shown(version)}, which Pod Security Admission cannot parse (it refuses the Namespace on create); remove it, or set it to "latest"`);
      return;
    }
    if (Number(version.slice('v1.'.length)) < minorOf(ctx.input)) {
      ctx.unsafe(
        VERSION_AT,
        `${VERSION_AT} pins the checks of ${version}, older than the ${ctx.input.podSecurity.version} version pods must meet: it switches off the checks newer versions have; remove it, or set it to ${JSON.stringify(ctx.input.podSecurity.version)}`,
      );
    }
  },
}) satisfies Rule;
