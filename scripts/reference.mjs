// The reference data folder dev scripts read (provider CRDs, examples, Checkov's checks): given with
// `--reference DIR` (or `--reference=DIR`), else $GUARDRAILS_REFERENCE, else ../shared/reference next to
// the repository. It is not part of the repository, and tests never read it.
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));

/**
 * Splits `--reference DIR` off the arguments. Exits with status 2 and a message naming the flag when
 * the folder (or `needs`, a path inside it) does not exist.
 */
export function referenceArgs(argv, needs = '') {
  const rest = [];
  let dir;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--reference') dir = argv[++i];
    else if (arg.startsWith('--reference=')) dir = arg.slice('--reference='.length);
    else rest.push(arg);
  }
  const reference = resolve(dir ?? process.env.GUARDRAILS_REFERENCE ?? join(root, '..', 'shared', 'reference'));
  const wanted = join(reference, needs);
  if (dir === '' || !existsSync(wanted)) {
    console.error(`no ${wanted}: this script reads the reference data (provider CRDs, examples, Checkov checks); pass its folder with --reference DIR or set GUARDRAILS_REFERENCE`);
    process.exit(2);
  }
  return { reference, args: rest };
}
