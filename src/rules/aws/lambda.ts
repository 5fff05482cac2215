/**
 * Lambda functions: no secrets in plain environment variables, no runtime
 * AWS no longer patches, and what makes a function observable and
 * contained (X-Ray tracing, a dead-letter queue, a VPC, a concurrency
 * limit, code signing), reported where absent. Function URLs and
 * permissions are judged in sharing.ts and resource-policies.ts.
 *
 * Field names are provider-upjet-aws's (lambda Function v1beta1, v1beta2 and
 * namespaced v1beta1 in zz_schemas.ts).
 */
import { formatFieldPath, isObject } from '../../lang/fieldpath.js';
import { defineRule, type ProviderKindRef, type Rule, type RuleContext } from '../../engine/rule.js';
import { fieldRule } from '../kit/field.js';
import { describe, explicitParams } from '../params.js';

const FUNCTION: readonly ProviderKindRef[] = [{ cloud: 'aws', service: 'lambda', kind: 'Function' }];

/**
 * Runtimes AWS has deprecated (it no longer applies security patches), from
 * the Lambda runtime deprecation schedule in the Lambda developer guide:
 * the date each stopped being patched is past.
 */
export const DEPRECATED_RUNTIMES: ReadonlySet<string> = new Set([
  'nodejs', 'nodejs4.3', 'nodejs4.3-edge', 'nodejs6.10', 'nodejs8.10', 'nodejs10.x', 'nodejs12.x', 'nodejs14.x', 'nodejs16.x', 'nodejs18.x',
  'python2.7', 'python3.6', 'python3.7', 'python3.8', 'python3.9',
  'ruby2.5', 'ruby2.7', 'ruby3.2',
  'java8',
  'dotnetcore1.0', 'dotnetcore2.0', 'dotnetcore2.1', 'dotnetcore3.1', 'dotnet5.0', 'dotnet6', 'dotnet7',
  'go1.x', 'provided',
]);

export const lambdaRuntime = defineRule({
  id: 'aws-lambda-runtime-deprecated',
  title: 'Lambda functions do not run on a deprecated runtime',
  severity: 'high',
  defaultAction: 'Deny',
  description: `Refuses a Function whose \`runtime\` is one AWS has deprecated and no longer patches (${[...DEPRECATED_RUNTIMES].map((r) => `\`${r}\``).join(', ')}), compared case-insensitively; a runtime that is not a string is refused as malformed. Known vulnerabilities of the language runtime and its OS stay open in such a function. A container image function (no \`runtime\`) passes.`,
  references: { checkov: ['CKV_AWS_363'] },
  kinds: FUNCTION,
  check(ctx) {
    for (const { path, value } of explicitParams(ctx.resource, ['runtime'])) {
      if (typeof value !== 'string') ctx.unsafe(path, `${path} must be a string, got ${describe(value)}`);
      else if (DEPRECATED_RUNTIMES.has(value.trim().toLowerCase())) ctx.unsafe(path, `${path} is ${describe(value, true)}, a runtime AWS has deprecated and no longer patches; move to a supported version of the language`);
    }
  },
}) satisfies Rule;

/** An AWS access key ID, a PEM private key: values that are credentials whatever their name. */
const CREDENTIAL_VALUE = /\b(AKIA|ASIA)[0-9A-Z]{16}\b|-----BEGIN [A-Z ]*PRIVATE KEY-----/;
/** Variable names that say they hold a secret. */
const SECRET_NAME = /PASSWORD|PASSWD|SECRET|TOKEN|API_?KEY|PRIVATE_?KEY|CREDENTIAL/i;
/** A value that points at a secret rather than holding one: an ARN or an SSM parameter path. */
const POINTER = /^(arn:|\/|\{\{resolve:)/;

export const lambdaEnvironmentSecrets = defineRule({
  id: 'aws-lambda-environment-secrets',
  title: 'Lambda environment variables hold no secrets',
  severity: 'high',
  defaultAction: 'RequireApproval',
  description:
    "Holds a Function whose `environment.variables` holds a value that is a credential (an AWS access key ID, a PEM private key), or a variable named like a secret (PASSWORD, SECRET, TOKEN, API_KEY, PRIVATE_KEY, CREDENTIAL) with a literal value that is not an ARN or a parameter path: whoever may read the function's configuration, and every log or tool that prints it, reads the secret. Keep secrets in Secrets Manager or SSM SecureString and pass their ARN. Held rather than refused: a name can mislead. Variables that are not a map are reported as malformed.",
  references: { checkov: ['CKV_AWS_45'] },
  kinds: FUNCTION,
  check(ctx) {
    for (const { segments, value } of explicitParams(ctx.resource, ['environment', 'variables'])) {
      const at = formatFieldPath(segments);
      if (!isObject(value)) {
        ctx.unsafe(at, `${at} must be a map of strings, got ${describe(value)}`);
        continue;
      }
      for (const [name, v] of Object.entries(value)) {
        if (typeof v !== 'string' || v.trim() === '') continue;
        const path = formatFieldPath([...segments, name]);
        if (CREDENTIAL_VALUE.test(v)) ctx.unsafe(path, `${path} holds a credential (an access key ID or a private key) in plain text; store it in Secrets Manager and pass its ARN`);
        else if (SECRET_NAME.test(name) && !POINTER.test(v.trim())) ctx.unsafe(path, `${path} is named like a secret and holds a literal value; store it in Secrets Manager or SSM SecureString and pass its ARN, or approve if it is not a secret`);
      }
    }
  },
}) satisfies Rule;

export const lambdaTracing = fieldRule({
  id: 'aws-lambda-tracing',
  title: 'Lambda functions are traced with X-Ray',
  severity: 'low',
  defaultAction: 'Warn',
  on: FUNCTION.map((kind) => ({ kind, field: ['tracingConfig', 'mode'] })),
  type: 'string',
  safe: 'Active',
  missing: 'X-Ray tracing was not turned on',
  unsafe: 'set it to "Active" so each invocation is traced, and give the role xray:PutTraceSegments',
  why: 'Traces show what a function called, and when; nothing is injected because the function\'s role needs the X-Ray permissions first.',
  references: { checkov: ['CKV_AWS_50'], trivy: ['AWS-0066'] },
}) satisfies Rule;

/** Is one of `fields` set (non-empty) in either parameter block? */
const named = (ctx: RuleContext, fields: readonly (readonly string[])[]) =>
  fields.some((f) => explicitParams(ctx.resource, f).some(({ value }) => value !== '' && !(Array.isArray(value) && value.length === 0)));

/** A companion setting a function should have, reported where absent. */
function presenceRule(spec: { id: string; title: string; fields: readonly (readonly string[])[]; at: readonly string[]; message: string; why: string; checkov: string; valid?(ctx: RuleContext): boolean }): Rule {
  return defineRule({
    id: spec.id,
    title: spec.title,
    severity: 'low',
    defaultAction: 'Warn',
    description: `Reports a Function that sets none of ${spec.fields.map((f) => `\`${f.join('.')}\``).join(', ')} (in forProvider or initProvider). ${spec.why} Nothing is injected: the value is the platform's to choose; set the rule to \`Deny\` once every composition sets it.`,
    references: { checkov: [spec.checkov] },
    kinds: FUNCTION,
    check(ctx) {
      if (named(ctx, spec.fields)) return;
      ctx.unsafe(formatFieldPath(['spec', 'forProvider', ...spec.at]), spec.message);
    },
  });
}

export const lambdaDeadLetter = presenceRule({
  id: 'aws-lambda-dead-letter-queue',
  title: 'Lambda functions have a dead-letter queue',
  fields: [['deadLetterConfig', 'targetArn'], ['deadLetterConfig', 'targetArnRef'], ['deadLetterConfig', 'targetArnSelector']],
  at: ['deadLetterConfig', 'targetArn'],
  message: 'no dead-letter queue was set, so asynchronous events that fail every retry are dropped unseen; set deadLetterConfig.targetArn to a queue or topic',
  why: 'Asynchronous events that fail every retry go there instead of being dropped.',
  checkov: 'CKV_AWS_116',
});

export const lambdaVpc = presenceRule({
  id: 'aws-lambda-vpc',
  title: 'Lambda functions run in a VPC',
  fields: [['vpcConfig', 'subnetIds'], ['vpcConfig', 'subnetIdRefs'], ['vpcConfig', 'subnetIdSelector']],
  at: ['vpcConfig', 'subnetIds'],
  message: 'the function runs outside any VPC, with open access to the internet and no security group; set vpcConfig with subnets and security groups',
  why: 'Outside a VPC a function reaches the whole internet and no security group or flow log applies to it.',
  checkov: 'CKV_AWS_117',
});

export const lambdaCodeSigning = presenceRule({
  id: 'aws-lambda-code-signing',
  title: 'Lambda functions validate code signatures',
  fields: [['codeSigningConfigArn']],
  at: ['codeSigningConfigArn'],
  message: 'no code signing configuration was set, so any code package is deployed; set codeSigningConfigArn to a configuration that names the trusted signing profiles',
  why: 'Code signing lets only packages signed by trusted profiles be deployed.',
  checkov: 'CKV_AWS_272',
});

export const lambdaConcurrency = defineRule({
  id: 'aws-lambda-concurrency-limit',
  title: 'Lambda functions have a concurrency limit',
  severity: 'low',
  defaultAction: 'Warn',
  description:
    'Reports a Function without `reservedConcurrentExecutions`, or with `-1` (no reservation), and one whose value is not a number: a function that can scale to the account\'s whole concurrency lets one flood of events starve every other function, and run up the bill. Nothing is injected: the limit is the platform\'s to choose.',
  references: { checkov: ['CKV_AWS_115'] },
  kinds: FUNCTION,
  check(ctx) {
    const found = explicitParams(ctx.resource, ['reservedConcurrentExecutions']);
    for (const { path, value } of found) {
      if (typeof value !== 'number') ctx.unsafe(path, `${path} must be a number, got ${describe(value)}`);
      else if (value < 0) ctx.unsafe(path, `${path} is ${value}, no limit; set the most concurrent executions this function may use`);
    }
    if (found.length === 0) ctx.unsafe('spec.forProvider.reservedConcurrentExecutions', 'no concurrency limit was set, so the function may use all of the account\'s concurrency; set reservedConcurrentExecutions');
  },
}) satisfies Rule;

/** The Lambda function rules, in evaluation order. */
export const LAMBDA_RULES = [lambdaRuntime, lambdaEnvironmentSecrets, lambdaTracing, lambdaDeadLetter, lambdaVpc, lambdaCodeSigning, lambdaConcurrency] as const satisfies readonly Rule[];
