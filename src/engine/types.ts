/**
 * The engine's vocabulary. Everything here is plain data: the engine takes
 * objects decoded from a RunFunctionRequest and returns a Decision that the
 * gRPC adapter and the CLI each render in their own way.
 */
import type { Grant } from '../approval/store.js';
import type { Action, Mode } from '../input/schema.js';
import type { KubeObject } from '../lang/fieldpath.js';

export type { Action, Grant, KubeObject, Mode };

export type Severity = 'critical' | 'high' | 'medium' | 'low';

/** One field the engine set, and the rule that set it. */
export interface Mutation {
  resource: string;
  rule: string;
  /** Dotted field path within the resource, e.g. `spec.forProvider.storageEncrypted`. */
  path: string;
  value: unknown;
  /** What the change asks of the author beyond the field itself (that the image runs as a non-root user); absent for most. */
  note?: string;
}

/** Something a rule found that it did not (or could not) fix by injection. */
export interface Finding {
  resource: string;
  rule: string;
  /** The effective action: Deny, RequireApproval or Warn. */
  action: Exclude<Action, 'Mutate' | 'Disabled'>;
  path: string;
  message: string;
  /** The index of the exception that waived it: the rule's action would otherwise apply. */
  waivedBy?: number;
  /**
   * For a value that was not set: what Mutate would have injected, so a
   * reader (the verdict, the CLI) can say what to set. Absent where the fix
   * is not one value (an explicit unsafe value, a missing companion).
   */
  fix?: Fix;
}

/** Setting `value` at `path` (a dotted field path within the resource) resolves the finding. */
export interface Fix {
  path: string;
  value: unknown;
}

/** An exception whose XR match holds for this request, active or expired. */
export interface ExceptionReport {
  /** Its index in the Input's `exceptions`. */
  index: number;
  rules: readonly string[];
  expires: string;
  justification: string;
  /** Past its expiry (or no clock was given): it waived nothing. */
  expired: boolean;
  /** The composed resources it waived a rule on, by composition resource name. */
  covered: string[];
}

/**
 * A resource the engine adds beside another, e.g. an S3 Bucket's public
 * access block: on every call, since the pipeline before it does not produce it.
 */
export interface Companion {
  /** The composition resource name the companion is emitted under. */
  name: string;
  /** The composition resource name of the resource it belongs to. */
  owner: string;
  rule: string;
  resource: KubeObject;
}

/** A failure inside the engine itself. Rendered as a Fatal result: the engine fails closed. */
export interface EngineError {
  resource: string;
  rule: string;
  message: string;
}

/**
 * A composed resource that a RequireApproval finding gated.
 * - Held: new, so it is not emitted (Crossplane does not create it); the rest proceeds.
 * - Frozen: it exists, so its change is never applied and it is never dropped:
 *   the request is refused until a person approves.
 * - Released: approved; emitted as desired.
 * - Unavailable: this Crossplane cannot deliver approvals (no required
 *   resources), so the request is refused.
 */
export interface Gate {
  resource: string;
  digest: string;
  rules: string[];
  status: 'Held' | 'Frozen' | 'Released' | 'Unavailable';
  grant?: Grant;
  /** Companions held back with it. */
  companions: string[];
}

/** A target rules did not judge, and why (see engine/targets.ts `Skip`). */
export interface SkipReport {
  resource: string;
  /** The target's path inside the composed resource: '' for the resource itself. */
  path: string;
  reason: 'carried-by-observe-only' | 'observe-only' | 'unreadable';
}

export interface Decision {
  mode: Mode;
  /**
   * The desired composed resources after the decision, by composition
   * resource name. In Enforce mode they carry the injected fields and
   * companions; in Audit mode they are the input, untouched.
   */
  desired: Record<string, KubeObject>;
  mutations: Mutation[];
  companions: Companion[];
  findings: Finding[];
  errors: EngineError[];
  /** Exceptions that match this XR, in Input order. */
  exceptions: ExceptionReport[];
  /** Resources gated by RequireApproval findings, by name. */
  gates: Gate[];
  /** Targets that rules reading provider parameters skipped (observe-only, unreadable). */
  skipped: SkipReport[];
}
