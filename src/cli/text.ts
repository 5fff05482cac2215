/**
 * `check --output text`: short, for a person at a terminal or a CI log.
 * Each finding starts with its rule ID, then the action, the resource, the
 * path and where it is; then what was found and what to do. What would be
 * injected is a diff of the fields, per resource. Colour only where asked
 * (a TTY without NO_COLOR). Everything the input controls (names, paths,
 * messages quoting values) is escaped: a resource cannot write to the
 * terminal.
 */
import { escapeText } from '../verdict/text.js';
import { show, type Location, type Report } from '../precheck/report.js';

export interface Style {
  color: boolean;
}

const CODES = { red: 31, green: 32, yellow: 33, bold: 1, dim: 2 } as const;

export function renderText(report: Report, style: Style): string {
  const paint = (code: keyof typeof CODES, s: string) => (style.color ? `\x1b[${CODES[code]}m${s}\x1b[0m` : s);
  const out: string[] = [];
  for (const f of report.findings) {
    const colour = f.action === 'Deny' ? 'red' : 'yellow';
    out.push(`${paint('bold', f.rule)} ${paint(colour, f.action)} ${esc(f.resource)}${f.path !== '' ? ` ${esc(f.path)}` : ''}${at(f.location)}`);
    out.push(`  ${esc(f.message)}`, `  ${paint('dim', 'fix:')} ${esc(f.remedy)}`);
  }
  const byResource = new Map<string, Report['mutations']>();
  for (const m of report.mutations) byResource.set(m.resource, [...(byResource.get(m.resource) ?? []), m]);
  const verb = report.mode === 'Audit' ? 'would set' : 'sets';
  for (const [resource, mutations] of byResource) {
    out.push(`${paint('bold', '~')} ${esc(resource)}${at(mutations[0]?.location)}: function-guardrails ${verb}`);
    for (const m of mutations) out.push(paint('green', `  + ${esc(m.path)}: ${esc(show(m.value))}`) + paint('dim', `  [${m.rule}]`) + (m.note !== undefined ? `; ${esc(m.note)}` : ''));
  }
  for (const c of report.companions) {
    out.push(paint('green', `+ ${esc(c.name)} (${esc(String(c.resource.kind))})`) + ` beside ${esc(c.owner)}` + paint('dim', `  [${c.rule}]`));
  }
  for (const h of report.held) {
    if (h.status === 'Released') out.push(`${paint('green', 'released')} ${esc(h.resource)}: digest ${h.digest} (rules ${h.rules.join(', ')}) approved by ${esc(JSON.stringify(h.approvedBy ?? ''))}`);
    else out.push(`${paint('yellow', 'held')} ${esc(h.resource)} (${h.status}): a person must approve digest ${h.digest} (rules ${h.rules.join(', ')})`, `  ${paint('dim', 'approve:')} ${h.approve}`);
  }
  for (const e of report.errors) out.push(`${paint('bold', e.rule)} ${paint('red', 'error')} ${esc(e.resource)}: ${esc(e.message)}`);
  const { xr } = report;
  out.push(paint('dim', xr.placeholder ? 'XR: none found, a placeholder without labels (give one with --xr)' : `XR: ${esc(xr.kind)} ${esc(xr.name)}${at(xr.location)}`));
  out.push(summary(report, paint));
  return out.join('\n') + '\n';
}

function at(location: Location | undefined): string {
  return location === undefined ? '' : ` (${esc(location.file)}:${location.line})`;
}

function esc(s: string): string {
  return escapeText(s);
}

function summary(report: Report, paint: (code: keyof typeof CODES, s: string) => string): string {
  const n = (count: number, one: string) => `${count} ${one}${count === 1 ? '' : 's'}`;
  const denied = report.findings.filter((f) => f.action !== 'Warn' && f.waivedBy === undefined).length;
  const changes = `${n(report.mutations.length, 'field')} to inject, ${n(report.companions.length, 'companion')} to add`;
  switch (report.verdict.outcome) {
    case 'compliant':
      return paint('green', `compliant${report.findings.length > 0 ? ` (${n(report.findings.length, 'warning')})` : ''}`);
    case 'remediated':
      return paint('green', `compliant once function-guardrails injects what is missing (${changes})`);
    case 'refused':
      return paint('red', `refused: ${report.errors.length > 0 ? 'evaluation failed (fail closed)' : n(denied, 'violation')}; fix each and check again`);
    case 'approval-required':
      return paint('yellow', `approval required: ${n(report.held.length, 'resource')} held until a person approves`);
    case 'audit-violations':
      return paint('yellow', `Audit mode: nothing enforced; in Enforce mode: ${n(report.findings.length, 'finding')}, ${changes}`);
  }
}
