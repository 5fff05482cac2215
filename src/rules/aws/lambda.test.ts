import { describe, it } from 'vitest';
import { awsResource, finding, runFindingsCase, served, withInit, type FindingsCase, type Served } from '../../../test/builders/aws-data.js';
import type { Rule } from '../../engine/rule.js';
import {
  lambdaCodeSigning,
  lambdaConcurrency,
  lambdaDeadLetter,
  lambdaEnvironmentSecrets,
  lambdaRuntime,
  lambdaTracing,
  lambdaVpc,
} from './lambda.js';

/** lambda Function: cluster-scoped v1beta1 (single nested blocks as one-element lists), v1beta2 and namespaced v1beta1 (objects). */
const SHAPES: readonly Served[] = [served('cluster', 'v1beta1'), served('cluster', 'v1beta2'), served('namespaced', 'v1beta1')];
const block = (s: Served, fields: Record<string, unknown>) => (s.blocks === 'array' ? [fields] : fields);
const idx = (s: Served) => (s.blocks === 'array' ? '[0]' : '');
const fn = (s: Served, fp: Record<string, unknown> = {}) => awsResource('lambda', 'Function', s, { handler: 'app.handler', role: 'arn:aws:iam::111122223333:role/app', ...fp });

interface RuleCase extends FindingsCase {
  rule: Rule;
}

const cases: RuleCase[] = SHAPES.flatMap((s): RuleCase[] => {
  const env = (variables: unknown) => fn(s, { runtime: 'python3.12', environment: block(s, { variables }) });
  const envPath = (name: string) => `spec.forProvider.environment${idx(s)}.variables.${name}`;
  const r = (rule: Rule, name: string, reason: string, resource: FindingsCase['resource'], want: FindingsCase['want']): RuleCase => ({ rule, name: `${rule.id} on ${s.label}: ${name}`, reason, resource, want });
  return [
    r(lambdaRuntime, 'python3.12 passes', 'a supported runtime', fn(s, { runtime: 'python3.12' }), []),
    r(lambdaRuntime, 'an agent picks python3.8: refused', 'deprecated, no longer patched', fn(s, { runtime: 'python3.8' }), [
      finding(lambdaRuntime, 'Deny', 'spec.forProvider.runtime', 'spec.forProvider.runtime is "python3.8", a runtime AWS has deprecated and no longer patches; move to a supported version of the language'),
    ]),
    r(lambdaRuntime, 'NODEJS16.X in initProvider: refused', 'compared case-insensitively, in either block', withInit(fn(s), { runtime: 'NODEJS16.X' }), [
      finding(lambdaRuntime, 'Deny', 'spec.initProvider.runtime', 'spec.initProvider.runtime is "NODEJS16.X", a runtime AWS has deprecated and no longer patches; move to a supported version of the language'),
    ]),
    r(lambdaRuntime, 'a container image function passes', 'no runtime', fn(s, { packageType: 'Image', imageUri: '111122223333.dkr.ecr.eu-west-1.amazonaws.com/app:1' }), []),
    r(lambdaEnvironmentSecrets, 'plain settings pass', 'not secrets', env({ STAGE: 'prod', LOG_LEVEL: 'info' }), []),
    r(lambdaEnvironmentSecrets, 'a secret passed by ARN passes', 'a pointer, not the secret', env({ DB_PASSWORD_SECRET: 'arn:aws:secretsmanager:eu-west-1:111122223333:secret:db' }), []),
    r(lambdaEnvironmentSecrets, 'an agent puts an access key in the environment: held', 'a credential whatever its name', env({ AWS_KEY: 'AKIAIOSFODNN7EXAMPLE' }), [
      finding(lambdaEnvironmentSecrets, 'RequireApproval', envPath('AWS_KEY'), `${envPath('AWS_KEY')} holds a credential (an access key ID or a private key) in plain text; store it in Secrets Manager and pass its ARN`),
    ]),
    r(lambdaEnvironmentSecrets, 'an agent puts a database password in the environment: held', 'named like a secret with a literal value', env({ DB_PASSWORD: 'hunter2' }), [
      finding(lambdaEnvironmentSecrets, 'RequireApproval', envPath('DB_PASSWORD'), `${envPath('DB_PASSWORD')} is named like a secret and holds a literal value; store it in Secrets Manager or SSM SecureString and pass its ARN, or approve if it is not a secret`),
    ]),
    r(lambdaEnvironmentSecrets, 'variables a list: malformed', 'fail closed', env(['DB_PASSWORD=x']), [
      finding(lambdaEnvironmentSecrets, 'RequireApproval', `spec.forProvider.environment${idx(s)}.variables`, `spec.forProvider.environment${idx(s)}.variables must be a map of strings, got an array`),
    ]),
    r(lambdaTracing, 'Active passes', 'traced', fn(s, { tracingConfig: block(s, { mode: 'Active' }) }), []),
    r(lambdaTracing, 'PassThrough: a warning', 'not traced', fn(s, { tracingConfig: block(s, { mode: 'PassThrough' }) }), [
      finding(lambdaTracing, 'Warn', `spec.forProvider.tracingConfig${idx(s)}.mode`, `spec.forProvider.tracingConfig${idx(s)}.mode is "PassThrough"; set it to "Active" so each invocation is traced, and give the role xray:PutTraceSegments`),
    ]),
    r(lambdaTracing, 'absent: a warning, nothing injected', 'the role needs X-Ray permissions first', fn(s), [finding(lambdaTracing, 'Warn', 'spec.forProvider.tracingConfig.mode', 'X-Ray tracing was not turned on')]),
    r(lambdaDeadLetter, 'a queue by reference passes', 'Upjet resolves it', fn(s, { deadLetterConfig: block(s, { targetArnRef: { name: 'dlq' } }) }), []),
    r(lambdaDeadLetter, 'absent: a warning', 'failed events are dropped', fn(s), [
      finding(lambdaDeadLetter, 'Warn', 'spec.forProvider.deadLetterConfig.targetArn', 'no dead-letter queue was set, so asynchronous events that fail every retry are dropped unseen; set deadLetterConfig.targetArn to a queue or topic'),
    ]),
    r(lambdaVpc, 'subnets pass', 'in a VPC', fn(s, { vpcConfig: block(s, { subnetIds: ['subnet-a'], securityGroupIds: ['sg-1'] }) }), []),
    r(lambdaVpc, 'an empty subnet list: a warning', 'no subnets is no VPC', fn(s, { vpcConfig: block(s, { subnetIds: [] }) }), [
      finding(lambdaVpc, 'Warn', 'spec.forProvider.vpcConfig.subnetIds', 'the function runs outside any VPC, with open access to the internet and no security group; set vpcConfig with subnets and security groups'),
    ]),
    r(lambdaCodeSigning, 'a code signing configuration passes', 'signed code only', fn(s, { codeSigningConfigArn: 'arn:aws:lambda:eu-west-1:111122223333:code-signing-config:csc-1' }), []),
    r(lambdaCodeSigning, 'absent: a warning', 'any package is deployed', fn(s), [
      finding(lambdaCodeSigning, 'Warn', 'spec.forProvider.codeSigningConfigArn', 'no code signing configuration was set, so any code package is deployed; set codeSigningConfigArn to a configuration that names the trusted signing profiles'),
    ]),
    r(lambdaConcurrency, '10 passes', 'a limit', fn(s, { reservedConcurrentExecutions: 10 }), []),
    r(lambdaConcurrency, '-1: a warning', 'no reservation', fn(s, { reservedConcurrentExecutions: -1 }), [
      finding(lambdaConcurrency, 'Warn', 'spec.forProvider.reservedConcurrentExecutions', 'spec.forProvider.reservedConcurrentExecutions is -1, no limit; set the most concurrent executions this function may use'),
    ]),
    r(lambdaConcurrency, 'absent: a warning', 'no limit', fn(s), [
      finding(lambdaConcurrency, 'Warn', 'spec.forProvider.reservedConcurrentExecutions', "no concurrency limit was set, so the function may use all of the account's concurrency; set reservedConcurrentExecutions"),
    ]),
  ];
});

describe('Lambda functions', () => {
  it.each(cases)('$name', (c) => runFindingsCase(c, [c.rule]));
});
