import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { llmcost, tempDir } from '../helpers/cli.js';
import { ingestHistory, repo, type Repo } from '../cli/check/repo.js';
import { parseXml } from '../cli/check/xml.js';

/**
 * Issue 14 A: whoever can set `user`, `feature`, `model`, `project`, a tag or a file name controls those
 * strings. Each output medium must show them without letting them act: on a terminal, in a CI log, in a
 * spreadsheet, on a Markdown page, in HTML and in JUnit XML.
 */

/** Terminal attacks: clear screen, window title, hyperlink, 8-bit CSI, bell, backspace, bidi override. */
const TERMINAL = [
  'clear\u001b[2J\u001b[H',
  'title\u001b]0;pwned\u0007',
  'link\u001b]8;;https://evil.example\u001b\\click\u001b]8;;\u001b\\',
  'csi\u009b31m',
  'bell\u0007\b\b',
  'bidi\u202eexe.txt',
];
/** CI log attacks: a new line that is a workflow command, a carriage return, the legacy form mid-line, a percent-encoded newline. */
const CI = ['a\n::error::forged from a log', 'b\r::add-mask::secret', 'c ##[error]legacy command', '::warning::at the start', 'd%0A::error::encoded'];
/** Markdown and HTML attacks. */
const MARKUP = [
  '<script>alert(1)</script>',
  '</svg><img src=x onerror=alert(1)>',
  'pipe | cell',
  'tick `code` ``',
  'hi @octocat and @github/security',
  '[link](https://evil.example)',
  '</failure><x>',
];
/** Spreadsheet formulas (OWASP CSV injection). */
const FORMULAS = ['=1+2', '+cmd|x', '-2+3', '@SUM(A1)', '\t=tab', '\r=cr'];

const HOSTILE = [...TERMINAL, ...CI, ...MARKUP, ...FORMULAS];

/** A generic JSON-lines log with one request per hostile string, in every attribution field and as the model. */
function hostileLog(path: string): void {
  const lines = HOSTILE.map((s, i) =>
    JSON.stringify({
      id: `r${i}`,
      timestamp: `2025-06-0${1 + (i % 5)}T10:00:00Z`,
      provider: 'openai',
      model: i % 2 === 0 ? s : 'gpt-4o',
      input_tokens: 1000 + i,
      output_tokens: 100,
      user: s,
      feature: s,
      project: s,
      tags: [s],
    }),
  );
  writeFileSync(path, `${lines.join('\n')}\n`);
}

/** Nothing that acts on a terminal, and no line a GitHub runner would read as a workflow command. */
function expectTerminalSafe(text: string): void {
  expect(text).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/);
  for (const line of text.split('\n')) expect(line.trimStart().startsWith('::'), line).toBe(false);
  expect(text).not.toContain('##[');
}

describe('hostile text in reports (issue 14 A)', () => {
  let dir: string;
  let cleanup: () => void;
  let db: string;
  let log: string;
  beforeEach(() => {
    ({ dir, cleanup } = tempDir());
    db = join(dir, 'u.db');
    // The file name itself carries a new line and a workflow command.
    log = join(dir, 'usage\n::error::from a file name.jsonl');
    hostileLog(log);
  });
  afterEach(() => cleanup());

  it('terminal: every table, the ingest summary and the skip listing show control characters as visible escapes', () => {
    writeFileSync(log, `${readFileSync(log, 'utf8')}{"timestamp": "x\\u001b]0;t\\u0007\\n::error::skip", "model": "m", "input_tokens": 1}\n`);
    const ingest = llmcost(['--db', db, 'ingest', log]);
    expect(ingest.code, ingest.stderr).toBe(0);
    expectTerminalSafe(ingest.stdout);
    expectTerminalSafe(ingest.stderr);
    expect(ingest.stderr).toContain('usage\\n::error::from a file name.jsonl:');
    for (const key of ['model', 'user', 'feature', 'project', 'tag']) {
      const r = llmcost(['--db', db, 'audit', log, '--group-by', key]);
      expect(r.code, r.stderr).toBe(0);
      expectTerminalSafe(r.stdout);
      expectTerminalSafe(r.stderr);
      // The values are there, made visible.
      expect(r.stdout).toContain('clear\\x1b[2J');
    }
    const sim = llmcost(['--db', db, 'simulate', '--batch', 'feature=clear', '--group-by', 'user']);
    expect(sim.code, sim.stderr).toBe(0);
    expectTerminalSafe(sim.stdout);
  });

  it('JSON: the data is unchanged once parsed, and no string value reads as a workflow command in a CI log', () => {
    const r = llmcost(['--db', db, 'audit', log, '--group-by', 'feature', '--format', 'json']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).not.toContain('##[');
    expect(r.stdout).not.toMatch(/[\u0080-\u009f\u202a-\u202e]/);
    const keys = JSON.parse(r.stdout).groupBy.rows.map((x: { key: string }) => x.key);
    expect(keys).toEqual(expect.arrayContaining(HOSTILE.map((s) => s.trim())));
  });

  it('CSV: formula cells get a leading single quote, no cell spans lines, numbers stay numbers', () => {
    const r = llmcost(['--db', db, 'audit', log, '--group-by', 'feature', '--format', 'csv']);
    expect(r.code, r.stderr).toBe(0);
    expectTerminalSafe(r.stdout);
    const rows = r.stdout.trimEnd().split('\n');
    expect(rows).toHaveLength(HOSTILE.length + 1);
    const first = rows.slice(1).map((row) => (row.startsWith('"') ? row.slice(1, row.indexOf('",')) : row.slice(0, row.indexOf(','))).replace(/""/g, '"'));
    // (Sources trim values, so "\t=tab" arrives as "=tab".)
    for (const f of ["'=1+2", "'+cmd|x", "'-2+3", "'@SUM(A1)", "'=tab", "'=cr", "'::warning::at the start"]) expect(first).toContain(f);
    // Every first cell that a spreadsheet would evaluate is quoted; the numeric columns are plain numbers.
    for (const cell of first) expect(cell).not.toMatch(/^[=+\-@\t\r]/);
    for (const row of rows.slice(1))
      expect(row.startsWith('"') ? row.slice(row.indexOf('",') + 1) : row.slice(row.indexOf(','))).toMatch(/^(,(-?\d+(\.\d+)?(e-?\d+)?)?)+$/);
  });

  it('Markdown: no raw HTML, links or mentions, and every table row keeps its columns', () => {
    const r = llmcost(['--db', db, 'audit', log, '--group-by', 'feature', '--format', 'markdown']);
    expect(r.code, r.stderr).toBe(0);
    const md = r.stdout;
    expectTerminalSafe(md);
    expect(md).not.toMatch(/(^|[^\\])<(script|img|svg|\/svg|\/failure|x)\b/i);
    expect(md).not.toContain('[link](');
    // Mentions and URLs are inline code, where GitHub links and notifies nothing.
    expect(md).toContain('`@octocat`');
    expect(md).toContain('`@github/security`');
    expect(md).not.toMatch(/(^|[^`\w])@octocat/);
    // Each row of the feature table has as many unescaped pipes as its header.
    const table = md.split('### By feature')[1]!.split('\n\n')[1]!.split('\n');
    const pipes = (line: string) => line.replace(/\\\\/g, '').replace(/\\\|/g, '').split('|').length;
    for (const row of table) expect(pipes(row), row).toBe(pipes(table[0]!));
  });

  it('HTML: every value is escaped', () => {
    const html = join(dir, 'report.html');
    const r = llmcost(['--db', db, 'audit', log, '--group-by', 'feature', '--html', html]);
    expect(r.code, r.stderr).toBe(0);
    const page = readFileSync(html, 'utf8');
    expect(page).not.toMatch(/<(script|img|x)\b/i);
    expect(page).not.toContain('</svg><img');
    expect(page).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
  });
});

describe('hostile text in llmcost check (issue 14 A)', () => {
  let r: Repo;
  const NAMES = [
    'evil\n::error::forged by a budget name',
    '</failure><script>x</script>',
    'pct %0A::warning::x',
    'pipe | `tick` @octocat [l](https://evil.example)',
    'tab\tesc\u001b[2J',
  ];
  beforeEach(() => {
    r = repo();
    r.write(
      'llmcost.config.yaml',
      `budgets:\n${NAMES.map((n) => `  - {name: ${JSON.stringify(n)}, fail: 1}`).join('\n')}\n  - {name: per-feature, per: feature, fail: 1}\n`,
    );
    r.commit('config');
    ingestHistory(r);
    // Features from a log: the per-feature budget's messages quote them.
    const log = join(r.dir, 'hostile.jsonl');
    hostileLog(log);
    expect(llmcost(['--db', r.db, 'ingest', log], { cwd: r.dir }).code).toBe(0);
  });
  afterEach(() => r.cleanup());

  it('github: only our own lines are workflow commands; properties and data are escaped as GitHub documents', () => {
    const summary = join(r.dir, 'summary.md');
    const out = r.check(['--format', 'github'], { GITHUB_STEP_SUMMARY: summary, GITHUB_WORKSPACE: r.dir });
    expect(out.code).toBe(3);
    const lines = out.stdout.trimEnd().split('\n');
    for (const line of lines) expect(line, line).toMatch(/^(::(error|warning|notice) [^\n\r]*|llmcost check: [^:]*)$/);
    expect(out.stdout).not.toContain('##[');
    expect(out.stdout).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/);
    // %0A in a name is sent as %250A, which GitHub shows as the text "%0A"; a real newline is %0A.
    expect(out.stdout).toContain('title=llmcost budget pct %250A%3A%3Awarning%3A%3Ax::');
    expect(out.stdout).toContain('title=llmcost budget evil%0A%3A%3Aerror%3A%3Aforged by a budget name::');
    // stderr (the failing budgets, listed by name) is one line that starts with "llmcost:".
    expect(
      out.stderr
        .trimEnd()
        .split('\n')
        .every((l) => l.startsWith('llmcost: ') || l.startsWith('warning: ')),
    ).toBe(true);
    expectTerminalSafe(out.stderr);
    const md = readFileSync(summary, 'utf8');
    expect(md).not.toMatch(/(^|[^\\])<(script|\/failure|img)\b/i);
    expect(md).toContain('`@octocat`');
  });

  it('table and markdown: names and log values are shown, never acted on', () => {
    const table = r.check([]);
    expect(table.code).toBe(3);
    expectTerminalSafe(table.stdout);
    expectTerminalSafe(table.stderr);
    expect(table.stdout).toContain('evil\\n::error::forged');
    const md = r.check(['--format', 'markdown']);
    expectTerminalSafe(md.stdout);
    expect(md.stdout).not.toMatch(/(^|[^\\])<(script|\/failure|img|x)\b/i);
  });

  it('junit: well-formed XML whatever the names hold, and no line of it reads as a workflow command', () => {
    const out = r.check(['--format', 'junit']);
    expect(out.code).toBe(3);
    const root = parseXml(out.stdout);
    const names = root.children.flatMap((s) => s.children.map((c) => c.attrs['name']));
    expect(names).toEqual(expect.arrayContaining(NAMES.map((n) => n.replace(/[\u001b]/g, ''))));
    expect(out.stdout).not.toMatch(/<(script|x)\b/);
    for (const line of out.stdout.split('\n')) expect(line.trimStart().startsWith('::')).toBe(false);
    expect(out.stdout).not.toContain('##[');
  });

  it("the job summary stays under GitHub's 1 MiB limit, counting what the step wrote before", () => {
    const summary = join(r.dir, 'summary.md');
    writeFileSync(summary, `${'x'.repeat(1024 * 1024 - 40 * 1024)}\n`);
    const out = r.check(['--format', 'github'], { GITHUB_STEP_SUMMARY: summary, GITHUB_WORKSPACE: r.dir });
    expect(out.code).toBe(3);
    expect(statSync(summary).size).toBeLessThanOrEqual(1024 * 1024);
    expect(readFileSync(summary, 'utf8')).toContain('llmcost check');
  });
});

describe('a huge check report', () => {
  let r: Repo;
  beforeEach(() => (r = repo()));
  afterEach(() => r.cleanup());

  it('is cut to fit a job summary, with a note saying where the rest is', () => {
    // 300 budgets with 4 KB names: about 2.4 MB of Markdown before the cut.
    r.write('llmcost.config.yaml', `budgets:\n${Array.from({ length: 300 }, (_, i) => `  - {name: "b${i}-${'n'.repeat(4000)}", fail: 1}`).join('\n')}\n`);
    r.commit('config');
    ingestHistory(r);
    const summary = join(r.dir, 'summary.md');
    const out = r.check(['--format', 'github'], { GITHUB_STEP_SUMMARY: summary, GITHUB_WORKSPACE: r.dir });
    expect(out.code, out.stderr.slice(0, 500)).toBe(3);
    const size = statSync(summary).size;
    expect(size).toBeLessThanOrEqual(1024 * 1024);
    expect(size).toBeGreaterThan(512 * 1024);
    expect(readFileSync(summary, 'utf8')).toContain('cut here to fit a GitHub job summary');
  }, 60_000);
});
