import { render } from 'ink-testing-library';
import { describe, expect, it, vi } from 'vitest';
import { BlocksLive } from '../../src/tui/blocks-live.js';

const tick = (ms = 30) => new Promise((r) => setTimeout(r, ms));

describe('BlocksLive', () => {
  it('shows the report, reads it again every interval, and quits on q', async () => {
    let n = 0;
    const load = vi.fn(async () => `Active block: read ${++n}`);
    const onExit = vi.fn();
    const v = render(<BlocksLive load={load} intervalMs={40} onExit={onExit} />);
    await tick();
    expect(v.lastFrame()).toContain('Active block: read 1');
    expect(v.lastFrame()).toContain('every 0.04s · q quits');
    await tick(80);
    expect(load.mock.calls.length).toBeGreaterThanOrEqual(2);
    expect(v.lastFrame()).toMatch(/Active block: read [2-9]/);
    v.stdin.write('q');
    await tick();
    expect(onExit).toHaveBeenCalledTimes(1);
    v.unmount();
  });

  it('keeps the last report and shows the error when a refresh fails', async () => {
    let first = true;
    const load = async () => {
      if (first) {
        first = false;
        return 'report one';
      }
      throw new Error('database is locked');
    };
    const v = render(<BlocksLive load={load} intervalMs={20} />);
    await tick(60);
    expect(v.lastFrame()).toContain('report one');
    expect(v.lastFrame()).toContain('database is locked');
    v.unmount();
  });
});
