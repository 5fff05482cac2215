/**
 * The Checkov checks for AZURE that no rule covers, each with the one-line
 * reason it does not apply (see ../coverage.ts). Keep it sorted by check ID.
 */
export const AZURE_NOT_APPLICABLE: ReadonlyMap<string, string> = new Map<string, string>([]);
