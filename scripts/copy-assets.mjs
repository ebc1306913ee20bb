// tsc compiles TypeScript only; the bundled catalog is data the compiled code reads at run time.
import { cpSync, mkdirSync } from 'node:fs';

mkdirSync(new URL('../dist/catalog/data/', import.meta.url), { recursive: true });
cpSync(new URL('../src/catalog/data/bundled.json', import.meta.url), new URL('../dist/catalog/data/bundled.json', import.meta.url));
