import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CATALOG } from './catalog.js';

const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');

describe('catalog', () => {
  it.each(CATALOG.map((r) => ({ id: r.id, rule: r })))('$id is documented in the README rules table with its default action', ({ id, rule }) => {
    const row = readme.split('\n').find((line) => line.startsWith(`| \`${id}\` |`));
    expect(row, `README has no row for ${id}`).toBeDefined();
    expect(row!.split('|')[2]!.trim()).toBe(rule.defaultAction);
    for (const ref of [...(rule.references?.checkov ?? []), ...(rule.references?.trivy ?? [])]) {
      expect(row, `${id}: ${ref}`).toContain(ref);
    }
  });

  it('has one rule per id, in a stable order', () => {
    expect(CATALOG.map((r) => r.id)).toEqual([
      'aws-rds-storage-encrypted',
      'aws-rds-public-access',
      'aws-s3-encryption',
      'aws-s3-public-access-block',
      'aws-s3-versioning',
      'aws-ec2-sg-open-admin-ports',
      'tags-inject',
      'tags-required',
    ]);
  });
});
