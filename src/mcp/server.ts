/**
 * `function-guardrails mcp`: a Model Context Protocol server on standard
 * input/output, so that an AI agent can check what it is about to submit
 * with the same engine, and the same verdict, as the function in the
 * cluster. Three tools: check_resources (the JSON of `check --output
 * json`, as structured content), list_rules, explain_rule. A bad argument
 * is a tool error the model can read and act on, never a crash; standard
 * output carries the protocol alone.
 */
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { z } from 'zod';
import { InputError, MAX_INPUT_BYTES, parseStream } from '../precheck/documents.js';
import { checkDocuments } from '../precheck/report.js';
import type { Sources } from '../precheck/request.js';
import { explainRule, listRules, similarRules } from '../precheck/rules.js';
import { LineLimit } from './limit.js';

const CHECK_DESCRIPTION = `Check Crossplane composed resources against function-guardrails BEFORE you submit them, with the same engine and verdict the cluster will apply.

Send: \`resources\`, the Kubernetes objects you are about to create as YAML (documents separated by ---) or JSON; \`crossplane render\` output works as is. Optionally \`xr\` (the composite resource or claim they belong to; otherwise the first object that is not a managed resource is taken as the XR), \`input\` (the platform's Guardrails input, or the Composition whose pipeline holds it; without it the built-in defaults apply, which may be stricter or looser than the platform's), \`approvals\` (approval ConfigMaps).

You get back JSON: \`verdict.outcome\` is one of compliant, remediated (compliant once the listed \`mutations\` and \`companions\` are applied: the cluster injects them for you), refused, approval-required, audit-violations. For each entry in \`findings\`: \`rule\`, \`action\` (Deny refuses, RequireApproval holds for a person, Warn only reports), \`resource\` and \`path\` (where), \`message\` (what is wrong) and \`remedy\` (what to do); \`fix\` gives the exact path and value to set where one value resolves it. \`held\` lists resources a person must approve, with the digest; \`resources\` is what the cluster would get.

How to act: if the outcome is refused, change every Deny finding as its remedy says (set \`fix.path\` to \`fix.value\` where given; never just delete the resource to get past a check) and call this tool again until the outcome is compliant or remediated; then submit. If approval-required, do not try to get around it: tell the user which resource needs a person's approval and why. Warn findings are advice. Do not change the Guardrails input to make a check pass: it is the platform's policy, not yours.`;

const RESOURCES = z.string().describe('The Kubernetes objects to check, as YAML (--- between documents) or JSON text.');

export function createMcpServer(version: string): McpServer {
  const server = new McpServer({ name: 'function-guardrails', version });

  server.registerTool(
    'check_resources',
    {
      title: 'Check resources against the guardrails',
      description: CHECK_DESCRIPTION,
      inputSchema: {
        resources: RESOURCES,
        xr: z.string().optional().describe('The composite resource (XR) or claim the resources belong to, as YAML or JSON text.'),
        input: z.string().optional().describe('The Guardrails input (guardrails.fn.crossplane.io Guardrails), or the Composition whose pipeline has the guardrails step, as YAML or JSON text.'),
        observed: z.string().optional().describe('The resources as they already exist in the cluster, as YAML or JSON text, if any.'),
        approvals: z.string().optional().describe('Approval ConfigMaps, as YAML or JSON text, if any.'),
      },
      annotations: { readOnlyHint: true, idempotentHint: true, openWorldHint: false },
    },
    (args) =>
      guarded(() => {
        const size = [args.resources, args.xr, args.input, args.observed, args.approvals].reduce((n, t) => n + Buffer.byteLength(t ?? ''), 0);
        if (size > MAX_INPUT_BYTES) throw new InputError(`the arguments are larger than ${MAX_INPUT_BYTES / (1024 * 1024)} MiB together; check fewer resources at a time`);
        const budget = { documents: 0 };
        const read = (text: string, name: string) => parseStream(text, name, budget);
        const sources: Sources = {
          resources: read(args.resources, 'resources'),
          from: ['resources'],
          ...(args.xr !== undefined ? { xr: read(args.xr, 'xr') } : {}),
          ...(args.input !== undefined ? { input: read(args.input, 'input') } : {}),
          ...(args.observed !== undefined ? { observed: read(args.observed, 'observed') } : {}),
          ...(args.approvals !== undefined ? { approvals: read(args.approvals, 'approvals') } : {}),
        };
        const { report } = checkDocuments(sources, Date.now());
        return { content: [{ type: 'text', text: JSON.stringify(report) }], structuredContent: report as unknown as Record<string, unknown> };
      }),
  );

  server.registerTool(
    'list_rules',
    {
      title: 'List the guardrails rules',
      description:
        'List every built-in function-guardrails rule: id, title, severity, default action (Mutate injects a safe value, Deny refuses, RequireApproval holds for a person, Warn reports), the kinds it reads and its Checkov/Trivy references. Takes no arguments. Use it to learn what the platform enforces before you write resources; call explain_rule for one rule in full.',
      inputSchema: {},
      annotations: { readOnlyHint: true, idempotentHint: true, openWorldHint: false },
    },
    () =>
      guarded(() => {
        const rules = listRules();
        return { content: [{ type: 'text', text: JSON.stringify(rules) }], structuredContent: { rules } };
      }),
  );

  server.registerTool(
    'explain_rule',
    {
      title: 'Explain one guardrails rule',
      description:
        'Explain one function-guardrails rule by its id (as a finding of check_resources names it): what it checks, what it injects, its parameters with defaults, its references, and an example violation with its fix. Use it when a finding is unclear, before you change a resource to satisfy it.',
      inputSchema: { rule: z.string().describe('The rule id, e.g. aws-rds-storage-encrypted.') },
      annotations: { readOnlyHint: true, idempotentHint: true, openWorldHint: false },
    },
    ({ rule }) =>
      guarded(() => {
        const detail = explainRule(rule);
        if (detail === undefined) {
          const similar = similarRules(rule);
          throw new InputError(`unknown rule ${JSON.stringify(rule)}${similar.length > 0 ? `; similar: ${similar.join(', ')}` : ''}; list_rules lists them all`);
        }
        return { content: [{ type: 'text', text: JSON.stringify(detail) }], structuredContent: detail as unknown as Record<string, unknown> };
      }),
  );
  return server;
}

/** A tool's answer, or a tool error naming what was wrong: the server never crashes on what a model sends. */
function guarded(run: () => CallToolResult): CallToolResult {
  try {
    return run();
  } catch (err) {
    const text = err instanceof InputError ? err.message : `function-guardrails failed: ${err instanceof Error ? err.message : String(err)}; nothing was judged`;
    return { isError: true, content: [{ type: 'text', text }] };
  }
}

/**
 * Most bytes of one message the server reads: twice MAX_INPUT_BYTES, room
 * for the JSON escaping of arguments the tool then refuses above
 * MAX_INPUT_BYTES. A larger message is answered by LineLimit.
 */
export const MAX_MESSAGE_BYTES = 2 * MAX_INPUT_BYTES;

/** Serves on standard input/output until the client closes it. */
export async function serveMcp(version: string): Promise<void> {
  const input = process.stdin.pipe(new LineLimit(MAX_MESSAGE_BYTES, (line) => process.stdout.write(line)));
  await createMcpServer(version).connect(new StdioServerTransport(input, process.stdout, { maxBufferSize: MAX_MESSAGE_BYTES + 1 }));
}
