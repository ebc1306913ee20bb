import Database from 'better-sqlite3';
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fixture, llmcost, useTempDb } from '../../helpers/cli.js';

// fixtures/usage/openai-batch-pair/: a batch input file and its output file, joined by custom_id.
//
// batch_input.jsonl, five requests to gpt-4o-mini:
//   ticket-1001  system S + user U1        ticket-1002  system S + user U1 (the same prompt: an exact duplicate)
//   ticket-1003  system S + user U3        translate-1  user only          summary-1005  user only
// S is 1,245 o200k tokens (counted with gpt-tokenizer's and js-tiktoken's o200k_base, which agree), U1 16, U3 14.
// A fingerprint counts texts plus 3 a message: 1,248 + 19 = 1,267 (ticket-1001/1002) and 1,248 + 17 = 1,265
// (ticket-1003). Cache boundaries are 1,024 then every 128: both reach 1,024 and 1,152 (1,280 is past their
// ends), and both of those lie inside S, so the three tickets share their deepest prefix block, 1,152 tokens.
//
// batch_output.jsonl: ticket-1001, -1002 (1,267 prompt + 10 output tokens each), ticket-1003 (1,265 + 10),
// translate-1 failed with HTTP 500, and ticket-1006, which the input does not hold (20 + 5 tokens).
// summary-1005 has no output line (expired). So 5 prompts, 3 records joined, 1 record without an input line, and
// 2 prompts without a usage record.
//
// gpt-4o-mini batch rates (bundled catalog): input $0.075, output $0.30 per 1M tokens.
//   ticket-1001, -1002: 1,267×0.075 + 10×0.3 = 95.025 + 3 = 98.025 millionths each
//   ticket-1003:        1,265×0.075 + 10×0.3 = 94.875 + 3 = 97.875
//   ticket-1006:           20×0.075 +  5×0.3 =  1.5 + 1.5 =  3
//   total 296.925 millionths → $0.000296925; the exact duplicate (ticket-1002) saves its own cost, $0.000098025.
const INPUT = fixture('usage', 'openai-batch-pair', 'batch_input.jsonl');
const OUTPUT = fixture('usage', 'openai-batch-pair', 'batch_output.jsonl');
const TOTAL_USD = 0.000296925;
const DUPLICATE_USD = 0.000098025;
const SYSTEM = (JSON.parse(readFileSync(INPUT, 'utf8').split('\n')[0]!) as { body: { messages: { content: string }[] } }).body.messages[0]!.content;

const T = useTempDb();

/** The fingerprints stored: how many, how many distinct prompts, and the deepest shared prefix blocks' depths. */
function fingerprints(db: string) {
  const d = new Database(db, { readonly: true });
  try {
    return {
      ...(d.prepare('SELECT COUNT(*) AS n, COUNT(DISTINCT prompt_hash) AS distinctPrompts FROM fingerprints').get() as object),
      tokens: (d.prepare('SELECT prompt_tokens AS t FROM fingerprints ORDER BY rid').all() as { t: number }[]).map((r) => r.t),
      prefixDepths: (d.prepare('SELECT DISTINCT b.tokens AS t FROM fingerprints f JOIN prefix_blocks b ON b.id = f.prefix_block').all() as { t: number }[]).map(
        (r) => r.t,
      ),
    };
  } finally {
    d.close();
  }
}

function expectDuplicateFigures(doc: {
  totals: { costUsd: number; requests: number };
  opportunities: { items: { kind: string; evidence: string; savingsUsd: number }[] };
}) {
  expect(doc.totals.requests).toBe(4);
  expect(doc.totals.costUsd).toBeCloseTo(TOTAL_USD, 12);
  const dup = doc.opportunities.items.filter((o) => o.kind === 'exact-duplicates');
  expect(dup).toHaveLength(1);
  expect(dup[0]!.evidence).toMatch(/^1 of 3 fingerprinted requests of gpt-4o-mini /);
  expect(dup[0]!.savingsUsd).toBeCloseTo(DUPLICATE_USD, 12);
}

const EXPECTED_FINGERPRINTS = { n: 3, distinctPrompts: 2, tokens: [1267, 1267, 1265], prefixDepths: [1152] };

describe('OpenAI Batch input joined to its output by custom_id', () => {
  it('ingests the pair in either order: the output records get the prompts, the input is reported as such', () => {
    for (const order of [
      [INPUT, OUTPUT],
      [OUTPUT, INPUT],
    ]) {
      const db = join(T.dir, `${order[0] === INPUT ? 'input-first' : 'output-first'}.db`);
      const r = llmcost(['--db', db, 'ingest', ...order, '--json']);
      expect(r.code).toBe(0);
      const files = JSON.parse(r.stdout).files as Record<string, unknown>[];
      // Each file's line in the order given.
      expect(files.map((f) => f['format'])).toEqual(order.map((p) => (p === INPUT ? 'openai-batch-input' : 'openai-batch')));
      const input = files.find((f) => f['file'] === INPUT)!;
      const output = files.find((f) => f['file'] === OUTPUT)!;
      expect(input).toMatchObject({
        added: 0,
        skipped: 0,
        batchInput: { prompts: 5, read: true, joinedRecords: 3, withoutRecord: 2, outputs: [OUTPUT] },
      });
      expect(output).toMatchObject({ added: 4, failed: 1, batchJoin: { joined: 3, unjoined: 1 } });
      expect(fingerprints(db)).toEqual(EXPECTED_FINGERPRINTS);
    }
    // The table says it in words.
    const text = llmcost(['--db', join(T.dir, 'text.db'), 'ingest', INPUT, OUTPUT]);
    expect(text.stdout).toContain(`batch input: 5 prompts, joined to 3 records of ${OUTPUT}; 2 prompts without a usage record (failed or expired requests)`);
    expect(text.stdout).toContain('prompts joined to 3 records, 1 record without an input line');
  });

  it('audit ingesting the pair shows the exact duplicate and its dollars', () => {
    const doc = T.auditJson([INPUT, OUTPUT]);
    expectDuplicateFigures(doc);
    expect(fingerprints(T.db)).toEqual(EXPECTED_FINGERPRINTS);
  });

  it('joins on the parse worker as on the main thread', () => {
    const r = llmcost(['--db', T.db, 'ingest', OUTPUT, INPUT], { env: { LLMCOST_PARSE_WORKER: '1' } });
    expect(r.code).toBe(0);
    expect(fingerprints(T.db)).toEqual(EXPECTED_FINGERPRINTS);
    expectDuplicateFigures(T.run(['audit', '--format', 'json']));
  });

  it('keeps the joined prompt text only with --store-prompts (the output then stays on the main thread, even when the worker is forced)', () => {
    for (const worker of ['0', '1']) {
      const db = join(T.dir, `kept-${worker}.db`);
      expect(llmcost(['--db', db, 'ingest', INPUT, OUTPUT, '--store-prompts'], { env: { LLMCOST_PARSE_WORKER: worker } }).code).toBe(0);
      const d = new Database(db, { readonly: true });
      const kept = d.prepare('SELECT p.text FROM prompts p JOIN records r ON r.rid = p.rid ORDER BY r.line').all() as { text: string }[];
      d.close();
      expect(kept.map((k) => k.text)).toEqual([
        `system: ${SYSTEM}\n\nuser: Classify ticket 1001: I was charged twice for my annual plan.`,
        `system: ${SYSTEM}\n\nuser: Classify ticket 1001: I was charged twice for my annual plan.`,
        `system: ${SYSTEM}\n\nuser: Classify ticket 1003: my parcel has not arrived yet.`,
      ]);
    }
    expect(llmcost(['--db', T.db, 'ingest', INPUT, OUTPUT]).code).toBe(0);
    expect(readFileSync(T.db).includes(Buffer.from('charged twice for my annual'))).toBe(false);
  });

  it('adds the fingerprints to an output stored earlier without its input, counting nothing twice', () => {
    expect(llmcost(['--db', T.db, 'ingest', OUTPUT]).code).toBe(0);
    expect(fingerprints(T.db)).toEqual({ n: 0, distinctPrompts: 0, tokens: [], prefixDepths: [] });
    const before = T.run(['audit', '--format', 'json']);
    expect(before.opportunities.unavailable.map((u: { kind: string }) => u.kind)).toContain('exact-duplicates');

    const r = llmcost(['--db', T.db, 'ingest', INPUT, OUTPUT, '--json']);
    expect(r.code).toBe(0);
    const files = JSON.parse(r.stdout).files;
    expect(files[1]).toMatchObject({ alreadyIngested: true, added: 0, batchJoin: { joined: 3, unjoined: 1 } });
    expect(files[0].batchInput).toMatchObject({ prompts: 5, joinedRecords: 3, withoutRecord: 2 });
    expect(fingerprints(T.db)).toEqual(EXPECTED_FINGERPRINTS);
    const after = T.run(['audit', '--format', 'json']);
    expect(after.totals).toEqual(before.totals);
    expectDuplicateFigures(after);
    // Once more: nothing changes.
    expect(llmcost(['--db', T.db, 'ingest', OUTPUT, INPUT]).code).toBe(0);
    expect(fingerprints(T.db)).toEqual(EXPECTED_FINGERPRINTS);
    expect(T.run(['audit', '--format', 'json']).totals).toEqual(before.totals);
  });

  it('refuses an input file on its own in one sentence, exit code 2, writing nothing', () => {
    const r = llmcost(['--db', T.db, 'ingest', INPUT]);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(
      `llmcost: ${INPUT} is an OpenAI Batch input file: it holds prompts but no usage, so give each together with its batch output file (llmcost ingest batch_input.jsonl batch_output.jsonl).\n`,
    );
    const d = new Database(T.db, { readonly: true });
    expect(d.prepare('SELECT COUNT(*) AS n FROM sources').get()).toEqual({ n: 0 });
    d.close();
  });

  it('says so when other files but no output come with the input', () => {
    const other = join(T.dir, 'usage.jsonl');
    copyFileSync(fixture('usage', 'sample.jsonl'), other);
    const alone = llmcost(['--db', join(T.dir, 'other.db'), 'ingest', INPUT, other]);
    expect(alone.code).toBe(0);
    expect(alone.stderr).toContain(`${INPUT} is an OpenAI Batch input file, but no batch output file was ingested beside it: give both in one command.`);
    expect(alone.stdout).toContain('batch input: 5 prompts, no batch output file beside it to join them to');
  });

  it('lists bad input lines as skipped', () => {
    const input = join(T.dir, 'input.jsonl');
    const lines = readFileSync(INPUT, 'utf8').trimEnd().split('\n');
    writeFileSync(
      input,
      [...lines, '{"custom_id": "ticket-1001", "method": "POST", "url": "/v1/chat/completions", "body": {"model": "gpt-4o-mini"}}', '{oops'].join('\n') + '\n',
    );
    const r = llmcost(['--db', T.db, 'ingest', input, OUTPUT, '--json']);
    expect(r.code).toBe(0);
    const files = JSON.parse(r.stdout).files;
    expect(files[0].skippedLines.map((s: { line: number; reason: string }) => [s.line, s.reason])).toEqual([
      [6, 'custom_id "ticket-1001" repeats line 1: a batch\'s custom_ids are unique'],
      [7, expect.stringMatching(/^malformed JSON/)],
    ]);
    expect(files[0].batchInput).toMatchObject({ prompts: 5, joinedRecords: 3, withoutRecord: 2 });
    expect(r.stderr).toContain(`${input}:7: malformed JSON`);
  });

  it('pairs each output of a folder with its own input when two batches reuse custom_ids', () => {
    // Batch B reuses ticket-1001 and ticket-1002 with other prompts: "Hello" (1 o200k token + 3 = 4) and
    // "Hello there" (2 + 3 = 5). Its output's ids are held by both inputs; B's input holds them with no prompt
    // left over (A's has 3), so B's output takes B's prompts, and A's output (4 of its ids in A, 2 in B) A's.
    const folder = join(T.dir, 'batches');
    mkdirSync(folder);
    copyFileSync(INPUT, join(folder, 'a_input.jsonl'));
    copyFileSync(OUTPUT, join(folder, 'a_output.jsonl'));
    const request = (id: string, text: string) =>
      JSON.stringify({
        custom_id: id,
        method: 'POST',
        url: '/v1/chat/completions',
        body: { model: 'gpt-4o-mini', messages: [{ role: 'user', content: text }] },
      });
    writeFileSync(join(folder, 'b_input.jsonl'), `${request('ticket-1001', 'Hello')}\n${request('ticket-1002', 'Hello there')}\n`);
    const [first, second] = readFileSync(OUTPUT, 'utf8').split('\n') as [string, string];
    writeFileSync(
      join(folder, 'b_output.jsonl'),
      `${first.replaceAll('chatcmpl-BjX9q1', 'chatcmpl-B1')}\n${second.replaceAll('chatcmpl-BjX9q2', 'chatcmpl-B2')}\n`,
    );
    const r = llmcost(['--db', T.db, 'ingest', folder, '--json']);
    expect(r.code).toBe(0);
    const files = JSON.parse(r.stdout).files as { file: string; batchInput?: { outputs: string[]; joinedRecords: number } }[];
    expect(files.find((f) => f.file.endsWith('a_input.jsonl'))!.batchInput).toMatchObject({ outputs: [join(folder, 'a_output.jsonl')], joinedRecords: 3 });
    expect(files.find((f) => f.file.endsWith('b_input.jsonl'))!.batchInput).toMatchObject({ outputs: [join(folder, 'b_output.jsonl')], joinedRecords: 2 });
    const d = new Database(T.db, { readonly: true });
    const tokens = d.prepare('SELECT r.id, f.prompt_tokens AS t FROM records r JOIN fingerprints f ON f.rid = r.rid ORDER BY r.id').all();
    d.close();
    expect(tokens).toEqual([
      { id: 'chatcmpl-B1', t: 4 },
      { id: 'chatcmpl-B2', t: 5 },
      { id: 'chatcmpl-BjX9q1', t: 1267 },
      { id: 'chatcmpl-BjX9q2', t: 1267 },
      { id: 'chatcmpl-BjX9q3', t: 1265 },
    ]);
  });
});
