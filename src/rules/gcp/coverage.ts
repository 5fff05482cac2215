/**
 * The Checkov checks for GCP that no rule covers, each with the one-line
 * reason it does not apply (see ../coverage.ts). Keep it sorted by check ID.
 */
export const GCP_NOT_APPLICABLE: ReadonlyMap<string, string> = new Map<string, string>([]);
