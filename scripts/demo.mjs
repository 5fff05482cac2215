/**
 * `npm run demo`: every example in examples/ through the CLI, as an agent
 * or CI would check them before submitting: rendered as `crossplane render`
 * would hand them to function-guardrails (scripts/render-examples.mjs),
 * then `function-guardrails check --input examples/composition.yaml`.
 * The held example is checked again with examples/approval/approval.yaml.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { APPROVAL_FILE, COMPOSITION_FILE, EXAMPLES, renderExample } from './render-examples.mjs';

const MAIN = fileURLToPath(new URL('../dist/main.js', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'guardrails-demo-'));
const runs = EXAMPLES.flatMap((example) => [
  { example, approvals: [] },
  ...(example.startsWith('approval/') ? [{ example, approvals: ['--approvals', fileURLToPath(APPROVAL_FILE)] }] : []),
]);
try {
  for (const { example, approvals } of runs) {
    const file = join(dir, example.replaceAll('/', '-'));
    writeFileSync(file, renderExample(example));
    const args = ['check', '--input', fileURLToPath(COMPOSITION_FILE), ...approvals, file];
    process.stdout.write(`\n$ function-guardrails check --input examples/composition.yaml${approvals.length > 0 ? ' --approvals examples/approval/approval.yaml' : ''} <rendered examples/${example}>\n`);
    const r = spawnSync(process.execPath, [MAIN, ...args], { encoding: 'utf8' });
    process.stdout.write(r.stdout.replaceAll(file, `examples/${example} (rendered)`) + r.stderr);
    process.stdout.write(`exit ${r.status}\n`);
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
