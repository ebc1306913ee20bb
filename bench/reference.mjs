// The plain reference ingest the issue measures llmcost against: stream → split lines → JSON.parse →
// positional insert in 10k-row transactions, WAL. No detection, dedupe, pricing or indexes.
import Database from 'better-sqlite3';
import { createReadStream } from 'node:fs';

export async function referenceIngest(file, dbPath) {
  const db = new Database(dbPath);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.exec(`CREATE TABLE IF NOT EXISTS ref (id TEXT, ts INTEGER, model TEXT, input INTEGER, cached INTEGER, output INTEGER, reasoning INTEGER, tier TEXT)`);
  const insert = db.prepare('INSERT INTO ref VALUES (?, ?, ?, ?, ?, ?, ?, ?)');
  const flush = db.transaction((rows) => {
    for (const r of rows) insert.run(r);
  });
  let rows = [];
  let rest = '';
  let n = 0;
  for await (const chunk of createReadStream(file, { encoding: 'utf8', highWaterMark: 1 << 20 })) {
    const parts = (rest + chunk).split('\n');
    rest = parts.pop();
    for (const line of parts) {
      if (!line) continue;
      const o = JSON.parse(line);
      const u = o.usage;
      rows.push([
        o.id,
        o.created,
        o.model,
        u.prompt_tokens,
        u.prompt_tokens_details?.cached_tokens ?? 0,
        u.completion_tokens,
        u.completion_tokens_details?.reasoning_tokens ?? 0,
        o.service_tier,
      ]);
      if (rows.length === 10_000) {
        flush(rows);
        n += rows.length;
        rows = [];
      }
    }
  }
  if (rest) rows.push(JSON.parse(rest));
  flush(rows);
  n += rows.length;
  db.close();
  return n;
}

if (process.argv[1]?.endsWith('reference.mjs')) {
  const n = await referenceIngest(process.argv[2], process.argv[3]);
  process.stdout.write(`${JSON.stringify({ records: n, maxRssKb: process.resourceUsage().maxRSS })}\n`);
}
