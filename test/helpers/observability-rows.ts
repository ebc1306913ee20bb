/**
 * Deterministic Langfuse observations and Helicone requests for the ClickHouse tests: each generator returns the
 * rows as the product's export (what a file ingest reads) and as the rows of its ClickHouse table, which also hold
 * what the product removes itself: stale versions of a row (older event_ts / updated_at) and deleted rows.
 */

function prng(seed: number) {
  let s = seed >>> 0;
  const rnd = () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
  return { rnd, int: (lo: number, hi: number) => lo + Math.floor(rnd() * (hi - lo + 1)), pick: <T>(xs: T[]): T => xs[Math.floor(rnd() * xs.length)]! };
}

const iso = (ms: number) => new Date(ms).toISOString();
const chTime = (ms: number) => iso(ms).replace('T', ' ').replace('Z', '');
const q = (s: string | null) => (s === null ? 'NULL' : `'${s.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`);
const chMap = (o: Record<string, number | string>) =>
  `map(${
    Object.entries(o)
      .map(([k, v]) => `${q(k)}, ${typeof v === 'number' ? v : q(v)}`)
      .join(', ') || ''
  })`;

export interface Generated {
  /** The export: JSON objects, one per line of a file. */
  exported: Record<string, unknown>[];
  /** INSERT statements for the ClickHouse tables. */
  inserts: string[];
}

export function langfuseObservations(n: number, startMs: number, seed = 3): Generated {
  const { rnd, int, pick } = prng(seed);
  const exported: Record<string, unknown>[] = [];
  const obsValues: string[] = [];
  const traceValues: string[] = [];
  const users = ['user-1', 'user-2', null];
  for (let i = 0; i < n; i++) {
    // Three observations a trace, a second apart, traces spread over two days.
    const ts = startMs + Math.floor(((Math.floor(i / 3) * 3) / n) * 2 * 86_400_000) + (i % 3) * 1000 + int(0, 999);
    const traceId = `trace-${seed}-${Math.floor(i / 3)}`;
    const user = users[Math.floor(i / 3) % users.length]!;
    if (i % 3 === 0) {
      traceValues.push(
        `(${q(traceId)}, '${chTime(ts)}', 'trace', ${q(user)}, map(), NULL, NULL, 'proj-a', 'production', false, false, [], NULL, NULL, NULL, now(), now(), '${chTime(ts)}', 0)`,
      );
    }
    const kind = rnd();
    let model: string | null;
    let usage: Record<string, number>;
    let cost: Record<string, number> = {};
    let type = 'GENERATION';
    let level = 'DEFAULT';
    if (kind < 0.3) {
      model = pick(['gpt-4o-2024-08-06', 'gpt-4o-mini', 'o3-mini']);
      const input = int(100, 20_000);
      const cached = rnd() < 0.5 ? int(0, 8000) : 0;
      const output = int(10, 2000);
      const reasoning = model === 'o3-mini' ? int(0, output) : 0;
      usage = { input, input_cached_tokens: cached, output, output_reasoning_tokens: reasoning, total: input + cached + output + reasoning };
      // Decimal64(12) in ClickHouse: amounts of whole nano-dollars survive the round trip exactly.
      const nano = (x: number) => Math.round(x * 1e9) / 1e9;
      cost = { input: nano(input * 2.5e-6), output: nano(output * 1e-5), total: nano(input * 2.5e-6 + output * 1e-5) };
    } else if (kind < 0.55) {
      model = pick(['claude-sonnet-4-5-20250929', 'claude-haiku-4-5']);
      const w = int(0, 6000);
      const oneHour = rnd() < 0.3;
      usage = {
        input: int(10, 4000),
        input_cache_read: int(0, 30_000),
        ...(oneHour
          ? { cache_creation_input_tokens: w, input_cache_creation_5m: Math.floor(w / 2), input_cache_creation_1h: w - Math.floor(w / 2) }
          : { input_cache_creation: w }),
        output: int(10, 1500),
      };
      if (rnd() < 0.5) cost = { input: 0.001, output: 0.002 };
    } else if (kind < 0.65) {
      model = 'gemini-2.5-pro';
      // OpenAI-style whole prompt counts through an integration that kept them.
      const prompt = rnd() < 0.4 ? int(200_001, 500_000) : int(1000, 100_000);
      usage = { prompt_tokens: prompt, cached_tokens: int(0, 500), completion_tokens: int(10, 3000) };
    } else if (kind < 0.72) {
      model = 'gpt-4o-mini';
      level = 'ERROR';
      usage = {};
    } else if (kind < 0.8) {
      model = null;
      type = 'SPAN';
      usage = {};
    } else if (kind < 0.85) {
      model = 'text-embedding-3-small';
      type = 'EMBEDDING';
      usage = { input: int(10, 8000), total: 0 };
    } else {
      model = pick(['gpt-4.1', 'my-finetune']);
      usage = { input: int(10, 5000), output: int(1, 900) };
    }
    const id = `obs-${seed}-${i}`;
    const name = pick(['chat-answer', 'summarize', '']);
    const version = rnd() < 0.3 ? 'v2' : null;
    const deleted = rnd() < 0.03;
    const value = (u: Record<string, number>, eventTs: number, isDeleted: number) =>
      `(${q(id)}, ${q(traceId)}, 'proj-a', '${type}', NULL, 'production', '${chTime(ts)}', NULL, ${q(name)}, map('provider', ${q(model?.startsWith('claude') ? 'anthropic' : '')}), '${level}', ${level === 'ERROR' ? "'rate limited'" : 'NULL'}, ${q(version)}, NULL, NULL, ${q(model)}, NULL, '{"service_tier":"${model === 'gpt-4o-mini' ? 'flex' : ''}"}', map(), ${chMap(u)}, map(), ${chMap(cost)}, ${Object.keys(cost).length ? (cost['total'] ?? 0.003) : 'NULL'}, NULL, NULL, NULL, NULL, now(), now(), '${chTime(eventTs)}', ${isDeleted})`;
    // A stale version written first, with other figures: FINAL keeps the later one.
    if (rnd() < 0.2) obsValues.push(value(Object.fromEntries(Object.entries(usage).map(([k, v]) => [k, v + 7])), ts, 0));
    obsValues.push(value(usage, ts + 1000, deleted ? 1 : 0));
    if (deleted) continue;
    exported.push({
      id,
      traceId,
      type,
      name: name || null,
      startTime: iso(ts),
      model,
      modelParameters: { service_tier: model === 'gpt-4o-mini' ? 'flex' : '' },
      usageDetails: usage,
      costDetails: cost,
      level,
      statusMessage: level === 'ERROR' ? 'rate limited' : null,
      version,
      environment: 'production',
      projectId: 'proj-a',
      metadata: { provider: model?.startsWith('claude') ? 'anthropic' : '' },
      userId: user,
      calculatedTotalCost: Object.keys(cost).length ? (cost['total'] ?? 0.003) : null,
    });
  }
  const inserts: string[] = [];
  for (let i = 0; i < obsValues.length; i += 500) inserts.push(`INSERT INTO observations VALUES ${obsValues.slice(i, i + 500).join(',')}`);
  for (let i = 0; i < traceValues.length; i += 500) inserts.push(`INSERT INTO traces VALUES ${traceValues.slice(i, i + 500).join(',')}`);
  return { exported, inserts };
}

export function heliconeRequests(n: number, startMs: number, seed = 11): Generated {
  const { rnd, int, pick } = prng(seed);
  const exported: Record<string, unknown>[] = [];
  const values: string[] = [];
  for (let i = 0; i < n; i++) {
    const ts = startMs + Math.floor(rnd() * 2 * 86_400_000);
    const id = `00000000-0000-4000-8000-${String(100000000000 + i * 7 + seed).slice(-12)}`;
    const kind = rnd();
    const model = pick(['gpt-4o-mini', 'claude-sonnet-4-5-20250929', 'gemini-2.5-pro', 'gpt-4o']);
    const provider = model.startsWith('claude') ? 'ANTHROPIC' : model.startsWith('gemini') ? 'GOOGLE' : 'OPENAI';
    const status = kind < 0.06 ? 429 : 200;
    const cacheHit = kind > 0.94;
    const prompt = model === 'gemini-2.5-pro' && rnd() < 0.4 ? int(200_001, 300_000) : int(10, 20_000);
    const completion = int(1, 3000);
    const reads = rnd() < 0.4 ? int(0, 10_000) : 0;
    const writes = model.startsWith('claude') && rnd() < 0.3 ? int(0, 5000) : 0;
    const reasoning = model === 'gpt-4o' ? 0 : int(0, 200);
    const cost = Math.round(rnd() * 5e7);
    const properties: Record<string, string> = rnd() < 0.5 ? { 'Helicone-Property-Feature': pick(['search', 'chat']), Team: 'core' } : {};
    const user = pick(['u1', 'u2', '']);
    const value = (p: number, updated: number) =>
      `(NULL, NULL, NULL, ${status}, ${completion}, ${p}, ${writes}, ${reads}, ${reasoning}, ${q(model)}, '${id}', '${chTime(ts)}', ${q(user)}, '11111111-1111-4111-8111-111111111111', NULL, ${q(provider)}, NULL, ${chMap(properties)}, '', '', ${cost}, '${cacheHit ? '22222222-2222-4222-8222-222222222222' : '00000000-0000-0000-0000-000000000000'}', false, '${chTime(updated)}')`;
    if (rnd() < 0.2) values.push(value(prompt + 11, ts));
    values.push(value(prompt, ts + 5000));
    exported.push({
      request_id: id,
      request_created_at: iso(ts),
      response_status: status,
      model,
      provider,
      prompt_tokens: prompt,
      completion_tokens: completion,
      reasoning_tokens: reasoning,
      prompt_cache_read_tokens: reads,
      prompt_cache_write_tokens: writes,
      cost: cost / 1e9,
      request_user_id: user,
      cache_reference_id: cacheHit ? '22222222-2222-4222-8222-222222222222' : '00000000-0000-0000-0000-000000000000',
      request_properties: properties,
    });
  }
  const inserts: string[] = [];
  for (let i = 0; i < values.length; i += 500) inserts.push(`INSERT INTO request_response_rmt VALUES ${values.slice(i, i + 500).join(',')}`);
  return { exported, inserts };
}
