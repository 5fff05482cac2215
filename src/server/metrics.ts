/**
 * Prometheus metrics and the HTTP endpoints beside them (`/metrics`,
 * `/healthz`, `/readyz`), served on --metrics-address.
 *
 * Labels are bounded: a verdict is one of VERDICTS, a rule is a built-in ID
 * or a custom rule's ID from the Input (which the platform team writes, not
 * the agent), an action one of five. No resource, XR or namespace name is
 * ever a label: an agent chooses those, and each new value would be a new
 * time series.
 */
import { createServer, type Server } from 'node:http';
import { collectDefaultMetrics, Counter, Histogram, Registry } from 'prom-client';
import type { Readiness } from './health.js';

/** Every verdict a request ends in; the label values of function_guardrails_requests_total. */
export const VERDICTS = ['Compliant', 'Remediated', 'Denied', 'ApprovalRequired', 'AuditViolations', 'InputError', 'InternalError'] as const;
export type VerdictLabel = (typeof VERDICTS)[number];

/** What one request came to, as the metrics and the request log count it. */
export interface Outcome {
  verdict: VerdictLabel;
  /** One entry per finding: the rule and the action it was reported with. */
  findings: readonly { rule: string; action: string }[];
  /** One entry per injected field: the rule that injected it. */
  mutations: readonly string[];
}

export interface Metrics {
  registry: Registry;
  /** Counts a request: its outcome, how long it took and how big it was. */
  record(outcome: Outcome, seconds: number): void;
  /** The size of a request as received, before decoding. */
  requestBytes(bytes: number): void;
}

export function createMetrics(): Metrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const requests = new Counter({
    name: 'function_guardrails_requests_total',
    help: 'RunFunction requests answered, by verdict.',
    labelNames: ['verdict'],
    registers: [registry],
  });
  for (const verdict of VERDICTS) requests.inc({ verdict }, 0); // every verdict from the start, so rate() and alerts see zeros
  const findings = new Counter({
    name: 'function_guardrails_findings_total',
    help: 'Findings reported, by rule and by the action the rule was configured with.',
    labelNames: ['rule', 'action'],
    registers: [registry],
  });
  const mutations = new Counter({
    name: 'function_guardrails_mutations_total',
    help: 'Fields injected, by rule.',
    labelNames: ['rule'],
    registers: [registry],
  });
  const duration = new Histogram({
    name: 'function_guardrails_request_duration_seconds',
    help: 'Time to answer a RunFunction request, decoding excluded.',
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [registry],
  });
  const size = new Histogram({
    name: 'function_guardrails_request_size_bytes',
    help: 'Size of RunFunction requests as received.',
    buckets: [1024, 4096, 16384, 65536, 262144, 1048576, 4194304, 16777216],
    registers: [registry],
  });
  return {
    registry,
    record(outcome, seconds) {
      requests.inc({ verdict: outcome.verdict });
      // Counted first, then one increment per label set: a large request has thousands of findings and mutations over
      // a few dozen rules, and each increment hashes its labels.
      for (const [key, n] of tally(outcome.findings.map((f) => `${f.rule}\n${f.action}`))) {
        const [rule, action] = key.split('\n') as [string, string];
        findings.inc({ rule, action }, n);
      }
      for (const [rule, n] of tally(outcome.mutations)) mutations.inc({ rule }, n);
      duration.observe(seconds);
    },
    requestBytes(bytes) {
      size.observe(bytes);
    },
  };
}

/** How many times each string occurs, in the order first seen. */
function tally(keys: readonly string[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const k of keys) counts.set(k, (counts.get(k) ?? 0) + 1);
  return counts;
}

/**
 * The HTTP server on the metrics port: `/metrics` (Prometheus text format),
 * `/healthz` (the process answers: 200), `/readyz` (200 once ready, 503
 * before and while draining). Anything else is 404; only GET and HEAD.
 */
export function createOpsServer(metrics: Metrics, readiness: Readiness): Server {
  return createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0];
    const send = (status: number, body: string, type = 'text/plain; charset=utf-8'): void => {
      res.writeHead(status, { 'content-type': type, 'cache-control': 'no-store' });
      res.end(req.method === 'HEAD' ? undefined : body);
    };
    if (req.method !== 'GET' && req.method !== 'HEAD') return send(405, 'method not allowed\n');
    if (path === '/healthz') return send(200, 'ok\n');
    if (path === '/readyz') return readiness.isReady ? send(200, 'ready\n') : send(503, 'not ready\n');
    if (path !== '/metrics') return send(404, 'not found\n');
    metrics.registry.metrics().then(
      (text) => send(200, text, metrics.registry.contentType),
      (err: unknown) => send(500, `cannot collect metrics: ${err instanceof Error ? err.message : String(err)}\n`),
    );
  });
}
