/**
 * runFunction as the server runs it: timed, counted in the metrics, and
 * logged once per request at info, with what an operator needs to find a
 * request and nothing an agent could use to smuggle data into the logs: the
 * request tag, the XR's name and namespace, the verdict, the IDs of the rules
 * that found something, counts and the duration. Never a field value, a
 * message, a connection detail or a resource. --debug adds the per-rule
 * counts.
 */
import type { RunFunctionRequest, RunFunctionResponse } from '@crossplane-org/function-sdk-typescript';
import type { Limits } from '../check.js';
import { isObject } from '../lang/fieldpath.js';
import type { Logger } from '../server/log.js';
import type { Metrics, Outcome } from '../server/metrics.js';
import { runFunction } from './handler.js';

/** Kubernetes names are at most 253 characters; anything longer is cut, not logged whole. */
const MAX_NAME = 253;

export interface ObservedOptions {
  logger: Logger;
  metrics?: Metrics | undefined;
  /** A monotonic clock in ms (tests). */
  clock?: () => number;
  /** The wall clock in ms since the epoch, for exception expiry (tests). */
  now?: () => number;
  /** Bounds on the work of each request. */
  limits?: Partial<Limits>;
}

export function observedRunFunction({ logger, metrics, clock = () => performance.now(), now, limits }: ObservedOptions): (req: RunFunctionRequest) => RunFunctionResponse {
  return (req) => {
    const started = clock();
    let outcome: Outcome = { verdict: 'InternalError', findings: [], mutations: [] };
    const rsp = runFunction(req, {
      debug: logger.debug,
      observe: (o) => {
        outcome = o;
      },
      ...(now !== undefined ? { now } : {}),
      ...(limits !== undefined ? { limits } : {}),
    });
    const ms = clock() - started;
    metrics?.record(outcome, ms / 1000);
    logger.info('RunFunction', {
      tag: clip(req.meta?.tag),
      ...compositeOf(req),
      verdict: outcome.verdict,
      rules: [...new Set(outcome.findings.map((f) => f.rule))].sort(),
      findings: outcome.findings.length,
      mutations: outcome.mutations.length,
      durationMs: Math.round(ms * 1000) / 1000,
    });
    if (logger.debugging) logger.debug('RunFunction rules', { tag: clip(req.meta?.tag), perRule: perRule(outcome) });
    return rsp;
  };
}

function compositeOf(req: RunFunctionRequest): { xr?: string; namespace?: string } {
  const metadata = req.observed?.composite?.resource?.metadata;
  if (!isObject(metadata)) return {};
  const name = clip(metadata.name);
  const namespace = clip(metadata.namespace);
  return { ...(name !== undefined ? { xr: name } : {}), ...(namespace !== undefined ? { namespace } : {}) };
}

function clip(value: unknown): string | undefined {
  if (typeof value !== 'string' || value === '') return undefined;
  return value.length > MAX_NAME ? `${value.slice(0, MAX_NAME)}…` : value;
}

/** For each rule that found or injected something: its findings by action, and its injections. */
function perRule(outcome: Outcome): Record<string, Record<string, number>> {
  const out: Record<string, Record<string, number>> = Object.create(null);
  const bump = (rule: string, key: string): void => {
    const counts = (out[rule] ??= Object.create(null) as Record<string, number>);
    counts[key] = (counts[key] ?? 0) + 1;
  };
  for (const f of outcome.findings) bump(f.rule, f.action);
  for (const rule of outcome.mutations) bump(rule, 'Injected');
  return out;
}
