import { readFileSync } from 'node:fs';
import { RE2JS } from '@bufbuild/re2';
import { Ajv } from 'ajv';
import { CustomResourceDefinition } from 'kubernetes-models/apiextensions.k8s.io/v1/CustomResourceDefinition';
import type { IJSONSchemaProps } from 'kubernetes-models/apiextensions.k8s.io/v1/JSONSchemaProps';
import { describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { z } from 'zod';
import { CATALOG } from '../rules/catalog.js';
import { crdSchema, fromJsonSchema, inputCrd } from './crd.js';

const committed = new URL('../../package/input/guardrails.fn.crossplane.io_guardrails.yaml', import.meta.url);
const crd = parse(readFileSync(committed, 'utf8'));
const openAPIV3Schema = crd.spec.versions[0].schema.openAPIV3Schema as Node;

type Node = Record<string, unknown>;

// ---------------------------------------------------------------------------
// The rules the API server applies to a CRD's schema, beyond the types of
// JSONSchemaProps that kubernetes-models checks. Each cites its source in
// kubernetes/kubernetes staging/src/k8s.io/apiextensions-apiserver:
//   apis/validation  = pkg/apis/apiextensions/validation/validation.go
//   structural       = pkg/apiserver/schema/validation.go, convert.go, complete.go
//   defaulting       = pkg/apiserver/schema/defaulting/validation.go
// ---------------------------------------------------------------------------

/** Every field of JSONSchemaProps, checked against kubernetes-models' type: a field it adds or drops fails the typecheck. */
const FIELDS = {
  $ref: true,
  $schema: true,
  additionalItems: true,
  additionalProperties: true,
  allOf: true,
  anyOf: true,
  default: true,
  definitions: true,
  dependencies: true,
  description: true,
  enum: true,
  example: true,
  exclusiveMaximum: true,
  exclusiveMinimum: true,
  externalDocs: true,
  format: true,
  id: true,
  items: true,
  maxItems: true,
  maxLength: true,
  maxProperties: true,
  maximum: true,
  minItems: true,
  minLength: true,
  minProperties: true,
  minimum: true,
  multipleOf: true,
  not: true,
  nullable: true,
  oneOf: true,
  pattern: true,
  patternProperties: true,
  properties: true,
  required: true,
  title: true,
  type: true,
  uniqueItems: true,
  'x-kubernetes-embedded-resource': true,
  'x-kubernetes-int-or-string': true,
  'x-kubernetes-list-map-keys': true,
  'x-kubernetes-list-type': true,
  'x-kubernetes-map-type': true,
  'x-kubernetes-preserve-unknown-fields': true,
  'x-kubernetes-validations': true,
} satisfies Record<keyof IJSONSchemaProps, true>;

/** Fields JSONSchemaProps has but a CRD may not set (apis/validation specStandardValidatorV3.validate; structural convert.go validateUnsupportedFields). */
const UNSUPPORTED = ['$ref', '$schema', 'id', 'additionalItems', 'patternProperties', 'definitions', 'dependencies'];

/** apis/validation openapiV3Types. */
const TYPES = new Set(['string', 'number', 'integer', 'boolean', 'array', 'object']);

/** Generic and extension fields a schema under allOf/anyOf/oneOf/not may not carry (structural validateNestedValueValidation). */
const NOT_IN_JUNCTORS = ['type', 'default', 'title', 'description', 'nullable', 'externalDocs', 'additionalProperties', 'x-kubernetes-preserve-unknown-fields', 'x-kubernetes-embedded-resource', 'x-kubernetes-int-or-string', 'x-kubernetes-list-map-keys', 'x-kubernetes-list-type', 'x-kubernetes-map-type', 'x-kubernetes-validations'];

const JUNCTORS = ['allOf', 'anyOf', 'oneOf'] as const;

type Level = 'root' | 'items' | 'field';

/** Problems with a CRD's openAPIV3Schema under the API server's rules; none for a schema it accepts. */
export function structuralProblems(schema: Node): string[] {
  const problems: string[] = [];
  const report = (path: string, message: string): void => void problems.push(`${path || '(root)'}: ${message}`);

  const visit = (node: Node, path: string, level: Level, nested: boolean): void => {
    for (const key of Object.keys(node)) if (!(key in FIELDS)) report(path, `unknown field "${key}" (not in JSONSchemaProps)`);
    for (const key of UNSUPPORTED) if (node[key] !== undefined) report(path, `${key} is not supported`);
    if (node.type === 'null') report(path, 'type cannot be set to null, use nullable as an alternative');
    else if (node.type !== undefined && !TYPES.has(node.type as string)) report(path, `type "${String(node.type)}" is not one of ${[...TYPES].join(', ')}`);
    if (Array.isArray(node.items)) report(path, 'items must be a schema object and not an array');
    if (node.uniqueItems === true) report(path, 'uniqueItems cannot be set to true since the runtime complexity becomes quadratic');
    const properties = (node.properties ?? {}) as Record<string, Node>;
    // apis/validation: "additionalProperties and properties are mutual exclusive" (true alone is tolerated).
    if (node.additionalProperties !== undefined && node.additionalProperties !== true && Object.keys(properties).length > 0) report(path, 'additionalProperties and properties are mutual exclusive');
    if (node['x-kubernetes-preserve-unknown-fields'] === false) report(path, 'x-kubernetes-preserve-unknown-fields must be true or undefined');
    // structural validateValueValidation: the pattern must compile as a Go (RE2) regular expression.
    if (typeof node.pattern === 'string') {
      try {
        RE2JS.compile(node.pattern);
      } catch (e) {
        report(path, `pattern must be a valid regular expression, but isn't: ${(e as Error).message}`);
      }
    }
    // OpenAPI 3.0: exclusiveMinimum/Maximum are booleans qualifying minimum/maximum; alone they bound nothing.
    if (node.exclusiveMinimum === true && typeof node.minimum !== 'number') report(path, 'exclusiveMinimum without minimum bounds nothing');
    if (node.exclusiveMaximum === true && typeof node.maximum !== 'number') report(path, 'exclusiveMaximum without maximum bounds nothing');

    if (nested) {
      for (const key of NOT_IN_JUNCTORS) if (node[key] !== undefined) report(path, `${key} must be undefined to be structural`);
      if ('metadata' in properties) report(`${path}.properties.metadata`, 'must not be specified in a nested context');
    } else {
      const intOrString = node['x-kubernetes-int-or-string'] === true;
      const preserve = node['x-kubernetes-preserve-unknown-fields'] === true;
      const embedded = node['x-kubernetes-embedded-resource'] === true;
      if (level === 'root' && node.nullable === true) report(path, 'nullable cannot be true at the root');
      if (embedded && node.type !== 'object') report(path, 'type must be object if x-kubernetes-embedded-resource is true');
      else if (node.type === undefined && !intOrString && !preserve) report(path, `type must not be empty ${{ root: 'at the root', items: 'for specified array items', field: 'for specified object fields' }[level]}`);
      if (embedded && !preserve && Object.keys(properties).length === 0) report(path, 'properties must not be empty if x-kubernetes-embedded-resource is true without x-kubernetes-preserve-unknown-fields');
      if (intOrString && preserve) report(path, 'x-kubernetes-preserve-unknown-fields must be false if x-kubernetes-int-or-string is true');
      if (intOrString && embedded) report(path, 'x-kubernetes-embedded-resource must be false if x-kubernetes-int-or-string is true');
      if (node.type === 'array' && node.items === undefined) report(path, 'items must be specified');
      if (level === 'root') {
        if (node.type !== undefined && node.type !== 'object') report(path, 'type must be object at the root');
        if (node.additionalProperties !== undefined) report(path, 'additionalProperties must not be used at the root');
        for (const meta of ['apiVersion', 'kind'] as const) {
          if (properties[meta] !== undefined && properties[meta].type !== 'string') report(`${path}.${meta}`, 'type must be string');
        }
        // structural validateStructuralMetadataInvariants: name and generateName only, nothing else (no description, no default).
        const metadata = properties.metadata;
        if (metadata !== undefined) {
          const extra = Object.keys(metadata).filter((k) => k !== 'type' && k !== 'properties');
          const fields = Object.keys((metadata.properties ?? {}) as object).filter((k) => k !== 'name' && k !== 'generateName');
          if (metadata.type !== 'object' || extra.length > 0 || fields.length > 0) report(`${path}.metadata`, 'must not specify anything other than name and generateName');
        }
        // apis/validation: no default in top-level apiVersion, kind or metadata.
        for (const meta of ['apiVersion', 'kind', 'metadata']) if (properties[meta]?.default !== undefined) report(`${path}.${meta}`, `default must not be set in top-level ${meta}`);
      }
      // structural: the int-or-string anyOf is the one junctor that may carry types.
      const intOrStringPair = JSON.stringify(node.anyOf) === JSON.stringify([{ type: 'integer' }, { type: 'string' }]);
      for (const junctor of JUNCTORS) {
        if (junctor === 'anyOf' && intOrStringPair) continue;
        ((node[junctor] ?? []) as Node[]).forEach((member, i) => {
          visit(member, `${path}.${junctor}[${i}]`, level, true);
          complete(member, node, `${path}.${junctor}[${i}]`);
        });
      }
      if (node.not !== undefined) {
        visit(node.not as Node, `${path}.not`, level, true);
        complete(node.not as Node, node, `${path}.not`);
      }
    }
    for (const [key, value] of Object.entries(properties)) visit(value, `${path}.${key}`, 'field', nested);
    if (typeof node.items === 'object' && !Array.isArray(node.items)) visit(node.items as Node, `${path}[]`, 'items', nested);
    if (typeof node.additionalProperties === 'object') visit(node.additionalProperties as Node, `${path}.*`, 'field', nested);
  };

  /** structural complete.go: a field or items a junctor names must exist outside value validation. */
  const complete = (validation: Node, skeleton: Node, path: string): void => {
    const named = (skeleton.properties ?? {}) as Record<string, Node>;
    for (const [key, value] of Object.entries((validation.properties ?? {}) as Record<string, Node>)) {
      if (named[key] === undefined) report(`${path}.properties.${key}`, 'required in the structural schema because it is defined in a value validation');
      else complete(value, named[key], `${path}.properties.${key}`);
    }
    if (validation.items !== undefined) {
      if (skeleton.items === undefined) report(`${path}.items`, 'required in the structural schema because it is defined in a value validation');
      else complete(validation.items as Node, skeleton.items as Node, `${path}.items`);
    }
    for (const junctor of JUNCTORS) ((validation[junctor] ?? []) as Node[]).forEach((member, i) => complete(member, skeleton, `${path}.${junctor}[${i}]`));
  };

  visit(schema, '', 'root', false);
  return problems;
}

/**
 * A node as the JSON Schema (draft-07) it means, for ajv: OpenAPI's boolean
 * exclusive bounds and nullable rewritten, annotations and extensions
 * dropped, and unknown fields refused where the API server would prune them
 * (pruning/algorithm.go), so a default that validates is also pruned.
 */
function draft7(node: Node): Node {
  const out: Node = {};
  for (const [key, value] of Object.entries(node)) {
    if (key === 'properties') out.properties = Object.fromEntries(Object.entries(value as Record<string, Node>).map(([k, v]) => [k, draft7(v)]));
    else if (key === 'items' || key === 'not') out[key] = draft7(value as Node);
    else if (key === 'additionalProperties') out[key] = typeof value === 'object' ? draft7(value as Node) : value;
    else if ((JUNCTORS as readonly string[]).includes(key)) out[key] = (value as Node[]).map(draft7);
    else if (key === 'exclusiveMinimum' || key === 'exclusiveMaximum') {
      if (value === true) out[key] = node[key === 'exclusiveMinimum' ? 'minimum' : 'maximum'];
    } else if ((key === 'minimum' && node.exclusiveMinimum === true) || (key === 'maximum' && node.exclusiveMaximum === true)) continue;
    else if (!['nullable', 'description', 'title', 'default', 'example', 'externalDocs', 'format'].includes(key) && !key.startsWith('x-kubernetes-')) out[key] = value;
  }
  if (node['x-kubernetes-int-or-string'] === true) out.type = ['integer', 'string'];
  if (node.nullable === true && typeof out.type === 'string') {
    out.type = [out.type, 'null'];
    if (Array.isArray(out.enum)) out.enum = [...out.enum, null];
  }
  if (node.type === 'object' && node.additionalProperties === undefined && node['x-kubernetes-preserve-unknown-fields'] !== true) out.additionalProperties = false;
  return out;
}

const ajv = new Ajv({ allErrors: true, strict: true, strictTypes: false });

/**
 * defaulting ValidateDefaults: every default validates against its own
 * schema and carries no field pruning would drop; apis/validation: every
 * enum value validates against its schema.
 */
export function valueProblems(schema: Node): string[] {
  const problems: string[] = [];
  const check = (node: Node, path: string, what: string, value: unknown, against: Node): void => {
    const validate = ajv.compile(draft7(against));
    if (!validate(value)) problems.push(`${path || '(root)'}: ${what} ${JSON.stringify(value)}: ${ajv.errorsText(validate.errors)}`);
  };
  const visit = (node: Node, path: string): void => {
    if (node.default !== undefined) check(node, path, 'default', node.default, node);
    if (Array.isArray(node.enum)) {
      const { enum: _values, ...rest } = node;
      for (const value of node.enum) check(node, path, 'enum value', value, rest);
    }
    for (const [key, value] of Object.entries((node.properties ?? {}) as Record<string, Node>)) visit(value, `${path}.${key}`);
    if (typeof node.items === 'object' && !Array.isArray(node.items)) visit(node.items as Node, `${path}[]`);
    if (typeof node.additionalProperties === 'object') visit(node.additionalProperties as Node, `${path}.*`);
  };
  visit(schema, '');
  return problems;
}

/** Every schema node a reader sees: the root, each field, each item and map value schema (root metadata excepted: it may carry nothing). */
function nodes(schema: Node): { path: string; node: Node }[] {
  const out: { path: string; node: Node }[] = [];
  const visit = (node: Node, path: string): void => {
    out.push({ path: path || '(root)', node });
    for (const [key, value] of Object.entries((node.properties ?? {}) as Record<string, Node>)) if (!(path === '' && key === 'metadata')) visit(value, `${path}.${key}`);
    if (typeof node.items === 'object') visit(node.items as Node, `${path}[]`);
    if (typeof node.additionalProperties === 'object') visit(node.additionalProperties as Node, `${path}.*`);
  };
  visit(schema, '');
  return out;
}

/** How a description names a default: `Default: Enforce.`, `Default: 8.`, `Default: "*".`, `Default: {}.` */
function defaultSentence(value: unknown): string {
  return `Default: ${typeof value === 'string' && /^[A-Za-z0-9][-A-Za-z0-9_./]*$/.test(value) ? value : JSON.stringify(value)}.`;
}

describe('the structural schema checker', () => {
  const ok = { type: 'object', properties: { a: { type: 'string', description: 'A.' } } };
  const cases: { name: string; reason: string; schema: Node; want: string[] }[] = [
    { name: 'a plain schema', reason: 'the checker passes what the API server accepts', schema: ok, want: [] },
    {
      name: 'exclusiveMinimum alone',
      reason: 'OpenAPI 3.0 exclusiveMinimum qualifies minimum',
      schema: { type: 'object', properties: { n: { type: 'integer', exclusiveMinimum: true } } },
      want: ['.n: exclusiveMinimum without minimum bounds nothing'],
    },
    {
      name: 'a JSON Schema keyword JSONSchemaProps lacks',
      reason: 'const, propertyNames, prefixItems are not fields of JSONSchemaProps',
      schema: { type: 'object', properties: { a: { type: 'string', const: 'x' }, m: { type: 'object', propertyNames: { minLength: 1 }, additionalProperties: { type: 'string' } } } },
      want: ['.a: unknown field "const" (not in JSONSchemaProps)', '.m: unknown field "propertyNames" (not in JSONSchemaProps)'],
    },
    {
      name: '$schema, $ref and definitions',
      reason: 'validateUnsupportedFields',
      schema: { $schema: 'https://json-schema.org/draft/2020-12/schema', type: 'object', properties: { a: { $ref: '#/definitions/a' } }, definitions: { a: { type: 'string' } } },
      want: ['(root): $schema is not supported', '(root): definitions is not supported', '.a: $ref is not supported', '.a: type must not be empty for specified object fields'],
    },
    {
      name: 'a field without a type',
      reason: 'every specified field needs a type',
      schema: { type: 'object', properties: { a: { description: 'A.' }, l: { type: 'array', items: { minLength: 1 } } } },
      want: ['.a: type must not be empty for specified object fields', '.l[]: type must not be empty for specified array items'],
    },
    {
      name: 'type null and a list of types',
      reason: 'nullable replaces null; type is one string',
      schema: { type: 'object', properties: { a: { type: 'null' }, b: { type: 'stringy' } } },
      want: ['.a: type cannot be set to null, use nullable as an alternative', '.b: type "stringy" is not one of string, number, integer, boolean, array, object'],
    },
    {
      name: 'properties beside additionalProperties false',
      reason: 'zod writes additionalProperties: false for a strict object; a CRD forbids it beside properties',
      schema: { type: 'object', properties: { o: { type: 'object', properties: { a: { type: 'string' } }, additionalProperties: false } } },
      want: ['.o: additionalProperties and properties are mutual exclusive'],
    },
    {
      name: 'a tuple',
      reason: 'items is a single schema',
      schema: { type: 'object', properties: { t: { type: 'array', items: [{ type: 'string' }, { type: 'integer' }] } } },
      want: ['.t: items must be a schema object and not an array'],
    },
    {
      name: 'an array without items, uniqueItems',
      reason: 'items must be specified; uniqueItems is quadratic',
      schema: { type: 'object', properties: { l: { type: 'array', uniqueItems: true } } },
      want: ['.l: uniqueItems cannot be set to true since the runtime complexity becomes quadratic', '.l: items must be specified'],
    },
    {
      name: 'a typed union',
      reason: 'anyOf members may hold value validations only, except the int-or-string pair',
      schema: {
        type: 'object',
        properties: {
          u: { anyOf: [{ type: 'string' }, { type: 'number', description: 'N.' }] },
          ios: { 'x-kubernetes-int-or-string': true, anyOf: [{ type: 'integer' }, { type: 'string' }] },
        },
      },
      want: ['.u: type must not be empty for specified object fields', '.u.anyOf[0]: type must be undefined to be structural', '.u.anyOf[1]: type must be undefined to be structural', '.u.anyOf[1]: description must be undefined to be structural'],
    },
    {
      name: 'a field only a junctor names',
      reason: 'complete.go: value validations may not introduce fields',
      schema: { type: 'object', properties: { o: { type: 'object', properties: { a: { type: 'string' } }, oneOf: [{ required: ['a'] }, { properties: { b: { minLength: 1 } } }] } } },
      want: ['.o.oneOf[1].properties.b: required in the structural schema because it is defined in a value validation'],
    },
    {
      name: 'metadata with a description, a default on kind',
      reason: 'root metadata may restrict name and generateName only; top-level kind takes no default',
      schema: { type: 'object', properties: { metadata: { type: 'object', description: 'M.' }, kind: { type: 'string', default: 'Guardrails' } } },
      want: ['.metadata: must not specify anything other than name and generateName', '.kind: default must not be set in top-level kind'],
    },
    {
      name: 'root additionalProperties, root nullable',
      reason: 'the root is an object with fields',
      schema: { type: 'object', nullable: true, additionalProperties: { type: 'string' } },
      want: ['(root): nullable cannot be true at the root', '(root): additionalProperties must not be used at the root'],
    },
    {
      name: 'a JavaScript-only pattern',
      reason: 'the API server compiles patterns with Go regexp (RE2): no lookahead',
      schema: { type: 'object', properties: { h: { type: 'string', pattern: '^(?=.{1,253}$)[a-z]+$' } } },
      want: ['.h: pattern must be a valid regular expression, but isn\'t: error parsing regexp: invalid or unsupported Perl syntax: `(?=`'],
    },
    {
      name: 'preserve-unknown-fields false, with int-or-string',
      reason: 'x-kubernetes-preserve-unknown-fields is true or absent, and excludes int-or-string',
      schema: { type: 'object', properties: { a: { type: 'object', 'x-kubernetes-preserve-unknown-fields': false }, b: { 'x-kubernetes-int-or-string': true, 'x-kubernetes-preserve-unknown-fields': true } } },
      want: ['.a: x-kubernetes-preserve-unknown-fields must be true or undefined', '.b: x-kubernetes-preserve-unknown-fields must be false if x-kubernetes-int-or-string is true'],
    },
  ];
  it.each(cases)('$name', ({ schema, want }) => {
    expect(structuralProblems(schema)).toEqual(want);
  });

  it("leaves the types of JSONSchemaProps fields to kubernetes-models, which refuses the issue's numeric exclusiveMinimum", () => {
    const schema = { type: 'object', properties: { n: { type: 'integer', exclusiveMinimum: 0 } } };
    const bad = { ...crd, spec: { ...crd.spec, versions: [{ ...crd.spec.versions[0], schema: { openAPIV3Schema: schema } }] } };
    expect(() => new CustomResourceDefinition(bad).validate()).toThrow('/properties/n/exclusiveMinimum must be boolean');
  });
});

describe('the default and enum checker', () => {
  const cases: { name: string; reason: string; schema: Node; want: string[] }[] = [
    {
      name: 'valid defaults',
      reason: 'a default of the right type, within bounds, with known fields only',
      schema: { type: 'object', properties: { m: { type: 'string', enum: ['A', 'B'], default: 'A' }, o: { type: 'object', default: { n: 8 }, properties: { n: { type: 'integer', minimum: 0, exclusiveMinimum: true } } } } },
      want: [],
    },
    {
      name: 'a default outside its enum, a bound, its type',
      reason: 'defaulting ValidateDefaults validates each default against its schema',
      schema: {
        type: 'object',
        properties: { m: { type: 'string', enum: ['A'], default: 'B' }, n: { type: 'integer', minimum: 0, exclusiveMinimum: true, default: 0 }, s: { type: 'string', default: 1 } },
      },
      want: ['.m: default "B": data must be equal to one of the allowed values', '.n: default 0: data must be > 0', '.s: default 1: data must be string'],
    },
    {
      name: 'an unpruned default',
      reason: 'defaulting: a default must not have unknown fields',
      schema: { type: 'object', properties: { o: { type: 'object', default: { x: 1 }, properties: { n: { type: 'integer' } } } } },
      want: ['.o: default {"x":1}: data must NOT have additional properties'],
    },
    {
      name: 'an enum value of another type',
      reason: 'apis/validation: each enum value validates against its schema',
      schema: { type: 'object', properties: { n: { type: 'integer', enum: [1, 'two'] } } },
      want: ['.n: enum value "two": data must be integer'],
    },
  ];
  it.each(cases)('$name', ({ schema, want }) => {
    expect(valueProblems(schema)).toEqual(want);
  });
});

describe('zod constructs as a CRD schema', () => {
  const shared = z.string().min(2).meta({ id: 'crd-test-shared' });
  const cases: { name: string; reason: string; schema: z.ZodType; want: Node }[] = [
    {
      name: 'a positive integer',
      reason: 'the issue: exclusiveMinimum is a boolean beside minimum in OpenAPI 3.0',
      schema: z.number().int().positive(),
      want: { type: 'integer', minimum: 0, exclusiveMinimum: true, maximum: Number.MAX_SAFE_INTEGER },
    },
    {
      name: 'exclusive bounds both ways',
      reason: 'exclusiveMaximum likewise',
      schema: z.number().gt(0).lt(5),
      want: { type: 'number', minimum: 0, exclusiveMinimum: true, maximum: 5, exclusiveMaximum: true },
    },
    { name: 'a literal', reason: 'const becomes a one-value enum', schema: z.literal('a'), want: { type: 'string', enum: ['a'] } },
    { name: 'a union of literals', reason: 'one string type, the values merged into one enum', schema: z.union([z.literal('a'), z.literal('b')]), want: { type: 'string', enum: ['a', 'b'] } },
    { name: 'a nullable string', reason: 'null is nullable, not a type', schema: z.string().nullable(), want: { type: 'string', nullable: true } },
    {
      name: 'a nullable object',
      reason: 'the same for an object',
      schema: z.object({ a: z.string() }).nullable(),
      want: { type: 'object', nullable: true, properties: { a: { type: 'string' } }, required: ['a'] },
    },
    {
      name: 'an integer or a string',
      reason: 'the one typed union a structural schema has: x-kubernetes-int-or-string with its exact anyOf',
      schema: z.union([z.string(), z.number().int()]),
      want: { 'x-kubernetes-int-or-string': true, anyOf: [{ type: 'integer' }, { type: 'string' }] },
    },
    {
      name: 'a union of constrained strings',
      reason: 'the type moves out; the alternatives keep their value validations only',
      schema: z.union([z.string().min(3), z.string().regex(/^x/)]),
      want: { type: 'string', anyOf: [{ minLength: 3 }, { pattern: '^x' }] },
    },
    {
      name: 'two patterns on one string',
      reason: 'zod writes allOf with a type in each member; the members lose it',
      schema: z.string().regex(/a/).regex(/b/),
      want: { type: 'string', allOf: [{ pattern: 'a' }, { pattern: 'b' }] },
    },
    {
      name: 'a tuple of one type',
      reason: 'items is one schema: positions that agree collapse, the length stays',
      schema: z.tuple([z.string(), z.string()]),
      want: { type: 'array', items: { type: 'string' }, minItems: 2, maxItems: 2 },
    },
    {
      name: 'a strict object',
      reason: 'additionalProperties: false goes: a CRD forbids it beside properties, and prunes unknown fields anyway',
      schema: z.object({ a: z.string() }).strict(),
      want: { type: 'object', properties: { a: { type: 'string' } }, required: ['a'] },
    },
    {
      name: 'a loose object',
      reason: 'unknown fields kept the Kubernetes way',
      schema: z.looseObject({ a: z.string() }),
      want: { type: 'object', properties: { a: { type: 'string' } }, required: ['a'], 'x-kubernetes-preserve-unknown-fields': true },
    },
    {
      name: 'a record',
      reason: 'a map: additionalProperties types the values; key constraints (propertyNames) have no CRD form',
      schema: z.record(z.string().min(1), z.number()),
      want: { type: 'object', additionalProperties: { type: 'number' } },
    },
    { name: 'a record of anything', reason: 'an untyped map value keeps unknown fields', schema: z.record(z.string(), z.unknown()), want: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true } },
    { name: 'anything', reason: 'a field without a type must preserve unknown fields', schema: z.unknown(), want: { 'x-kubernetes-preserve-unknown-fields': true } },
    {
      name: 'a schema with an id, used twice',
      reason: '$ref and definitions are inlined, a description beside the reference kept',
      schema: z.object({ a: shared, b: shared.describe('B.') }),
      want: { type: 'object', properties: { a: { type: 'string', minLength: 2 }, b: { type: 'string', minLength: 2, description: 'B.' } }, required: ['a', 'b'] },
    },
    { name: 'a zod-only format', reason: 'format goes (the API server strips formats it does not know); the pattern stays', schema: z.string().startsWith('x'), want: { type: 'string', pattern: '^x.*' } },
    { name: 'a pattern Go cannot compile', reason: 'zod\'s hostname pattern has a lookahead, which RE2 refuses: the pattern goes, the function still checks it', schema: z.hostname(), want: { type: 'string' } },
    { name: 'a default', reason: 'kept, and validated against its schema by the tests', schema: z.string().default('x'), want: { type: 'string', default: 'x' } },
  ];
  it.each(cases)('$name', ({ schema, want }) => {
    const got = crdSchema(schema);
    expect(got).toEqual(want);
    const root = { type: 'object', properties: { field: got } };
    expect([...structuralProblems(root), ...valueProblems(root)]).toEqual([]);
  });

  const T: z.ZodType = z.object({
    get children() {
      return z.array(T);
    },
  });
  const refused: { name: string; reason: string; schema: z.ZodType; want: string }[] = [
    { name: 'a union of types', reason: 'no structural schema holds a string or a boolean', schema: z.union([z.string(), z.boolean()]), want: 'Input CRD: (root): anyOf over types string, boolean has no structural schema' },
    {
      name: 'a discriminated union',
      reason: 'alternatives of objects would need their fields merged; refused rather than half-translated',
      schema: z.discriminatedUnion('k', [z.object({ k: z.literal('a') }), z.object({ k: z.literal('b') })]),
      want: 'Input CRD: (root): oneOf over objects has no structural schema; use one object schema',
    },
    { name: 'a tuple of types', reason: 'items is one schema', schema: z.tuple([z.string(), z.number()]), want: 'Input CRD: []: anyOf over types string, number has no structural schema' },
    { name: 'a catchall', reason: 'properties and a typed additionalProperties are mutually exclusive', schema: z.object({ a: z.string() }).catchall(z.number()), want: 'Input CRD: (root): a map beside named properties (a catchall) has no structural schema' },
    { name: 'a recursive schema', reason: 'a CRD schema has no $ref, so a cycle cannot be written', schema: T, want: 'Cycle detected' },
    { name: 'never', reason: 'not is a value validation without a type', schema: z.never(), want: 'Input CRD: (root): "not" (z.never() or a negation) has no Kubernetes structural schema equivalent' },
    { name: 'null', reason: 'null is no type', schema: z.literal(null), want: 'Input CRD: (root): an enum with no value but null' },
    { name: 'an unknown keyword', reason: 'a keyword the generator does not know is refused, not passed through', schema: z.string().meta({ 'x-kubernetes-list-type': 'set' }), want: 'Input CRD: (root): "x-kubernetes-list-type" has no Kubernetes structural schema equivalent' },
  ];
  it.each(refused)('refuses $name', ({ schema, want }) => {
    expect(() => crdSchema(schema)).toThrow(want);
  });
});

describe('JSON Schema 2020 forms as a CRD schema', () => {
  // zod writes OpenAPI 3.0 for the CRD; were it to write JSON Schema 2020-12
  // (its default target, which produced the issue's `exclusiveMinimum: 0`),
  // the same structural schema comes out.
  const cases: { name: string; reason: string; json: Node; want: Node }[] = [
    { name: 'a numeric exclusiveMinimum', reason: 'the issue: a number becomes minimum plus the boolean', json: { type: 'integer', exclusiveMinimum: 0 }, want: { type: 'integer', minimum: 0, exclusiveMinimum: true } },
    {
      name: 'an exclusive bound looser than the inclusive one',
      reason: 'the stricter bound is kept',
      json: { type: 'number', minimum: 5, exclusiveMinimum: 0, maximum: 5, exclusiveMaximum: 5 },
      want: { type: 'number', minimum: 5, maximum: 5, exclusiveMaximum: true },
    },
    { name: 'const', reason: 'a one-value enum, its type inferred', json: { const: 3 }, want: { type: 'integer', enum: [3] } },
    { name: 'a type list with null', reason: 'nullable', json: { type: ['string', 'null'] }, want: { type: 'string', nullable: true } },
    {
      name: 'prefixItems',
      reason: 'a tuple whose positions agree is one item schema',
      json: { type: 'array', prefixItems: [{ type: 'string' }, { type: 'string' }], items: false, minItems: 2, maxItems: 2 },
      want: { type: 'array', items: { type: 'string' }, minItems: 2, maxItems: 2 },
    },
    {
      name: '$defs and $schema',
      reason: 'references inlined, $schema dropped',
      json: { $schema: 'https://json-schema.org/draft/2020-12/schema', type: 'object', properties: { a: { $ref: '#/$defs/a' } }, $defs: { a: { type: 'string' } } },
      want: { type: 'object', properties: { a: { type: 'string' } } },
    },
    {
      name: 'propertyNames',
      reason: 'map keys take no schema in a CRD',
      json: { type: 'object', propertyNames: { type: 'string', minLength: 1 }, additionalProperties: { type: 'string' } },
      want: { type: 'object', additionalProperties: { type: 'string' } },
    },
  ];
  it.each(cases)('$name', ({ json, want }) => {
    expect(fromJsonSchema(json)).toEqual(want);
  });

  it('refuses a recursive reference', () => {
    expect(() => fromJsonSchema({ type: 'object', properties: { a: { $ref: '#/$defs/a' } }, $defs: { a: { type: 'object', properties: { b: { $ref: '#/$defs/a' } } } } })).toThrow(
      'Input CRD: a.b: "$ref" #/$defs/a is recursive; a CRD schema cannot be',
    );
  });
});

describe('input CRD', () => {
  it('matches the committed package/input file (run `npm run generate` after a schema change)', () => {
    expect(readFileSync(committed, 'utf8')).toBe(stringify(inputCrd(), { lineWidth: 0 }));
  });

  it('is a valid CustomResourceDefinition for kubernetes-models (generated from the Kubernetes OpenAPI)', () => {
    expect(() => new CustomResourceDefinition(crd).validate()).not.toThrow();
  });

  it('breaks no rule the API server applies to CRD schemas', () => {
    expect(structuralProblems(openAPIV3Schema)).toEqual([]);
  });

  it('has every default and enum value valid against its schema, and pruned', () => {
    expect(valueProblems(openAPIV3Schema)).toEqual([]);
  });

  it('describes every field, item and map value', () => {
    expect(nodes(openAPIV3Schema).filter(({ node }) => typeof node.description !== 'string' || node.description.trim() === '').map(({ path }) => path)).toEqual([]);
  });

  it('names every default in its description', () => {
    const unnamed = nodes(openAPIV3Schema)
      .filter(({ node }) => node.default !== undefined && !(node.description as string).endsWith(defaultSentence(node.default)))
      .map(({ path, node }) => `${path}: ${String(node.description)}`);
    expect(unnamed).toEqual([]);
  });

  it("names each built-in rule's default action in the description of its action", () => {
    const rules = (openAPIV3Schema.properties as Record<string, Node>).rules!.properties as Record<string, Node>;
    const unnamed = CATALOG.filter((rule) => {
      const action = (rules[rule.id]?.properties as Record<string, Node> | undefined)?.action;
      return typeof action?.description !== 'string' || !action.description.endsWith(defaultSentence(rule.defaultAction));
    }).map((rule) => rule.id);
    expect(unnamed).toEqual([]);
  });
});
