#!/usr/bin/env node
// Prints which of the IMAPI simulator's C files calls (or uses the data of) which, lowest layer
// first, and exits 1 if the files call each other in a circle. Each file is compiled on its own
// and its object's symbols read with nm: what it leaves undefined and another file defines is
// an edge. No call-graph tool is needed (Debian has no cflow); nm comes with the compiler.
//   node scripts/c-call-graph.js           the Linux build (cc, nm)
//   node scripts/c-call-graph.js windows   the MinGW build, the COM server's local-server.c included
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';

const NATIVE = join(import.meta.dirname ?? new URL('.', import.meta.url).pathname, '..', 'native-bindings');
const windows = process.argv[2] === 'windows';
const cc = windows ? process.env.MINGW_CC ?? 'x86_64-w64-mingw32-gcc' : process.env.CC ?? 'cc';
const nm = windows ? 'x86_64-w64-mingw32-nm' : 'nm';
const flags = windows ? ['-std=c11', '-O2'] : ['-std=c11', '-O2', '-D_GNU_SOURCE', '-fPIC', '-pthread'];

/** The simulator's files as build.sh compiles them (paths relative to native-bindings/). */
function sources() {
  const listed = execFileSync('sh', ['build.sh', 'sources'], { cwd: NATIVE, encoding: 'utf8' }).trim().split(/\s+/);
  return [...listed, ...(windows ? ['simulator/local-server.c'] : [])].filter((path) => path.startsWith('simulator/'));
}

/** The external symbols an object defines and those it needs from elsewhere (`nm -P`: name, type, ...). */
function symbols(object) {
  const defined = new Set();
  const undefined = new Set();
  for (const line of execFileSync(nm, ['-P', object], { encoding: 'utf8' }).split('\n')) {
    const [name, type] = line.split(' ');
    if (!name || !type) continue;
    if (type === 'U') undefined.add(name);
    else if (/^[A-TV-Z]$/.test(type)) defined.add(name);
  }
  return { defined, undefined };
}

function callGraph(dir) {
  const files = sources().map((path, i) => {
    const object = join(dir, `${i}.o`);
    execFileSync(cc, [...flags, '-c', '-o', object, path], { cwd: NATIVE });
    return { name: basename(path), ...symbols(object) };
  });
  const owner = new Map(files.flatMap((f) => [...f.defined].map((symbol) => [symbol, f.name])));
  return new Map(files.map((f) => [f.name, [...new Set([...f.undefined].flatMap((s) => owner.get(s) ?? []))].sort()]));
}

/** Tarjan's strongly connected components: every circle of calls is one component of several files. */
function components(graph) {
  const index = new Map();
  const low = new Map();
  const stack = [];
  const found = [];
  const visit = (file) => {
    index.set(file, index.size);
    low.set(file, index.get(file));
    stack.push(file);
    for (const callee of graph.get(file)) {
      if (!index.has(callee)) visit(callee), low.set(file, Math.min(low.get(file), low.get(callee)));
      else if (stack.includes(callee)) low.set(file, Math.min(low.get(file), index.get(callee)));
    }
    if (low.get(file) !== index.get(file)) return;
    const component = [];
    for (let top; top !== file; ) component.push((top = stack.pop()));
    found.push(component.sort());
  };
  for (const file of [...graph.keys()].sort()) if (!index.has(file)) visit(file);
  return found;
}

/** A file's layer: 0 for one that calls no other, else one above the highest file it calls (a circle shares one). */
function layers(graph, circles) {
  const circleOf = new Map(circles.flatMap((c) => c.map((file) => [file, c])));
  const layer = new Map();
  // Tarjan yields callees' components before their callers', so one pass in that order suffices.
  for (const component of circles) {
    const callees = component.flatMap((file) => graph.get(file)).filter((f) => circleOf.get(f) !== component);
    const value = callees.length ? 1 + Math.max(...callees.map((f) => layer.get(f))) : 0;
    for (const file of component) layer.set(file, value);
  }
  return layer;
}

try {
  for (const tool of [cc, nm]) execFileSync(tool, ['--version'], { stdio: 'ignore' });
} catch (error) {
  console.error(`c-call-graph: ${error.path ?? error.message} is needed (Debian: ${windows ? 'gcc-mingw-w64-x86-64' : 'gcc'})`);
  process.exit(2);
}
const dir = mkdtempSync(join(tmpdir(), 'c-call-graph-'));
try {
  const graph = callGraph(dir);
  const all = components(graph);
  const layer = layers(graph, all);
  const order = [...graph.keys()].sort((a, b) => layer.get(a) - layer.get(b) || a.localeCompare(b));
  console.log(`IMAPI simulator (${windows ? 'Windows' : 'Linux'} build): each file and the files it calls, lowest layer first`);
  for (const file of order) console.log(`  ${layer.get(file)}  ${file.padEnd(16)} -> ${graph.get(file).join(' ') || '(none)'}`);
  const circles = all.filter((c) => c.length > 1);
  for (const circle of circles) console.log(`cycle: ${circle.join(', ')} call each other`);
  console.log(circles.length ? `${circles.length} cycle(s)` : 'no cycle');
  process.exitCode = circles.length ? 1 : 0;
} finally {
  rmSync(dir, { recursive: true, force: true });
}
