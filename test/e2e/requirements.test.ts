/**
 * Crossplane's requirements loop for schemas, played over gRPC: when the
 * request advertises CAPABILITY_REQUIRED_SCHEMAS, the function asks for the
 * schema of every kind a rule reads; Crossplane calls again with them; the
 * function then follows the installed provider's schema, not its built-in
 * one, and asks for the same schemas again, so the loop settles.
 */
import { describe, expect, it } from 'vitest';
import { rdsInstance } from '../builders.js';
import { serveDuringSuite, type JsonObject, type JsonRequest, type JsonResponse } from './harness.js';

const server = serveDuringSuite();

const CAPS = ['CAPABILITY_CAPABILITIES', 'CAPABILITY_CONDITIONS', 'CAPABILITY_REQUIRED_SCHEMAS'];
const DB_KEY = 'schema/rds.aws.upbound.io/v1beta3/Instance';

/** An openAPIV3Schema for an rds Instance whose forProvider declares only `fields`. */
function instanceSchema(fields: Record<string, JsonObject>): JsonObject {
  return {
    type: 'object',
    properties: {
      apiVersion: { type: 'string' },
      kind: { type: 'string' },
      spec: { type: 'object', properties: { forProvider: { type: 'object', properties: fields } } },
    },
  };
}

function request(capabilities: string[], requiredSchemas?: Record<string, { openapiV3?: JsonObject }>): JsonRequest {
  return {
    meta: { tag: 'loop', capabilities },
    observed: { composite: { resource: { apiVersion: 'example.org/v1', kind: 'XApp', metadata: { name: 'app' } } } },
    desired: {
      resources: {
        db: { resource: rdsInstance() as JsonObject },
        cm: { resource: { apiVersion: 'v1', kind: 'ConfigMap', data: { a: 'b' } } },
      },
    },
    ...(requiredSchemas !== undefined ? { requiredSchemas } : {}),
  };
}

const forProvider = (rsp: JsonResponse) => (rsp.desired?.resources?.db?.resource as { spec: { forProvider: JsonObject } }).spec.forProvider;

describe('required schemas', () => {
  it('asks for the schema of each kind a rule reads, and nothing without the capability', async () => {
    const first = await server.rpc.runJson(request(CAPS));
    expect(first.requirements?.schemas).toEqual({ [DB_KEY]: { apiVersion: 'rds.aws.upbound.io/v1beta3', kind: 'Instance' } });
    const old = await server.rpc.runJson(request(['CAPABILITY_CAPABILITIES']));
    expect(old.requirements?.schemas ?? {}).toEqual({});
    // Without schemas yet, the built-in ones apply.
    expect(forProvider(first)).toMatchObject({ storageEncrypted: true, publiclyAccessible: false });
  });

  it("follows the installed provider's schema on the second call, and asks for the same again", async () => {
    const first = await server.rpc.runJson(request(CAPS));
    // A provider version whose Instance has no storageEncrypted field.
    const schema = instanceSchema({ region: { type: 'string' }, instanceClass: { type: 'string' }, engine: { type: 'string' }, publiclyAccessible: { type: 'boolean' } });
    const second = await server.rpc.runJson(request(CAPS, { [DB_KEY]: { openapiV3: schema } }));
    expect(second.requirements).toEqual(first.requirements);
    expect(forProvider(second)).toEqual({ region: 'eu-west-1', instanceClass: 'db.t3.micro', engine: 'postgres', publiclyAccessible: false });
    const condition = second.conditions?.find((c) => c.type === 'GuardrailsCompliant');
    expect(condition?.message).toContain(
      'warning: [aws-rds-storage-encrypted] db: rds.aws.upbound.io/v1beta3 Instance has no field storageEncrypted; nothing injected (spec.forProvider.storageEncrypted)',
    );
  });

  it('falls back to the built-in schema when Crossplane found none', async () => {
    const rsp = await server.rpc.runJson(request(CAPS, { [DB_KEY]: {} }));
    expect(forProvider(rsp)).toMatchObject({ storageEncrypted: true, publiclyAccessible: false });
  });
});
