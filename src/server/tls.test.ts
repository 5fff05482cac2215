import { mkdirSync, mkdtempSync, rmSync, writeFileSync, copyFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as grpc from '@grpc/grpc-js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeCerts } from '../../test/e2e/harness.js';
import { TlsCredentialsError, loadServerCredentials } from './tls.js';

let root: string;
let certsDir: string;

beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'guardrails-tls-'));
  certsDir = join(root, 'certs');
  mkdirSync(certsDir);
  makeCerts(certsDir);
});

afterAll(() => rmSync(root, { recursive: true, force: true }));

/** Builds a certs directory from `files`: name → source file in certsDir, '' for empty, 'dir' for a directory. */
function fixture(name: string, files: Record<string, string>): string {
  const dir = join(root, name);
  mkdirSync(dir);
  for (const [file, source] of Object.entries(files)) {
    if (source === '') writeFileSync(join(dir, file), '');
    else if (source === 'dir') mkdirSync(join(dir, file));
    else copyFileSync(join(certsDir, source), join(dir, file));
  }
  return dir;
}

const complete = { 'ca.crt': 'ca.crt', 'tls.crt': 'tls.crt', 'tls.key': 'tls.key' };

describe('loadServerCredentials', () => {
  it('returns server credentials for a complete directory', () => {
    expect(loadServerCredentials(certsDir)).toBeInstanceOf(grpc.ServerCredentials);
  });

  const failures: { name: string; files: Record<string, string> | null; want: (dir: string) => string | RegExp }[] = [
    {
      name: 'directory does not exist',
      files: null,
      want: (dir) => `cannot serve with TLS: ${dir} is missing ca.crt, tls.crt, tls.key (pass --insecure to serve plaintext for local development)`,
    },
    {
      name: 'only tls.crt present',
      files: { 'tls.crt': 'tls.crt' },
      want: (dir) => `cannot serve with TLS: ${dir} is missing ca.crt, tls.key (pass --insecure to serve plaintext for local development)`,
    },
    {
      name: 'tls.key empty and ca.crt missing',
      files: { 'tls.crt': 'tls.crt', 'tls.key': '' },
      want: (dir) => `cannot serve with TLS: ${dir} is missing ca.crt; has empty tls.key (pass --insecure to serve plaintext for local development)`,
    },
    {
      name: 'tls.key unreadable',
      files: { ...complete, 'tls.key': 'dir' },
      want: (dir) => `cannot serve with TLS: ${dir} cannot read tls.key (EISDIR) (pass --insecure to serve plaintext for local development)`,
    },
    {
      name: 'key does not match certificate',
      files: { ...complete, 'tls.key': 'rogue.key' },
      want: () => /^cannot serve with TLS: .* has an unusable key or certificate: .*mismatch.* \(pass --insecure/,
    },
    {
      name: 'certificate is not PEM',
      files: { ...complete, 'tls.crt': 'openssl.cnf' },
      want: () => /^cannot serve with TLS: .* has an unusable key or certificate: /,
    },
  ];
  it.each(failures)('returns a one-line TlsCredentialsError when $name', ({ name, files, want }) => {
    const dir = files === null ? join(root, 'absent') : fixture(name.replace(/\W+/g, '-'), files);
    const got = loadServerCredentials(dir);
    expect(got).toBeInstanceOf(TlsCredentialsError);
    const message = (got as TlsCredentialsError).message;
    expect(message).not.toContain('\n');
    const expected = want(dir);
    if (typeof expected === 'string') expect(message).toBe(expected);
    else expect(message).toMatch(expected);
  });
});
