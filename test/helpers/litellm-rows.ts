/**
 * Deterministic LiteLLM_SpendLogs rows as the proxy writes them (column names as in its Prisma schema), covering
 * what the spend-log reading distinguishes: OpenAI cached prompts, Anthropic cache writes with and without the
 * 1-hour split, the 2025 releases that left writes out of prompt_tokens, reasoning, LiteLLM cache hits, failed
 * requests, batch-job rows, long prompts priced at long-context rates, tags, team aliases and key aliases.
 */
export function litellmRows(n: number, startMs: number, seed = 7): Record<string, unknown>[] {
  let s = seed >>> 0;
  const rnd = () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
  const pick = <T>(xs: T[]): T => xs[Math.floor(rnd() * xs.length)]!;
  const int = (lo: number, hi: number) => lo + Math.floor(rnd() * (hi - lo + 1));
  const rows: Record<string, unknown>[] = [];
  const teams = [
    { id: 'team-a1', alias: 'search' },
    { id: 'team-b2', alias: 'support' },
    { id: 'team-c3', alias: null },
  ];
  const keys = [
    { hash: '88dc28d0f030c55ed4ab77ed8faf098196cb1c05df778539800c9f1243fe6b4b', alias: 'prod-key' },
    { hash: '1f3870be274f6c49b3e31a0c6728957f6cb5a1e6a9ab1b1e1d4c1e3f4a5b6c7d', alias: null },
  ];
  for (let i = 0; i < n; i++) {
    const ts = startMs + Math.floor(rnd() * 3 * 86_400_000);
    const team = pick(teams);
    const key = pick(keys);
    const user = pick(['user-ann', 'user-bo', '', 'user-cai']);
    const tags = pick([[], ['prod'], ['prod', 'chat'], ['eval']]);
    const kind = rnd();
    const meta: Record<string, unknown> = {
      user_api_key: key.hash,
      user_api_key_alias: key.alias,
      user_api_key_team_id: team.id,
      user_api_key_team_alias: team.alias,
      user_api_key_user_id: user || null,
      usage_object: null,
      status: 'success',
    };
    const row: Record<string, unknown> = {
      request_id: `req-${seed}-${i}`,
      call_type: 'acompletion',
      api_key: key.hash,
      spend: 0,
      total_tokens: 0,
      prompt_tokens: 0,
      completion_tokens: 0,
      startTime: new Date(ts).toISOString(),
      endTime: new Date(ts + 2000).toISOString(),
      model: '',
      model_group: '',
      custom_llm_provider: '',
      user,
      metadata: meta,
      cache_hit: 'False',
      cache_key: 'Cache OFF',
      request_tags: tags,
      team_id: team.id,
      end_user: '',
      status: 'success',
      messages: { content: 'never read' },
      response: {},
    };
    let prompt = 0;
    let completion = 0;
    if (kind < 0.35) {
      // OpenAI with cached prompts and reasoning.
      const model = pick(['gpt-4o-mini', 'gpt-4o', 'o4-mini']);
      prompt = int(200, 30_000);
      const cached = rnd() < 0.5 ? Math.floor(prompt * rnd() * 0.8) : 0;
      completion = int(10, 3000);
      const reasoning = model === 'o4-mini' ? Math.floor(completion * 0.6) : 0;
      Object.assign(row, { model, model_group: model, custom_llm_provider: 'openai', request_id: rnd() < 0.5 ? `chatcmpl-${seed}x${i}` : row['request_id'] });
      meta['usage_object'] = {
        prompt_tokens: prompt,
        completion_tokens: completion,
        prompt_tokens_details: { cached_tokens: cached },
        completion_tokens_details: { reasoning_tokens: reasoning },
      };
    } else if (kind < 0.6) {
      // Anthropic: prompt_tokens include reads and writes; some rows split the writes by TTL.
      const model = pick(['claude-sonnet-4-5-20250929', 'claude-haiku-4-5']);
      const input = int(10, 5000);
      const reads = rnd() < 0.6 ? int(1000, 40_000) : 0;
      const writes = rnd() < 0.4 ? int(500, 8000) : 0;
      const w1h = writes > 0 && rnd() < 0.3 ? Math.floor(writes / 2) : 0;
      const oldRelease = rnd() < 0.15 && writes > 0;
      prompt = input + reads + (oldRelease ? 0 : writes);
      completion = int(20, 2000);
      Object.assign(row, { model, model_group: 'claude', custom_llm_provider: 'anthropic' });
      meta['usage_object'] = {
        prompt_tokens: prompt,
        completion_tokens: completion,
        cache_read_input_tokens: reads,
        cache_creation_input_tokens: writes,
        ...(w1h ? { cache_creation: { ephemeral_5m_input_tokens: writes - w1h, ephemeral_1h_input_tokens: w1h } } : {}),
      };
    } else if (kind < 0.7) {
      // Gemini 2.5 Pro, some prompts above its 200K long-context threshold.
      prompt = rnd() < 0.4 ? int(200_001, 400_000) : int(1000, 150_000);
      completion = int(100, 4000);
      Object.assign(row, { model: 'gemini-2.5-pro', model_group: 'pro', custom_llm_provider: 'gemini' });
    } else if (kind < 0.78) {
      // LiteLLM cache hit: no provider call.
      Object.assign(row, { model: 'gpt-4o-mini', model_group: 'fast', custom_llm_provider: 'openai', cache_hit: 'True' });
      prompt = 500;
      completion = 40;
    } else if (kind < 0.84) {
      // Failed request.
      Object.assign(row, { model: 'gpt-4o', custom_llm_provider: 'openai', status: 'failure' });
      meta['status'] = 'failure';
      meta['error_information'] = { error_code: '429', error_class: 'RateLimitError', error_message: 'slow down' };
    } else if (kind < 0.87) {
      // A batch job's usage, logged on retrieval.
      Object.assign(row, { model: 'gpt-4o-mini', custom_llm_provider: 'openai', call_type: 'aretrieve_batch' });
      prompt = int(10_000, 90_000);
      completion = int(1000, 9000);
    } else if (kind < 0.9) {
      // The model only in model_group (a router alias), tags as text.
      Object.assign(row, { model: '', model_group: 'gpt-4.1-mini', custom_llm_provider: 'openai', request_tags: 'batch-eval;nightly' });
      prompt = int(100, 9000);
      completion = int(10, 900);
    } else {
      // An unpriced fine-tune.
      Object.assign(row, { model: 'ft:gpt-4o-mini:acme::x1', custom_llm_provider: 'openai' });
      prompt = int(100, 3000);
      completion = int(10, 300);
    }
    Object.assign(row, {
      prompt_tokens: prompt,
      completion_tokens: completion,
      total_tokens: prompt + completion,
      spend: Math.round((prompt * 0.3 + completion * 1.2) * 1000) / 1e12,
    });
    rows.push(row);
  }
  return rows;
}
