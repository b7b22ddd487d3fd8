// Assembles src/audio/fir.wat (WebAssembly text, SIMD) into src/audio/fir-wasm.ts, the module's
// bytes as base64, so neither the build nor an install needs an assembler. `npm run build:wasm`.
const { readFileSync, writeFileSync } = require('node:fs');
const { join } = require('node:path');

const root = join(__dirname, '..', '..');
require('wabt')().then((wabt) => {
  const source = readFileSync(join(root, 'src/audio/fir.wat'), 'utf8');
  const module = wabt.parseWat('fir.wat', source, { simd: true });
  const { buffer } = module.toBinary({});
  const base64 = Buffer.from(buffer).toString('base64');
  const text = `/** src/audio/fir.wat assembled by \`npm run build:wasm\` (do not edit). */\nexport const FIR_WASM = '${base64}';\n`;
  if (process.argv.includes('--check')) {
    const current = readFileSync(join(root, 'src/audio/fir-wasm.ts'), 'utf8');
    if (current !== text) {
      process.stderr.write('src/audio/fir-wasm.ts is out of date with fir.wat; run npm run build:wasm\n');
      process.exit(1);
    }
    return;
  }
  writeFileSync(join(root, 'src/audio/fir-wasm.ts'), text);
});
