import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readText, readTextUnlessBinary, walk, writeText } from '../../../src/util/files.js';
import { tempDir } from '../../helpers/cli.js';

describe('util/files', () => {
  let dir: string;
  let cleanup: () => void;
  beforeEach(() => ({ dir, cleanup } = tempDir()));
  afterEach(() => cleanup());

  it('walks in name order, enters hidden folders but not .git or node_modules, follows links to folders once', () => {
    for (const d of ['b', '.hidden', '.git', 'node_modules', 'a']) mkdirSync(join(dir, d));
    for (const f of ['b/2.txt', '.hidden/h.txt', '.git/HEAD', 'node_modules/m.js', 'a/1.txt', 'Z.txt']) writeFileSync(join(dir, f), 'x');
    symlinkSync(join(dir, 'a'), join(dir, 'c'));
    symlinkSync(dir, join(dir, 'b', 'loop'));
    symlinkSync(join(dir, 'missing'), join(dir, 'broken.txt'));
    const files: string[] = [];
    const warnings: string[] = [];
    walk(dir, (f) => files.push(f.slice(dir.length + 1)), { warn: (m) => warnings.push(m.slice(dir.length + 1)) });
    expect(files).toEqual(['.hidden/h.txt', 'Z.txt', 'a/1.txt', 'b/2.txt']);
    expect(warnings).toEqual([
      'b/loop: a link back into a folder already walked (a loop); passed over.',
      'broken.txt: a broken symbolic link; passed over.',
      'c: a link back into a folder already walked (a loop); passed over.',
    ]);
    const none: string[] = [];
    walk(join(dir, 'nope'), (f) => none.push(f));
    expect(none).toEqual([]);
  });

  it('reads text without its byte-order mark; a binary, missing or folder path is one sentence', () => {
    writeFileSync(join(dir, 'bom.txt'), '\uFEFFhello');
    writeFileSync(join(dir, 'bin.dat'), Buffer.from([0x68, 0x00, 0x69]));
    const role = { what: 'Prompt file', missing: 'give a prompt file' };
    expect(readText(join(dir, 'bom.txt'), role)).toBe('hello');
    expect(readTextUnlessBinary(join(dir, 'bin.dat'), role)).toBeNull();
    expect(() => readText(join(dir, 'bin.dat'), role)).toThrow(`Prompt file ${join(dir, 'bin.dat')} is a binary file, not text: name a text file.`);
    expect(() => readText(join(dir, 'nope.txt'), role)).toThrow(`Prompt file ${join(dir, 'nope.txt')} does not exist: give a prompt file.`);
    expect(() => readText(dir, role)).toThrow(`Prompt file ${dir} is a folder, not a file: name a file in it.`);
  });

  it('says in one sentence when a file cannot be written', () => {
    const path = join(dir, 'no', 'such', 'out.txt');
    expect(() => writeText(path, 'x', 'the report to')).toThrow(`Cannot write the report to ${path} (ENOENT): check the folder exists and is writable.`);
  });
});
