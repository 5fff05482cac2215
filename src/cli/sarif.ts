/**
 * `check --output sarif`: the findings as a SARIF 2.1.0 log, for GitHub code
 * scanning and other SARIF readers. One run; a reporting descriptor per
 * rule that found something, its help text from the catalog; a result per
 * finding, with the resource and path as a logical location and, where the
 * resource came from a file, the file and line as a physical one. A waived
 * finding is a suppressed result. Injections are not results: the resources
 * pass once they are applied.
 */
import { isAbsolute } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Rule } from '../engine/rule.js';
import { CATALOG } from '../rules/catalog.js';
import type { Report } from '../precheck/report.js';

export const SARIF_SCHEMA = 'https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json';
const RULES_DOC = 'https://github.com/function-guardrails/function-guardrails/blob/main/docs/rules.md';

/** GitHub's `security-severity` scale (critical 9.0+, high 7.0+, medium 4.0+, low below). */
const SECURITY_SEVERITY = { critical: '9.5', high: '8.0', medium: '5.5', low: '3.0' } as const;

const BY_ID = new Map(CATALOG.map((r) => [r.id, r]));

export function renderSarif(report: Report, version: string): Record<string, unknown> {
  const ids = [...new Set(report.findings.map((f) => f.rule))];
  const index = new Map(ids.map((id, i) => [id, i]));
  return {
    $schema: SARIF_SCHEMA,
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'function-guardrails',
            version,
            informationUri: 'https://github.com/function-guardrails/function-guardrails',
            rules: ids.map((id) => descriptor(id, BY_ID.get(id))),
          },
        },
        results: report.findings.map((f) => ({
          ruleId: f.rule,
          ruleIndex: index.get(f.rule)!,
          level: f.action === 'Warn' ? 'warning' : 'error',
          message: { text: `${f.resource}: ${f.message}. Fix: ${f.remedy}` },
          locations: [
            {
              ...(f.location !== undefined && f.location.file !== '-'
                ? { physicalLocation: { artifactLocation: { uri: uriOf(f.location.file) }, region: { startLine: f.location.line } } }
                : {}),
              logicalLocations: [{ name: f.path === '' ? f.resource : f.path, fullyQualifiedName: f.path === '' ? f.resource : `${f.resource}.${f.path}`, kind: 'member' }],
            },
          ],
          ...(f.waivedBy !== undefined ? { suppressions: [{ kind: 'external', justification: `waived by exceptions[${f.waivedBy}] of the Guardrails input` }] } : {}),
          properties: { action: f.action, resource: f.resource, path: f.path },
        })),
      },
    ],
  };
}

function descriptor(id: string, rule: Rule | undefined): Record<string, unknown> {
  if (rule === undefined) {
    const text = id === 'guardrails-unreadable' ? 'A composed resource whose shape rules cannot read is refused (fail closed).' : 'A custom rule of the Guardrails input.';
    return { id, shortDescription: { text }, help: { text } };
  }
  const refs = [...(rule.references?.checkov ?? []), ...(rule.references?.trivy ?? [])];
  const help = [rule.description.trim(), ...(rule.fix !== undefined ? [`Fix: ${rule.fix.trim()}`] : []), ...(refs.length > 0 ? [`References: ${refs.join(', ')}`] : [])].join('\n\n');
  return {
    id,
    name: rule.title,
    shortDescription: { text: rule.title },
    fullDescription: { text: rule.description.trim() },
    help: { text: help, markdown: help },
    helpUri: `${RULES_DOC}#${id}`,
    defaultConfiguration: { level: rule.defaultAction === 'Warn' ? 'warning' : 'error' },
    properties: { tags: ['security', 'crossplane'], 'security-severity': SECURITY_SEVERITY[rule.severity], defaultAction: rule.defaultAction },
  };
}

/** A file as a URI reference: relative paths stay relative (to the checkout, for code scanning). */
function uriOf(file: string): string {
  if (isAbsolute(file)) return pathToFileURL(file).href;
  return file.split(/[\\/]/).map(encodeURIComponent).join('/');
}
