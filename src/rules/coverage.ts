/**
 * Checkov checks the catalog does not cover, explained: why the check has no
 * counterpart here (the field does not exist in the Upbound CRD, the control
 * is about something a composition cannot set, another rule covers the same
 * danger differently). Each entry is one line of docs/coverage.md; each
 * cloud keeps its own in `<cloud>/coverage.ts`. A check neither cited by a
 * rule nor explained is listed as missing.
 */
import { AWS_NOT_APPLICABLE } from './aws/coverage.js';
import { AZURE_NOT_APPLICABLE } from './azure/coverage.js';
import { GCP_NOT_APPLICABLE } from './gcp/coverage.js';

export const NOT_APPLICABLE: ReadonlyMap<string, string> = new Map([...AWS_NOT_APPLICABLE, ...AZURE_NOT_APPLICABLE, ...GCP_NOT_APPLICABLE]);
