import { spawn, spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { BIN, tempDir } from '../../helpers/cli.js';

// The compress screen on a real terminal: util-linux `script` gives the CLI a pseudo-terminal, so Ink reads
// keys in raw mode and Ctrl-C arrives as a key, not as a signal. Skipped where `script` is missing.
const hasScript = spawnSync('script', ['--version'], { encoding: 'utf8' }).status === 0;

// Ink draws only its last frame when it believes it runs in CI (it reads these variables), so the screen a user
// sees would never appear: the child gets a plain terminal's environment.
const NOT_CI = { CI: undefined, CONTINUOUS_INTEGRATION: undefined, BUILD_NUMBER: undefined, RUN_ID: undefined, GITHUB_ACTIONS: undefined };

let dir: string;
let cleanup: () => void;
beforeEach(() => ({ dir, cleanup } = tempDir()));
afterEach(() => cleanup());

/** Runs `llmcost compress FILE` on a pseudo-terminal, sends `keys` once the screen is up; resolves with the exit code and all it printed. */
function onTerminal(file: string, keys: string): Promise<{ code: number | null; output: string }> {
  const command = [process.execPath, BIN, '--db', ':memory:', 'compress', file].map((a) => `'${a.replace(/'/g, `'\\''`)}'`).join(' ');
  const child = spawn('script', ['-qfec', command, '/dev/null'], {
    cwd: dir,
    env: { ...process.env, ...NOT_CI, TERM: 'xterm', NO_COLOR: '1', COLUMNS: '80', LINES: '24' },
  });
  let output = '';
  let sent = false;
  return new Promise((done, fail) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      fail(new Error(`no exit; output so far:\n${output}`));
    }, 30_000);
    child.stdout.on('data', (d: Buffer) => {
      output += d.toString('utf8');
      if (!sent && output.includes('toggle a pass')) {
        sent = true;
        // Let Ink finish switching the terminal to raw mode before the key.
        setTimeout(() => child.stdin.write(keys), 300);
      }
    });
    child.on('exit', (code) => {
      clearTimeout(timer);
      // Without the terminal's escape sequences (colors, cursor moves).
      done({ code, output: output.replace(/\x1b\[[0-9;?]*[A-Za-z]|\x1b\][^\x07]*\x07/g, '') });
    });
  });
}

describe.skipIf(!hasScript)('llmcost compress on a terminal', () => {
  it('Ctrl-C leaves the screen and exits 130, as the README says', async () => {
    writeFileSync(join(dir, 'p.txt'), 'Please note that you must answer in JSON. Do not add any other text. Thank you so much!');
    const r = await onTerminal('p.txt', '\x03');
    expect(r.output).toContain('llmcost compress p.txt');
    expect(r.output).toContain('llmcost: interrupted (Ctrl-C).');
    expect(r.code).toBe(130);
  }, 40_000);

  it('q leaves it with exit 0', async () => {
    writeFileSync(join(dir, 'p.txt'), 'Please note that you must answer in JSON. Do not add any other text. Thank you so much!');
    const r = await onTerminal('p.txt', 'q');
    expect(r.code).toBe(0);
  }, 40_000);
});
