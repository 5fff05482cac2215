/**
 * Server credentials for mutual TLS, from the directory where Crossplane
 * mounts the function's TLS Secret (tls.crt, tls.key, ca.crt).
 *
 * Client certificates are REQUIRED and must chain to ca.crt: only Crossplane
 * (which holds a client certificate signed by that CA) may call the function.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createSecureContext } from 'node:tls';
import * as grpc from '@grpc/grpc-js';

/** The files read from the certs directory, in the order they are reported. */
export const TLS_FILES = ['ca.crt', 'tls.crt', 'tls.key'] as const;
export type TlsFile = (typeof TLS_FILES)[number];

export interface TlsFileProblem {
  file: TlsFile;
  problem: 'missing' | 'unreadable' | 'empty';
  /** errno code for unreadable files, e.g. EACCES. */
  code?: string;
}

/**
 * Why TLS credentials could not be loaded. The message is one line naming the
 * directory and the files at fault, fit to print as-is before exiting.
 */
export class TlsCredentialsError extends Error {
  override readonly name = 'TlsCredentialsError';

  constructor(
    readonly dir: string,
    readonly problems: readonly TlsFileProblem[],
    /** Set when the files were read but do not form a usable key/certificate set. */
    readonly invalid?: string,
  ) {
    super(describeProblems(dir, problems, invalid));
  }
}

function describeProblems(dir: string, problems: readonly TlsFileProblem[], invalid?: string): string {
  const parts: string[] = [];
  const files = (kind: TlsFileProblem['problem']): TlsFileProblem[] => problems.filter((p) => p.problem === kind);
  const missing = files('missing');
  const unreadable = files('unreadable');
  const empty = files('empty');
  if (missing.length > 0) parts.push(`is missing ${missing.map((p) => p.file).join(', ')}`);
  if (unreadable.length > 0) parts.push(`cannot read ${unreadable.map((p) => `${p.file} (${p.code ?? 'error'})`).join(', ')}`);
  if (empty.length > 0) parts.push(`has empty ${empty.map((p) => p.file).join(', ')}`);
  if (invalid !== undefined) parts.push(`has an unusable key or certificate: ${invalid}`);
  const hint = '(pass --insecure to serve plaintext for local development)';
  return `cannot serve with TLS: ${dir} ${parts.join('; ')} ${hint}`.replace(/\s*\n\s*/g, ' ');
}

/**
 * Reads tls.key, tls.crt and ca.crt from `dir` and returns gRPC server
 * credentials that require and verify client certificates against ca.crt.
 * Returns (does not throw) a TlsCredentialsError if a file is missing,
 * unreadable or empty, or if the key and certificates are unusable.
 */
export function loadServerCredentials(dir: string): grpc.ServerCredentials | TlsCredentialsError {
  const contents = new Map<TlsFile, Buffer>();
  const problems: TlsFileProblem[] = [];
  for (const file of TLS_FILES) {
    const read = readTlsFile(dir, file);
    if (Buffer.isBuffer(read)) contents.set(file, read);
    else problems.push(read);
  }
  const ca = contents.get('ca.crt');
  const cert = contents.get('tls.crt');
  const key = contents.get('tls.key');
  if (problems.length > 0 || !ca || !cert || !key) return new TlsCredentialsError(dir, problems);

  // gRPC only parses PEM when binding; check now for a clear, early error.
  try {
    createSecureContext({ ca, cert, key });
  } catch (err) {
    return new TlsCredentialsError(dir, [], err instanceof Error ? err.message : String(err));
  }
  return grpc.ServerCredentials.createSsl(ca, [{ private_key: key, cert_chain: cert }], true);
}

function readTlsFile(dir: string, file: TlsFile): Buffer | TlsFileProblem {
  try {
    const data = readFileSync(join(dir, file));
    return data.length > 0 ? data : { file, problem: 'empty' };
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    return code === 'ENOENT' || code === 'ENOTDIR' ? { file, problem: 'missing' } : { file, problem: 'unreadable', code: code ?? 'error' };
  }
}
