/**
 * Checkov checks the catalog does not cover, explained: why the check has no
 * counterpart here (the field does not exist in the Upbound CRD, the control
 * is about something a composition cannot set, another rule covers the same
 * danger differently). Each entry is one line of docs/coverage.md. A check
 * neither cited by a rule nor explained here is listed as missing.
 */
export const NOT_APPLICABLE: ReadonlyMap<string, string> = new Map<string, string>([
  // Explanations are added as the catalogs grow; keep each to one line with its reason.
]);
