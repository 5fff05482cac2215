/**
 * Checks that proto/fn/v1/run_function.proto (our transcription) is the same
 * contract as Crossplane's run_function.proto: same package, service, message
 * and enum names, and for every field the same name, number, type, label,
 * map key type, oneof membership, proto3 `optional` and `deprecated` option.
 *
 * The upstream copy lives outside the repository: `npm run validate:proto`
 * names it in UPSTREAM_PROTO and runs the full comparison; without it that
 * case is skipped, and the hard-coded facts below keep the test meaningful
 * in a fresh clone.
 */
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type * as Protobuf from 'protobufjs';
import { describe, expect, it } from 'vitest';

// protobufjs is @grpc/proto-loader's own parser; resolve it from there rather
// than relying on it being hoisted into our node_modules.
const requireHere = createRequire(import.meta.url);
const protobuf = createRequire(requireHere.resolve('@grpc/proto-loader'))('protobufjs') as typeof Protobuf;

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const OURS = resolve(repoRoot, 'proto/fn/v1/run_function.proto');
/** Crossplane's own run_function.proto, where a developer points to it. */
const UPSTREAM = process.env.UPSTREAM_PROTO;
const PACKAGE = 'apiextensions.fn.proto.v1';

interface FieldShape {
  name: string;
  number: number;
  type: string;
  label: 'optional' | 'repeated' | 'map';
  keyType: string | null;
  oneof: string | null;
  proto3Optional: boolean;
  deprecated: boolean;
}

interface Contract {
  services: Record<string, { name: string; request: string; response: string; streaming: boolean }[]>;
  messages: Record<string, { fields: FieldShape[]; oneofs: string[] }>;
  enums: Record<string, Record<string, number>>;
}

function loadContract(file: string): Contract {
  const root = new protobuf.Root();
  root.loadSync(file, { keepCase: true });
  root.resolveAll();
  const ns = root.lookup(PACKAGE);
  if (!(ns instanceof protobuf.Namespace)) throw new Error(`${file}: package ${PACKAGE} not found`);
  const contract: Contract = { services: {}, messages: {}, enums: {} };
  for (const obj of ns.nestedArray) {
    if (obj instanceof protobuf.Type) contract.messages[obj.name] = describeMessage(obj);
    else if (obj instanceof protobuf.Enum) contract.enums[obj.name] = { ...obj.values };
    else if (obj instanceof protobuf.Service) {
      contract.services[obj.name] = obj.methodsArray.map((m) => ({
        name: m.name,
        request: m.resolvedRequestType?.fullName ?? m.requestType,
        response: m.resolvedResponseType?.fullName ?? m.responseType,
        streaming: Boolean(m.requestStream) || Boolean(m.responseStream),
      }));
    } else throw new Error(`${file}: unexpected ${obj.toString()}`);
  }
  return contract;
}

function describeMessage(type: Protobuf.Type): { fields: FieldShape[]; oneofs: string[] } {
  if (type.nestedArray.length > 0) throw new Error(`${type.fullName}: nested declarations are not expected`);
  const fields = type.fieldsArray.map((f): FieldShape => {
    const options = (f.options ?? {}) as Record<string, unknown>;
    const isMap = f instanceof protobuf.MapField;
    return {
      name: f.name,
      number: f.id,
      type: f.resolvedType?.fullName ?? f.type,
      label: isMap ? 'map' : f.repeated ? 'repeated' : 'optional',
      keyType: isMap ? f.keyType : null,
      oneof: f.partOf?.name ?? null,
      proto3Optional: options['proto3_optional'] === true,
      deprecated: options['deprecated'] === true,
    };
  });
  return { fields: fields.sort((a, b) => a.number - b.number), oneofs: type.oneofsArray.map((o) => o.name).sort() };
}

function field(c: Contract, message: string, name: string): FieldShape | undefined {
  return c.messages[message]?.fields.find((f) => f.name === name);
}

const ours = loadContract(OURS);

describe('proto/fn/v1/run_function.proto', () => {
  it('declares the RunFunction unary RPC', () => {
    expect(ours.services).toEqual({
      FunctionRunnerService: [
        {
          name: 'RunFunction',
          request: `.${PACKAGE}.RunFunctionRequest`,
          response: `.${PACKAGE}.RunFunctionResponse`,
          streaming: false,
        },
      ],
    });
  });

  const fieldFacts: { message: string; name: string; want: Partial<FieldShape> }[] = [
    { message: 'RunFunctionRequest', name: 'meta', want: { number: 1, type: `.${PACKAGE}.RequestMeta` } },
    { message: 'RunFunctionRequest', name: 'desired', want: { number: 3, type: `.${PACKAGE}.State` } },
    { message: 'RunFunctionRequest', name: 'input', want: { number: 4, type: '.google.protobuf.Struct', proto3Optional: true } },
    { message: 'RunFunctionRequest', name: 'extra_resources', want: { number: 6, label: 'map', deprecated: true } },
    { message: 'RunFunctionRequest', name: 'required_schemas', want: { number: 9, label: 'map', keyType: 'string', type: `.${PACKAGE}.Schema` } },
    { message: 'RunFunctionResponse', name: 'results', want: { number: 3, label: 'repeated', type: `.${PACKAGE}.Result` } },
    { message: 'RunFunctionResponse', name: 'conditions', want: { number: 6, label: 'repeated', type: `.${PACKAGE}.Condition` } },
    { message: 'RunFunctionResponse', name: 'output', want: { number: 7, proto3Optional: true } },
    { message: 'ResourceSelector', name: 'match_labels', want: { number: 4, oneof: 'match' } },
    { message: 'ResourceSelector', name: 'namespace', want: { number: 5, proto3Optional: true } },
    { message: 'RunFunctionRequest', name: 'required_resources', want: { number: 8, label: 'map', keyType: 'string', type: `.${PACKAGE}.Resources` } },
    { message: 'Requirements', name: 'resources', want: { number: 2, label: 'map', type: `.${PACKAGE}.ResourceSelector` } },
    { message: 'ResponseMeta', name: 'ttl', want: { number: 2, type: '.google.protobuf.Duration' } },
    { message: 'Resource', name: 'connection_details', want: { number: 2, label: 'map', type: 'bytes' } },
  ];
  it.each(fieldFacts)('field $name of $message matches the known contract', ({ message, name, want }) => {
    expect(field(ours, message, name)).toMatchObject(want);
  });

  const enumFacts: { enumName: string; value: string; number: number }[] = [
    { enumName: 'Capability', value: 'CAPABILITY_REQUIRED_SCHEMAS', number: 5 },
    { enumName: 'Capability', value: 'CAPABILITY_REQUIRED_RESOURCES', number: 2 },
    { enumName: 'Severity', value: 'SEVERITY_FATAL', number: 1 },
    { enumName: 'Target', value: 'TARGET_COMPOSITE_AND_CLAIM', number: 2 },
    { enumName: 'Status', value: 'STATUS_CONDITION_FALSE', number: 3 },
    { enumName: 'Ready', value: 'READY_TRUE', number: 1 },
  ];
  it.each(enumFacts)('enum $enumName has $value = $number', ({ enumName, value, number }) => {
    expect(ours.enums[enumName]?.[value]).toBe(number);
  });

  it.skipIf(UPSTREAM === undefined)('is identical in contract to the upstream Crossplane proto', () => {
    if (!existsSync(UPSTREAM!)) throw new Error(`UPSTREAM_PROTO=${UPSTREAM}: no such file`);
    const upstream = loadContract(UPSTREAM!);
    expect(Object.keys(ours.messages).sort()).toEqual(Object.keys(upstream.messages).sort());
    expect(Object.keys(ours.enums).sort()).toEqual(Object.keys(upstream.enums).sort());
    for (const [name, message] of Object.entries(upstream.messages)) {
      expect(ours.messages[name], name).toEqual(message);
    }
    for (const [name, values] of Object.entries(upstream.enums)) {
      expect(ours.enums[name], name).toEqual(values);
    }
    expect(ours.services).toEqual(upstream.services);
  });
});
