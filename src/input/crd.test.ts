import { readFileSync } from 'node:fs';
import { RE2JS } from '@bufbuild/re2';
import { Ajv } from 'ajv';
import { CustomResourceDefinition } from 'kubernetes-models/apiextensions.k8s.io/v1/CustomResourceDefinition';
import type { IJSONSchemaProps } from 'kubernetes-models/apiextensions.k8s.io/v1/JSONSchemaProps';
import { describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { CATALOG } from '../rules/catalog.js';
import { inputCrd } from './crd.js';

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
