import { afterEach, describe, expect, it } from 'vitest';
import { useColor } from '../../../src/commands/context.js';

const terminal = { isTTY: true } as NodeJS.WriteStream;
const pipe = { isTTY: false } as NodeJS.WriteStream;
const saved = { NO_COLOR: process.env['NO_COLOR'], FORCE_COLOR: process.env['FORCE_COLOR'] };
afterEach(() => {
  for (const [k, v] of Object.entries(saved)) {
    if (v === undefined) delete process.env[k];
    else process.env[k] = v;
  }
});

describe('colour', () => {
  it('follows --no-color, NO_COLOR, FORCE_COLOR (0 and false turn it off) and the terminal, in that order', () => {
    delete process.env['NO_COLOR'];
    delete process.env['FORCE_COLOR'];
    expect(useColor({}, terminal)).toBe(true);
    expect(useColor({}, pipe)).toBe(false);
    expect(useColor({ color: false }, terminal)).toBe(false);
    process.env['FORCE_COLOR'] = '0';
    expect(useColor({}, terminal)).toBe(false);
    process.env['FORCE_COLOR'] = 'false';
    expect(useColor({}, terminal)).toBe(false);
    process.env['FORCE_COLOR'] = '1';
    expect(useColor({}, pipe)).toBe(true);
    process.env['NO_COLOR'] = '1';
    expect(useColor({}, pipe)).toBe(false);
  });
});
