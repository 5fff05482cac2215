/**
 * The gRPC health service, `grpc.health.v1.Health`
 * (https://github.com/grpc/grpc/blob/master/doc/health-checking.md), on the
 * function's own port, and the readiness it reports: not serving until the
 * catalog is loaded and a first evaluation has run, not serving again once
 * the process drains. The same state answers `/readyz` on the metrics port.
 *
 * Two messages of one field each, so the codec is written here rather than
 * loaded from a .proto at run time:
 *   HealthCheckRequest  { string service = 1; }
 *   HealthCheckResponse { ServingStatus status = 1; }  UNKNOWN 0, SERVING 1, NOT_SERVING 2, SERVICE_UNKNOWN 3
 */
import * as grpc from '@grpc/grpc-js';
import { Reader } from './wire/reader.js';
import { T1_LEN, T1_VARINT } from './wire/tags.js';

export const SERVING_STATUS = { UNKNOWN: 0, SERVING: 1, NOT_SERVING: 2, SERVICE_UNKNOWN: 3 } as const;
export type ServingStatus = (typeof SERVING_STATUS)[keyof typeof SERVING_STATUS];

/** The service names the health service answers for: the server as a whole (""), and the function's service. */
export const HEALTH_SERVICES = ['', 'apiextensions.fn.proto.v1.FunctionRunnerService'] as const;

/** Longest service name read; health checks name a service, not a document. */
const MAX_SERVICE_NAME = 512;

/** Whether the function is ready to serve; watchers hear of each change. */
export class Readiness {
  private ready = false;
  private draining = false;
  private readonly watchers = new Set<(status: ServingStatus) => void>();

  /** The catalog is loaded and an evaluation has run. */
  markReady(): void {
    this.ready = true;
    this.notify();
  }

  /** Shutdown began: in-flight calls finish, no new traffic should come. */
  markDraining(): void {
    this.draining = true;
    this.notify();
  }

  get isReady(): boolean {
    return this.ready && !this.draining;
  }

  status(): ServingStatus {
    return this.isReady ? SERVING_STATUS.SERVING : SERVING_STATUS.NOT_SERVING;
  }

  watch(onChange: (status: ServingStatus) => void): () => void {
    this.watchers.add(onChange);
    return () => this.watchers.delete(onChange);
  }

  private notify(): void {
    const status = this.status();
    for (const w of this.watchers) w(status);
  }
}

/** The request as an object: grpc-js takes a falsy request (the empty service name) for no request at all. */
export function decodeHealthCheckRequest(bytes: Buffer): { service: string } {
  const r = new Reader(bytes);
  let service = '';
  while (r.more()) {
    const tag = r.tag();
    if (tag === T1_LEN) service = r.string();
    else r.skip(tag, 0b10, 'HealthCheckRequest');
  }
  if (service.length > MAX_SERVICE_NAME) throw new Error(`service name longer than ${MAX_SERVICE_NAME} characters`);
  return { service };
}

export function encodeHealthCheckResponse(status: ServingStatus): Buffer {
  // proto3 leaves a field at its default (UNKNOWN, 0) out; every status fits in one varint byte.
  return status === SERVING_STATUS.UNKNOWN ? Buffer.alloc(0) : Buffer.from([T1_VARINT, status]);
}

const HEALTH_SERVICE: grpc.ServiceDefinition = {
  check: {
    path: '/grpc.health.v1.Health/Check',
    requestStream: false,
    responseStream: false,
    requestDeserialize: decodeHealthCheckRequest,
    requestSerialize: () => Buffer.alloc(0),
    responseSerialize: encodeHealthCheckResponse,
    responseDeserialize: () => SERVING_STATUS.UNKNOWN,
  },
  watch: {
    path: '/grpc.health.v1.Health/Watch',
    requestStream: false,
    responseStream: true,
    requestDeserialize: decodeHealthCheckRequest,
    requestSerialize: () => Buffer.alloc(0),
    responseSerialize: encodeHealthCheckResponse,
    responseDeserialize: () => SERVING_STATUS.UNKNOWN,
  },
};

function statusOf(service: string, readiness: Readiness): ServingStatus | undefined {
  return (HEALTH_SERVICES as readonly string[]).includes(service) ? readiness.status() : undefined;
}

/** Registers `grpc.health.v1.Health` on `server`, answering from `readiness`. */
export function addHealthService(server: grpc.Server, readiness: Readiness): void {
  const check: grpc.handleUnaryCall<{ service: string }, ServingStatus> = (call, callback) => {
    const { service } = call.request;
    const status = statusOf(service, readiness);
    if (status === undefined) callback({ code: grpc.status.NOT_FOUND, details: `unknown service "${service}"` });
    else callback(null, status);
  };
  const watch: grpc.handleServerStreamingCall<{ service: string }, ServingStatus> = (call) => {
    // Per the protocol, an unknown service is SERVICE_UNKNOWN on Watch (not an error), and each change is sent.
    const known = statusOf(call.request.service, readiness) !== undefined;
    call.write(known ? readiness.status() : SERVING_STATUS.SERVICE_UNKNOWN);
    if (!known) return;
    let last = readiness.status();
    const stop = readiness.watch((status) => {
      if (status === last) return;
      last = status;
      call.write(status);
    });
    call.on('cancelled', stop);
    call.on('close', stop);
  };
  server.addService(HEALTH_SERVICE, { check, watch });
}
