import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Image } from '../helpers/png.js';
import { CHROMIUM, isColor, screenshot } from '../helpers/chromium.js';
import { llmcost, tempDir } from '../helpers/cli.js';

/**
 * The HTML report on generated histories of three lengths: its time axis has a bar a day up to 62 days, an
 * ISO week up to 366 days, a month beyond. Every request is gpt-4o with 400,000 input tokens ($2.50 per 1M):
 * $1.00. Rows are a generic CSV.
 */
const HEADER = 'timestamp,provider,model,input_tokens,output_tokens,requests,feature,id';
const DAY_MS = 86_400_000;

function days(first: string, count: number): string[] {
  return Array.from({ length: count }, (_, i) => new Date(Date.parse(`${first}T00:00:00Z`) + i * DAY_MS).toISOString().slice(0, 10));
}

/** One $1.00 gpt-4o request a day; `extra` rows are added as they are. */
function history(first: string, count: number, extra: string[] = []): string {
  const rows = days(first, count).map((d, i) => `${d}T10:00:00Z,openai,gpt-4o,400000,0,1,chat,a-${i}`);
  return `${[HEADER, ...rows, ...extra].join('\n')}\n`;
}

/** Text of the HTML, a line for each run of text between tags, with the references it uses read back. */
function text(html: string): string {
  return html
    .replace(/(\s*<[^>]+>\s*)+/g, '\n')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&amp;/g, '&');
}

const SERIES_1: [number, number, number] = [0x25, 0x63, 0xeb];
const SPIKE: [number, number, number] = [0xff, 0x2d, 0x55];

/** Runs of the first series' colour along the image's row that holds most of it: the bottom of the bars. */
function barsAlongBase(img: Image): number {
  let best = { y: 0, n: -1 };
  for (let y = 0; y < img.height; y++) {
    let n = 0;
    for (let x = 0; x < img.width; x++) if (isColor(img, x, y, SERIES_1)) n++;
    if (n > best.n) best = { y, n };
  }
  let runs = 0;
  for (let x = 0; x < img.width; x++) if (isColor(img, x, best.y, SERIES_1) && (x === 0 || !isColor(img, x - 1, best.y, SERIES_1))) runs++;
  return runs;
}

function countColor(img: Image, rgb: [number, number, number]): number {
  let n = 0;
  for (let y = 0; y < img.height; y++) for (let x = 0; x < img.width; x++) if (isColor(img, x, y, rgb)) n++;
  return n;
}

describe('audit --html over long and short histories', () => {
  let dir: string;
  let cleanup: () => void;
  beforeAll(() => ({ dir, cleanup } = tempDir()));
  afterAll(() => cleanup());

  /** Audits one CSV into a database of its own: the HTML, and the terminal report's titles (its bold lines). */
  function audit(name: string, csv: string): { file: string; html: string; titles: string[] } {
    const input = join(dir, `${name}.csv`);
    writeFileSync(input, csv);
    const file = join(dir, `${name}.html`);
    const db = join(dir, `${name}.db`);
    const r = llmcost(['--db', db, 'audit', input, '--html', file], { env: { LLMCOST_NOW: '2026-01-02T08:00:00Z' } });
    expect(r.stderr).not.toMatch(/internal error/);
    expect(r.code).toBe(0);
    const table = llmcost(['--db', db, 'audit'], { env: { NO_COLOR: undefined, FORCE_COLOR: '1' } });
    // A title is a line that starts in bold (chalk's level 1: ESC[1m), whatever colour it has.
    const titles = table.stdout
      .split('\n')
      .filter((l) => /^(\x1b\[\d+m)*\x1b\[1m/.test(l))
      .map((l) => l.replace(/\x1b\[\d+m/g, ''));
    return { file, html: readFileSync(file, 'utf8'), titles };
  }

  describe('two years (2024-01-01 → 2025-12-31): a bar a month', () => {
    // 731 days, one of them (2025-06-15) $20.00 instead of $1.00: a spike. One unreadable line is skipped.
    const csv = history('2024-01-01', 731, [
      '2025-06-15T18:00:00Z,openai,gpt-4o,7600000,0,1,chat,spike',
      '2024-05-05T10:00:00Z,openai,gpt-4o,many,0,1,chat,bad',
    ]);
    let long: ReturnType<typeof audit>;
    beforeAll(() => {
      long = audit('long', csv);
    });

    it('draws 24 month bars with the months summed by hand', () => {
      expect(long.html).toMatch(/<svg id="cost-chart" data-unit="month"/);
      const bars = [...long.html.matchAll(/<rect class="bar" data-month="([\d-]+)"/g)].map((m) => m[1]);
      expect(bars).toHaveLength(24);
      expect(bars[0]).toBe('2024-01');
      expect(bars.at(-1)).toBe('2025-12');
      // January 31 days, February 29 (2024 is a leap year), June 2025 30 days with the $19.00 more of the spike.
      expect(long.html).toContain('<title>2024-01 gpt-4o: $31.00</title>');
      expect(long.html).toContain('<title>2024-02 gpt-4o: $29.00</title>');
      expect(long.html).toContain('<title>2025-02 gpt-4o: $28.00</title>');
      expect(long.html).toContain('<title>2025-06 gpt-4o: $49.00</title>');
      // The axis runs to the tallest bar, June 2025.
      expect(text(long.html)).toContain('\n$49.00\n');
      expect([...long.html.matchAll(/<circle class="spike" data-month="([\d-]+)"/g)].map((m) => m[1])).toEqual(['2025-06']);
      // 730 × $1.00 + $20.00.
      expect(text(long.html)).toContain('\n$750.00\n');
    });

    it('holds every table of the terminal report under the same title, with all its rows', () => {
      const headings = headingsOf(long.html);
      // The terminal's first line is the report's heading; its sparkline chart is the HTML's cost chart.
      const [heading, ...titles] = long.titles;
      expect(heading).toBe('llmcost audit: whole database, 2024-01-01 → 2025-12-31 (UTC)');
      expect(titles).toContain('Daily cost by model, 2024-01-01 → 2025-12-31 (19 days a column)');
      expect(headings).toContain('Monthly cost by model, 2024-01 → 2025-12');
      const tables = titles.filter((t) => !t.startsWith('Daily cost by model'));
      expect(tables).toEqual(expect.arrayContaining(['Totals', 'By model', 'By day', 'Top 10 costliest requests', 'Skipped lines: 1', 'Anomalies']));
      for (const t of tables) expect(headings).toContain(t);
      // The terminal shows 31 days and counts the rest; the HTML lists all 731.
      const byDay = long.html.slice(long.html.indexOf('<h2>By day</h2>'));
      expect(byDay.slice(0, byDay.indexOf('</table>')).match(/<tr>/g)).toHaveLength(1 + 731);
      expect(text(long.html)).toContain('\nspike\n2025-06-15\nmodel gpt-4o\n$20.00 vs $1.00 (+$19.00)\n');
      expect(text(long.html)).toMatch(/\/long\.csv\n734\ninput_tokens is not a number \(a text of 4 characters\)\n/);
    });

    it.skipIf(!CHROMIUM)('renders in Chromium with 24 bars and the spike dot', () => {
      const { image, status } = screenshot(long.file, join(dir, 'long.png'), [860, 1000]);
      expect(barsAlongBase(image)).toBe(24);
      expect(countColor(image, SPIKE)).toBeGreaterThan(20);
      expect(status === 0 || status === null).toBe(true);
    });
  });

  describe('five days (2025-03-03 → 2025-03-07): a bar a day', () => {
    // Claude Sonnet 4.5 ($3 in, $15 out per 1M) on the last three days: 100,000 in + 20,000 out = $0.60.
    const claude = ['2025-03-05', '2025-03-06', '2025-03-07'].map((d, i) => `${d}T11:00:00Z,anthropic,claude-sonnet-4-5,100000,20000,1,search,b-${i}`);
    let short: ReturnType<typeof audit>;
    beforeAll(() => {
      short = audit('short', history('2025-03-03', 5, claude));
    });

    it('draws a bar a day, stacked by model', () => {
      expect(short.html).toMatch(/<svg id="cost-chart" data-unit="day"/);
      expect(short.html.match(/<rect class="bar" data-day="[\d-]+" data-model="gpt-4o"/g)).toHaveLength(5);
      expect(short.html.match(/<rect class="bar" data-day="[\d-]+" data-model="claude-sonnet-4-5"/g)).toHaveLength(3);
      expect(short.html).toContain('<title>2025-03-05 claude-sonnet-4-5: $0.60</title>');
      // The tallest day is $1.60: the axis reads $0.00, $0.80, $1.60.
      expect(text(short.html)).toContain('\n$0.00\n$0.80\n$1.60\n');
      expect(headingsOf(short.html)).toContain('Daily cost by model, 2025-03-03 → 2025-03-07');
      // Columns of words align left (the first always does): the costliest requests' Id and Model, not their figures.
      expect(short.html).toMatch(/<h2>Top 8 costliest requests<\/h2><table class="l2 l3"><thead>/);
      expect(short.html).toMatch(/<h2>By model<\/h2><table><thead>/);
      // $5.00 + 3 × $0.60.
      expect(text(short.html)).toContain('\n$6.80\n');
      for (const t of short.titles.slice(1).filter((x) => !x.startsWith('Daily cost by model'))) expect(headingsOf(short.html)).toContain(t);
    });

    it.skipIf(!CHROMIUM)('renders in Chromium with 5 bars', () => {
      const { image, status } = screenshot(short.file, join(dir, 'short.png'), [860, 1000]);
      expect(barsAlongBase(image)).toBe(5);
      expect(status === 0 || status === null).toBe(true);
    });
  });

  it('100 days (2025-01-06 → 2025-04-15): a bar an ISO week', () => {
    const { html } = audit('medium', history('2025-01-06', 100));
    expect(html).toMatch(/<svg id="cost-chart" data-unit="week"/);
    // Monday, January 6 opens ISO week 2; 14 whole weeks to Sunday, April 13, then two days of week 16.
    const bars = [...html.matchAll(/<rect class="bar" data-week="([\dW-]+)"/g)].map((m) => m[1]);
    expect(bars).toHaveLength(15);
    expect([bars[0], bars.at(-1)]).toEqual(['2025-W02', '2025-W16']);
    expect(html).toContain('<title>2025-W02 gpt-4o: $7.00</title>');
    expect(html).toContain('<title>2025-W16 gpt-4o: $2.00</title>');
  });
});

function headingsOf(html: string): string[] {
  return [...html.matchAll(/<h2>([^<]*)<\/h2>/g)].map((m) => text(m[1]!));
}
