#!/usr/bin/env node
// Fails when an installed package is specific to one platform, so the
// Dockerfile's build stage may run on the builder's platform for every target:
// `node scripts/check-portable.mjs [node_modules]`.
//
// A package is platform-specific when its package.json narrows `os`, `cpu` or
// `libc` (npm then installs the builder's variant, wrong for another target)
// or it compiles a native addon (`gypfile`, or a binding.gyp). Prebuilt
// addons shipped for every platform in one package (dprint-node, pulled in by
// the SDK's code generator) are portable and pass.
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

/** Every platform-specific package under `dir` (a node_modules folder), nested ones included. */
function platformSpecific(dir) {
  const found = [];
  const visit = (pkg) => {
    const manifest = join(pkg, 'package.json');
    if (existsSync(manifest)) {
      const p = JSON.parse(readFileSync(manifest, 'utf8'));
      const narrowed = ['os', 'cpu', 'libc'].filter((k) => p[k] !== undefined).map((k) => `${k}=${[p[k]].flat().join(',')}`);
      if (p.gypfile === true || existsSync(join(pkg, 'binding.gyp'))) narrowed.push('native addon (node-gyp)');
      if (narrowed.length > 0) found.push(`${p.name}@${p.version}: ${narrowed.join(' ')}`);
    }
    if (existsSync(join(pkg, 'node_modules'))) walk(join(pkg, 'node_modules'));
  };
  const walk = (modules) => {
    for (const entry of readdirSync(modules, { withFileTypes: true })) {
      if (!entry.isDirectory() || entry.name.startsWith('.')) continue;
      const path = join(modules, entry.name);
      if (!entry.name.startsWith('@')) visit(path);
      else for (const scoped of readdirSync(path, { withFileTypes: true })) if (scoped.isDirectory()) visit(join(path, scoped.name));
    }
  };
  walk(dir);
  return found.sort();
}

const dir = process.argv[2] ?? 'node_modules';
if (!existsSync(dir)) {
  console.error(`check-portable: ${dir} does not exist (pass the node_modules folder to check)`);
  process.exit(2);
}
const found = platformSpecific(dir);
if (found.length > 0) {
  console.error(`check-portable: platform-specific packages in ${dir}; build them per target platform:\n  ${found.join('\n  ')}`);
  process.exit(1);
}
console.log(`check-portable: every package in ${dir} is platform-independent`);
