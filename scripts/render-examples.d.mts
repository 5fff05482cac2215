/** Types of scripts/render-examples.mjs, for the tests that use it. */
type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type JsonObject = { [key: string]: Json };
interface Step {
  step: string;
  functionRef: { name: string };
  input: JsonObject & { resources?: { name: string; base: JsonObject; patches?: { type: string; fromFieldPath: string; toFieldPath: string }[] }[] };
}
export const EXAMPLES_DIR: URL;
export const COMPOSITION_FILE: URL;
export const APPROVAL_FILE: URL;
export const COMPOSITION_RESOURCE_NAME: string;
export const EXAMPLES: string[];
export function readExample(path: string): string;
export function pipeline(): { composition: { spec: { pipeline: Step[] } }; compose: Step; guardrails: Step };
export function patchAndTransform(xr: JsonObject): Record<string, JsonObject>;
export function renderExample(path: string): string;
