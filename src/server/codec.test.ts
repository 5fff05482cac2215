import { FunctionRunnerServiceService, RunFunctionRequest, RunFunctionResponse, to } from '@crossplane-org/function-sdk-typescript';
import { describe, expect, it } from 'vitest';
import { lenField, nestedStructBytes, obj, own, resourceBytes, stateBytes, structBytes } from '../../test/wire.js';
import { MAX_JSON_DEPTH, functionRunnerService } from './codec.js';

const request = (): RunFunctionRequest =>
  RunFunctionRequest.fromPartial({
    meta: { tag: 't' },
    desired: { resources: { cm: { resource: { apiVersion: 'v1', kind: 'ConfigMap', data: { a: 'b' } } } } },
    context: { 'apiextensions.crossplane.io/environment': { region: 'eu-west-1' } },
  });

/** A request whose one desired resource is {a: {a: … {leaf: 1} …}}, `levels` objects in all. */
const deepRequest = (levels: number): Buffer =>
  Buffer.from(lenField(3, stateBytes({ resources: [['deep', lenField(1, nestedStructBytes(levels, structBytes(obj(['leaf', 1]))))]] })));

describe('functionRunnerService', () => {
  it('is the SDK service definition with only the request decoder and the response encoder replaced', () => {
    const { requestDeserialize, responseSerialize, ...rest } = functionRunnerService().runFunction;
    const { requestDeserialize: sdkDeserialize, responseSerialize: sdkSerialize, ...sdkRest } = FunctionRunnerServiceService.runFunction;
    expect(rest).toEqual(sdkRest);
    expect(requestDeserialize).not.toBe(sdkDeserialize);
    expect(responseSerialize).not.toBe(sdkSerialize);
  });

  it('decodes a request as the SDK does, keeping a resource named __proto__', () => {
    const { requestDeserialize } = functionRunnerService().runFunction;
    const plain = Buffer.from(RunFunctionRequest.encode(request()).finish());
    expect(requestDeserialize(plain)).toEqual(request());

    const proto = Buffer.from(lenField(3, stateBytes({ resources: [['__proto__', resourceBytes({ resource: obj(['kind', 'ConfigMap']) })]] })));
    expect(Object.keys(requestDeserialize(proto).desired?.resources ?? {})).toEqual(['__proto__']);
  });

  it('encodes a response to the bytes the SDK writes, as a Buffer', () => {
    const { responseSerialize } = functionRunnerService().runFunction;
    const rsp = to(request(), { seconds: 60, nanos: 0 });
    const got = responseSerialize(rsp);
    expect(Buffer.isBuffer(got)).toBe(true);
    expect(got.equals(Buffer.from(RunFunctionResponse.encode(rsp).finish()))).toBe(true);
  });

  it('encodes a desired resource named __proto__', () => {
    const { responseSerialize } = functionRunnerService().runFunction;
    const rsp: RunFunctionResponse = { ...to(request()), desired: { composite: undefined, resources: own([['__proto__', { resource: { kind: 'ConfigMap' }, connectionDetails: {}, ready: 0 }]]) } };
    const want = lenField(2, stateBytes({ resources: [['__proto__', resourceBytes({ resource: obj(['kind', 'ConfigMap']) })]] }));
    expect(responseSerialize(rsp).includes(Buffer.from(want))).toBe(true);
  });

  it('reports decode failures to onDecodeError and rethrows', () => {
    const seen: Error[] = [];
    const { requestDeserialize } = functionRunnerService((err) => seen.push(err)).runFunction;
    const bytes = deepRequest(MAX_JSON_DEPTH + 1);
    const want = `cannot decode RunFunctionRequest: JSON nested more than ${MAX_JSON_DEPTH} levels deep is not supported`;
    expect(() => requestDeserialize(bytes)).toThrow(new Error(want));
    expect(seen.map((e) => e.message)).toEqual([want]);
  });

  it.each([
    { name: 'a lower limit', limit: 3, want: 3 },
    { name: 'NaN keeps the default', limit: Number.NaN, want: MAX_JSON_DEPTH },
    { name: 'zero keeps the default', limit: 0, want: MAX_JSON_DEPTH },
    { name: 'past the default, the default', limit: MAX_JSON_DEPTH + 1, want: MAX_JSON_DEPTH },
  ])('bounds the depth it decodes: $name', ({ limit, want }) => {
    const { requestDeserialize } = functionRunnerService(undefined, undefined, limit).runFunction;
    const bytes = deepRequest(want + 1);
    expect(() => requestDeserialize(bytes)).toThrow(`JSON nested more than ${want} levels deep is not supported`);
  });
});
