/**
 * Where approvals live: ConfigMaps in a namespace agents cannot write to,
 * labelled for guardrails, fetched by Crossplane as required resources. Each
 * `data` key that is a digest approves it; its value says who and why.
 *
 * Anything else never releases anything: a ConfigMap from another namespace,
 * without the labels, with a key that is not a digest or an empty value. It
 * is skipped and reported to `ignored` (the server logs it at debug level).
 */
import { isObject, type KubeObject } from '../lang/fieldpath.js';
import { labelsOf, selectorMatches } from '../lang/selector.js';
import type { ApprovalConfig } from '../input/schema.js';
import { DIGEST_PATTERN } from './digest.js';


/** Who approved a digest, as read from the approval store. */
export interface Grant {
  /** The approval's text: who approved, and why. */
  by: string;
  /** Where it was read, `namespace/name` of the ConfigMap. */
  source: string;
}

/** The key of the approvals in Crossplane's requirements and required resources. */
export const APPROVALS_REQUIREMENT = 'guardrails.fn.crossplane.io/approvals';

/** Longest approval text kept; an approval is a name and a reason, not a document. */
const MAX_GRANT_LENGTH = 1024;

export interface ApprovalSelector {
  apiVersion: 'v1';
  kind: 'ConfigMap';
  namespace: string;
  matchLabels: { labels: Record<string, string> };
}

export function approvalSelector(config: ApprovalConfig): ApprovalSelector {
  return { apiVersion: 'v1', kind: 'ConfigMap', namespace: config.namespace, matchLabels: { labels: { ...config.matchLabels } } };
}

export type Ignored = (why: string, fields: Record<string, unknown>) => void;

/** The approvals in `objects`, by digest; the first ConfigMap by name wins a digest approved twice. */
export function grantsFrom(objects: readonly KubeObject[], config: ApprovalConfig, ignored: Ignored = () => {}): Map<string, Grant> {
  const grants = new Map<string, Grant>();
  const named = objects.map((obj) => ({ obj, name: nameOf(obj) })).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const { obj, name } of named) {
    const metadata = isObject(obj.metadata) ? obj.metadata : {};
    const source = `${String(metadata.namespace ?? '')}/${name}`;
    if (obj.apiVersion !== 'v1' || obj.kind !== 'ConfigMap') {
      ignored('approval object is not a ConfigMap', { source, apiVersion: obj.apiVersion, kind: obj.kind });
      continue;
    }
    if (metadata.namespace !== config.namespace) {
      ignored('approval ConfigMap is outside the approval namespace', { source, namespace: config.namespace });
      continue;
    }
    if (!selectorMatches({ matchLabels: config.matchLabels }, labelsOf(obj))) {
      ignored('approval ConfigMap lacks the approval labels', { source, labels: config.matchLabels });
      continue;
    }
    if (!isObject(obj.data)) {
      ignored('approval ConfigMap has no data', { source });
      continue;
    }
    for (const [key, value] of Object.entries(obj.data)) {
      if (!DIGEST_PATTERN.test(key)) {
        ignored('approval key is not a digest (sha256-<64 hex>)', { source, key });
      } else if (typeof value !== 'string' || value.trim() === '' || value.length > MAX_GRANT_LENGTH) {
        ignored(`approval value must say who approved and why, in 1 to ${MAX_GRANT_LENGTH} characters`, { source, key });
      } else if (!grants.has(key)) {
        grants.set(key, { by: value.trim(), source });
      }
    }
  }
  return grants;
}

function nameOf(obj: KubeObject): string {
  const metadata = obj.metadata;
  return isObject(metadata) && typeof metadata.name === 'string' ? metadata.name : '';
}

/**
 * The command a person runs to approve a digest: one ConfigMap per
 * approval, created with the labels guardrails selects, in the approval
 * namespace. `<who>: <why>` is theirs to fill in.
 *
 * Nothing in it comes from the request: the digest is checked to be
 * `sha256-<64 hex>` (anything else throws, and the handler fails closed),
 * the namespace is a validated name, and a label that is not plain
 * `[A-Za-z0-9._/-]` text is single-quoted for the shell.
 */
export function approveCommand(digest: string, config: ApprovalConfig): string {
  if (!DIGEST_PATTERN.test(digest)) throw new Error(`refusing to print an approve command for ${JSON.stringify(digest.slice(0, 80))}: not a digest`);
  const labels = Object.entries(config.matchLabels)
    .map(([k, v]) => shellWord(`${k}=${v}`))
    .join(' ');
  const name = `guardrails-approval-${digest.slice('sha256-'.length, 'sha256-'.length + 16)}`;
  return (
    `kubectl create configmap ${name} --namespace ${shellWord(config.namespace)} --from-literal=${digest}='<who>: <why>' --dry-run=client -o yaml` +
    ` | kubectl label --local -f - ${labels} -o yaml | kubectl apply -f -`
  );
}

/** `s` as one shell word: as it is when plain, else in single quotes. */
function shellWord(s: string): string {
  return /^[A-Za-z0-9._/=-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`;
}
