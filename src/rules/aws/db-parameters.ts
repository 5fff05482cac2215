/**
 * Parameter groups that turn TLS off for every database that names them:
 * DocumentDB's `tls` and Redshift's `require_ssl`. The `parameter` list of
 * both kinds (provider-upjet-aws, from Terraform's `parameter` blocks) is a
 * list of `{name, value}` in every version.
 */
import { isObject } from '../../lang/fieldpath.js';
import { defineRule, type Rule, type RuleContext } from '../../engine/rule.js';
import { describe, explicitParams } from '../params.js';

/** One `{name, value}` of a parameter group, with its path. */
export interface Parameter {
  path: string;
  name: string;
  value: string;
}

/** Every parameter of both parameter blocks, or undefined when one cannot be read (reported). Names are lower-cased. */
export function parameters(ctx: RuleContext): Parameter[] | undefined {
  const out: Parameter[] = [];
  let ok = true;
  for (const { path, value } of explicitParams(ctx.resource, ['parameter'])) {
    if (!Array.isArray(value)) {
      ctx.unsafe(path, `${path} must be a list of {name, value}, got ${describe(value)}`);
      ok = false;
      continue;
    }
    value.forEach((p: unknown, i) => {
      const at = `${path}[${i}]`;
      if (!isObject(p) || typeof p.name !== 'string' || typeof p.value !== 'string') {
        ctx.unsafe(at, `${at} must be an object with a string name and value, got ${isObject(p) ? `name ${describe(p.name)} and value ${describe(p.value)}` : describe(p)}`);
        ok = false;
        return;
      }
      out.push({ path: at, name: p.name.trim().toLowerCase(), value: p.value });
    });
  }
  return ok ? out : undefined;
}

/** Per kind: the parameter, the values that keep TLS on, and whether its absence leaves TLS off. */
const TLS: Readonly<Record<string, { name: string; on: ReadonlySet<string>; absentIsOff: boolean; advice: string }>> = {
  'aws/docdb/ClusterParameterGroup': { name: 'tls', on: new Set(['enabled', 'tls1.2+', 'tls1.3+', 'fips-140-3']), absentIsOff: false, advice: 'set it to "enabled" (or remove it: enabled is the default) so clients must connect with TLS' },
  'aws/redshift/ParameterGroup': { name: 'require_ssl', on: new Set(['true']), absentIsOff: true, advice: 'set it to "true" so clients must connect with SSL' },
};

export const dbParameterTls = defineRule({
  id: 'aws-db-parameter-tls',
  title: 'Database parameter groups keep TLS required',
  severity: 'high',
  defaultAction: 'Deny',
  description:
    'Refuses a DocumentDB ClusterParameterGroup whose `tls` parameter is `disabled` (or any value but `enabled`, `tls1.2+`, `tls1.3+`, `fips-140-3`), and a Redshift ParameterGroup whose `require_ssl` is anything but `true`: every cluster that names the group then accepts unencrypted connections. A Redshift group that does not set `require_ssl` (false by default) gets a warning, since only the author can add a parameter to the group. A parameter list that is not a list of `{name, value}` strings is refused.',
  references: { checkov: ['CKV_AWS_90', 'CKV_AWS_105'] },
  kinds: [
    { cloud: 'aws', service: 'docdb', kind: 'ClusterParameterGroup' },
    { cloud: 'aws', service: 'redshift', kind: 'ParameterGroup' },
  ],
  check(ctx) {
    const tls = TLS[ctx.type.ref];
    const params = tls === undefined ? undefined : parameters(ctx);
    if (tls === undefined || params === undefined) return;
    const set = params.filter((p) => p.name === tls.name);
    for (const p of set) if (!tls.on.has(p.value.trim().toLowerCase())) ctx.unsafe(p.path, `${p.path} sets ${tls.name} to ${JSON.stringify(p.value)}: clusters of this group accept unencrypted connections; ${tls.advice}`);
    if (set.length === 0 && tls.absentIsOff) ctx.notice('spec.forProvider.parameter', `the group does not set ${tls.name}, which is false by default, so clusters of this group accept unencrypted connections; add {name: ${tls.name}, value: "true"}`);
  },
}) satisfies Rule;

/** The parameter group rules, in evaluation order. */
export const DB_PARAMETER_RULES = [dbParameterTls] as const satisfies readonly Rule[];
