/**
 * Parsed and compiled Inputs, keyed by their content. A Composition's Input
 * is the same on every call, so custom rules compile once per distinct Input,
 * not per request. Least recently used entries go first.
 */
import { canonicalJson } from '../lang/canonical.js';
import type { ParsedInput } from './parse.js';

export class InputCache {
  private readonly entries = new Map<string, ParsedInput>();

  constructor(
    private readonly parse: (raw: unknown) => ParsedInput,
    private readonly capacity = 64,
  ) {}

  get(raw: unknown): ParsedInput {
    const key = canonicalJson(raw ?? null);
    const hit = this.entries.get(key);
    if (hit !== undefined) {
      this.entries.delete(key); // re-inserted below: most recently used last
      this.entries.set(key, hit);
      return hit;
    }
    const parsed = this.parse(raw);
    this.entries.set(key, parsed);
    if (this.entries.size > this.capacity) this.entries.delete(this.entries.keys().next().value!);
    return parsed;
  }

  get size(): number {
    return this.entries.size;
  }
}
