import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fixture, llmcost, tempDir } from '../helpers/cli.js';
import { readPng } from '../helpers/png.js';

const CHROMIUM = ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome'].find((p) => existsSync(p));

describe('audit --html', () => {
  let dir: string;
  let cleanup: () => void;
  let html: string;
  let file: string;
  beforeEach(() => {
    ({ dir, cleanup } = tempDir());
    file = join(dir, 'report.html');
    const r = llmcost(['--db', join(dir, 'u.db'), 'audit', fixture('usage', 'audit-insights.csv'), '--html', file], {
      env: { LLMCOST_NOW: '2025-06-22T08:00:00Z' },
    });
    expect(r.code).toBe(0);
    expect(r.stderr).toContain(`llmcost: wrote ${file}`);
    html = readFileSync(file, 'utf8');
  });
  afterEach(() => cleanup());

  it('is one self-contained file: no scripts, stylesheets or images fetched at view time', () => {
    expect(html).not.toMatch(/<script|<link|src=|url\(|https?:\/\//);
    expect(html).toContain('generated 2025-06-22 08:00 UTC');
  });

  it('draws a bar per day and model with cost, and marks the spike day', () => {
    // claude-sonnet-4-5 and gpt-4o ran on 20 days, gpt-4o-mini on 21, gemini-2.5-flash on 2: 63 bar segments.
    expect(html.match(/<rect class="bar"/g)).toHaveLength(63);
    expect([...html.matchAll(/<circle class="spike" data-day="([\d-]+)"/g)].map((m) => m[1])).toEqual(['2025-06-15']);
    expect(html.match(/<rect class="share"/g)).toHaveLength(4);
  });

  it.skipIf(!CHROMIUM)('renders in headless Chromium with the charts visible', () => {
    const png = join(dir, 'report.png');
    const r = spawnSync(
      CHROMIUM!,
      ['--headless', '--no-sandbox', '--disable-gpu', '--hide-scrollbars', `--screenshot=${png}`, '--window-size=860,900', `file://${file}`],
      { encoding: 'utf8', timeout: 60_000 },
    );
    expect(existsSync(png)).toBe(true);
    const img = readPng(png);
    expect([img.width, img.height]).toEqual([860, 900]);
    const count = (rgb: [number, number, number]) => {
      let n = 0;
      for (let y = 0; y < img.height; y++)
        for (let x = 0; x < img.width; x++) {
          const [pr, pg, pb] = img.pixel(x, y);
          if (Math.abs(pr - rgb[0]) < 8 && Math.abs(pg - rgb[1]) < 8 && Math.abs(pb - rgb[2]) < 8) n++;
        }
      return n;
    };
    // The first series (claude-sonnet-4-5, #2563eb) fills most of the daily chart; the spike dot (r = 4) is #ff2d55,
    // a color no series uses.
    expect(count([0x25, 0x63, 0xeb])).toBeGreaterThan(20_000);
    expect(count([0xff, 0x2d, 0x55])).toBeGreaterThan(20);
    expect(r.status === 0 || r.status === null).toBe(true);
  });
});
