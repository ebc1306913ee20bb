// tsc compiles TypeScript only; the bundled catalog is data the compiled code reads at run time, and each
// encoding's ranks are rewritten in the compact form the counter loads fast (src/tokens/bpe.ts).
import { cpSync, mkdirSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { decodeRanksFile, encodeRanksFile, parseRanks } from '../dist/tokens/bpe.js';

mkdirSync(new URL('../dist/catalog/data/', import.meta.url), { recursive: true });
cpSync(new URL('../src/catalog/data/bundled.json', import.meta.url), new URL('../dist/catalog/data/bundled.json', import.meta.url));

const require = createRequire(import.meta.url);
mkdirSync(new URL('../dist/tokens/ranks/', import.meta.url), { recursive: true });
for (const name of ['o200k_base', 'cl100k_base']) {
  const file = require(`js-tiktoken/ranks/${name}`);
  const ranks = file.default ?? file;
  const bytes = encodeRanksFile(ranks.pat_str, parseRanks(ranks));
  // Read back before it is written: a file the counter would refuse is a build error, not a slow start.
  if (!decodeRanksFile(Buffer.from(bytes))) throw new Error(`the compact ranks of ${name} do not read back`);
  writeFileSync(new URL(`../dist/tokens/ranks/${name}.bin`, import.meta.url), bytes);
}
