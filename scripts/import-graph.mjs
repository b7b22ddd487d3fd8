#!/usr/bin/env node
/**
 * The import graph of src/, type-only imports included: prints each folder's imports of other
 * folders, then every import circle between files; exits 1 when there is one.
 * Usage: node scripts/import-graph.mjs [--files]
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', 'src');
const files = (function walk(dir) {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? walk(path) : path.endsWith('.ts') ? [path] : [];
  });
})(root);

/** Every relative import or export ... from, static or dynamic, of a file. */
function importsOf(file) {
  const text = readFileSync(file, 'utf8');
  const specifiers = [...text.matchAll(/(?:^|\n)\s*(?:import|export)\s[^'";]*?from\s*['"](\.[^'"]+)['"]/g), ...text.matchAll(/import\(\s*['"](\.[^'"]+)['"]\s*\)/g)].map((m) => m[1]);
  return [...new Set(specifiers.map((s) => resolve(dirname(file), s.replace(/\.js$/, '.ts'))).filter((path) => files.includes(path)))];
}

const graph = new Map(files.map((file) => [file, importsOf(file)]));
const name = (file) => relative(root, file);
const folder = (file) => dirname(name(file));

const folders = new Map();
for (const [file, imports] of graph) {
  for (const target of imports) {
    if (folder(target) === folder(file)) continue;
    const set = folders.get(folder(file)) ?? new Set();
    set.add(folder(target));
    folders.set(folder(file), set);
  }
}
console.log('folder imports:');
for (const [from, to] of [...folders].sort(([a], [b]) => a.localeCompare(b))) console.log(`  ${from} → ${[...to].sort().join(', ')}`);
if (process.argv.includes('--files')) {
  console.log('file imports:');
  for (const [file, imports] of [...graph].sort(([a], [b]) => a.localeCompare(b))) console.log(`  ${name(file)} → ${imports.map(name).join(', ')}`);
}

// Tarjan's strongly connected components: each component of more than one file is a circle.
let index = 0;
const stack = [];
const state = new Map();
const circles = [];
function visit(file) {
  state.set(file, { index, low: index, onStack: true });
  index += 1;
  stack.push(file);
  for (const next of graph.get(file)) {
    if (!state.has(next)) {
      visit(next);
      state.get(file).low = Math.min(state.get(file).low, state.get(next).low);
    } else if (state.get(next).onStack) state.get(file).low = Math.min(state.get(file).low, state.get(next).index);
  }
  if (state.get(file).low === state.get(file).index) {
    const component = [];
    let member;
    do {
      member = stack.pop();
      state.get(member).onStack = false;
      component.push(member);
    } while (member !== file);
    if (component.length > 1) circles.push(component.map(name).sort());
  }
}
for (const file of files) if (!state.has(file)) visit(file);
console.log(circles.length === 0 ? 'import circles: none' : `import circles: ${circles.length}`);
for (const circle of circles) console.log(`  ${circle.join(' ⇄ ')}`);
process.exitCode = circles.length === 0 ? 0 : 1;
