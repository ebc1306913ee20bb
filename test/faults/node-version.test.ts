import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { BIN } from '../helpers/cli.js';

/** Runs the launcher with process.versions.node replaced, as if it were started by another Node release. */
function runAs(version: string) {
  const preload = `data:text/javascript,Object.defineProperty(process,"versions",{value:{...process.versions,node:"${version}"}})`;
  return spawnSync(process.execPath, ['--import', preload, BIN, '--version'], { encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
}

describe('the Node.js version check', () => {
  it('refuses Node 20 and 22.17 in one sentence naming the version needed, with exit 2 and nothing on stdout', () => {
    for (const v of ['20.19.0', '22.17.1']) {
      const r = runAs(v);
      expect(r.status).toBe(2);
      expect(r.stdout).toBe('');
      expect(r.stderr).toBe(
        `llmcost: this is Node.js ${v}; llmcost needs Node.js 22.18 or newer (22 LTS or 24 LTS), so install one of those and run it again.\n`,
      );
    }
  });

  it('runs on 22.18 and on 24', () => {
    for (const v of ['22.18.0', '24.0.0']) {
      const r = runAs(v);
      expect(r.status, r.stderr).toBe(0);
      expect(r.stdout.trim()).toMatch(/^\d+\.\d+\.\d+$/);
    }
  });
});
