/**
 * Markdown tables of `npm run bench` (bench/run.mjs): per shape, the
 * servers side by side at each size; guardrails CPU per resource by size
 * (linearity); peak memory under concurrent calls.
 */
export const fmt = (x, digits = 2) => (Number.isFinite(x) ? x.toFixed(digits) : '—');
export const kib = (bytes) => fmt(bytes / 1024, 1);
export const mib = (bytes) => fmt(bytes / 1024 / 1024, 0);
const count = (n) => n.toLocaleString('en-US');

export function table(header, rows) {
  return [`| ${header.join(' | ')} |`, `|${header.map(() => '---').join('|')}|`, ...rows.map((r) => `| ${r.join(' | ')} |`)].join('\n');
}

/** The floor every ratio is against. */
export const FLOOR = 'sdk-noop';

/**
 * One table per shape: a row per size and server. `results` holds
 * {shape, n, server, calls, rounds, requestBytes, responseBytes, cpuMs,
 * p50, p99, rss} or {shape, n, server, failed}.
 */
export function shapeTable(results, shape) {
  const rows = [];
  const mine = results.filter((r) => r.shape === shape);
  for (const n of [...new Set(mine.map((r) => r.n))]) {
    const floor = mine.find((r) => r.n === n && r.server === FLOOR && r.failed === undefined);
    for (const r of mine.filter((x) => x.n === n)) {
      if (r.failed !== undefined) {
        rows.push([count(n), r.server, 'FAILED', '', '', '', '', '', '', '', r.failed.replaceAll('|', '\\|').slice(0, 200)]);
        continue;
      }
      rows.push([
        count(n),
        r.server,
        `${r.calls} (${r.rounds})`,
        kib(r.requestBytes),
        kib(r.responseBytes),
        fmt(r.cpuMs),
        floor === undefined ? '—' : `${fmt(r.cpuMs / floor.cpuMs)}×`,
        fmt(r.p50),
        fmt(r.p99),
        mib(r.rss),
        '',
      ]);
    }
  }
  return table(['resources', 'server', 'calls (rounds)', 'request KiB', 'response KiB', 'server CPU ms/call', `ratio to ${FLOOR}`, 'p50 ms', 'p99 ms', 'RSS after MiB', 'note'], rows);
}

/** Server CPU per resource (µs) at each size, per shape and server: flat rows mean linear cost. */
export function linearityTable(results, servers) {
  const sizes = [...new Set(results.map((r) => r.n))].sort((a, b) => a - b);
  const rows = [];
  for (const shape of [...new Set(results.map((r) => r.shape))]) {
    for (const server of servers) {
      const cells = sizes.map((n) => {
        const r = results.find((x) => x.shape === shape && x.server === server && x.n === n);
        if (r === undefined) return '';
        return r.failed !== undefined ? 'FAILED' : fmt((r.cpuMs * 1000) / n, 1);
      });
      rows.push([shape, server, ...cells]);
    }
  }
  return table(['shape', 'server', ...sizes.map((n) => `${count(n)}: µs/resource`)], rows);
}

/** Peak RSS of each server under concurrent calls; at the sampled peak, V8's heap (used of total) and Buffers (external). */
export function memoryTable(results) {
  return table(
    ['server', 'calls', 'peak RSS sampled every 10 ms MiB', 'at the peak: heap used / total MiB', 'at the peak: external MiB', 'kernel peak RSS MiB', 'RSS after MiB', 'RSS after full GC MiB', 'note'],
    results.map((r) =>
      r.failed !== undefined
        ? [r.server, 'FAILED', '', '', '', '', '', '', r.failed.slice(0, 200)]
        : [
            r.server,
            String(r.calls),
            mib(r.peakRss),
            r.atPeak === undefined ? '' : `${mib(r.atPeak.heapUsed)} / ${mib(r.atPeak.heapTotal)}`,
            r.atPeak === undefined ? '' : mib(r.atPeak.external),
            r.kernelPeakReset ? mib(r.maxRss) : `${mib(r.maxRss)} (since start)`,
            mib(r.rss),
            mib(r.rssAfterGc),
            '',
          ],
    ),
  );
}
