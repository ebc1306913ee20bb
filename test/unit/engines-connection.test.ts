import { describe, expect, it } from 'vitest';
import { connectionLabel, isEngineArgument, parseWindow, resolveConnection, scrub, validateConnections } from '../../src/engines/connection.js';

describe('database connections', () => {
  it('tells databases from files', () => {
    expect(['postgres://h/db', 'postgresql://h', 'clickhouse://h:8123/x', 'clickhouses://h', 'env:DATABASE_URL'].every(isEngineArgument)).toBe(true);
    expect(['logs/a.jsonl', 'postgres.jsonl', 'env:', 'http://x', './env:X'].some(isEngineArgument)).toBe(false);
  });

  it('takes the password from the URL, else the environment, and labels the connection without credentials', () => {
    const warnings: string[] = [];
    const c = resolveConnection('postgres://reader:s3cr%40t@db.example:6543/litellm?sslmode=require&password=x', {}, { warn: (w) => warnings.push(w) });
    expect(c).toMatchObject({ kind: 'postgres', user: 'reader', password: 's3cr@t', host: 'db.example', port: 6543, database: 'litellm', secure: true });
    expect(c.params.get('password')).toBeNull();
    expect(warnings[0]).toMatch(/password is written in the connection URL/);
    expect(connectionLabel(c, 'LiteLLM_SpendLogs')).toBe('postgres://db.example:6543/litellm/LiteLLM_SpendLogs');
    const ch = resolveConnection('clickhouses://ch.example/langfuse', { CLICKHOUSE_PASSWORD: 'pw' });
    expect(ch).toMatchObject({ kind: 'clickhouse', user: 'default', password: 'pw', port: 8443, secure: true });
    const fromEnv = resolveConnection(
      'env:LITELLM_DATABASE_URL',
      { LITELLM_DATABASE_URL: 'postgresql://u:p@h/d', PGPASSWORD: 'other' },
      { warn: (w) => warnings.push(w) },
    );
    expect(fromEnv.password).toBe('p');
    expect(warnings).toHaveLength(1);
    expect(resolveConnection({ url: 'postgres://u@h/d', passwordEnv: 'MY_PW', lateWindow: '2h' }, { MY_PW: 'x' })).toMatchObject({
      password: 'x',
      lateWindowMs: 7_200_000,
    });
  });

  it('says what is wrong in one sentence', () => {
    expect(() => resolveConnection('env:NOPE', {})).toThrow(/NOPE is not set/);
    expect(() => resolveConnection('mysql://h/d' as string, {})).toThrow(/postgres:\/\/ \(LiteLLM\) or clickhouse/);
    expect(() => resolveConnection('clickhouse://h/d', {}, { product: 'litellm' })).toThrow(/--product litellm is not read from ClickHouse/);
    expect(() => parseWindow('soon', '--late-window')).toThrow(/90m, 2h or 1d/);
    expect(parseWindow('90m', 'x')).toBe(5_400_000);
  });

  it('scrubs passwords from messages, raw or URL-encoded', () => {
    expect(scrub('connect postgres://u:p%40ss@h/d failed for p@ss', 'p@ss')).toBe('connect postgres://u:***@h/d failed for ***');
  });

  it('checks config entries and refuses a password written in the config', () => {
    const errors: string[] = [];
    const out = validateConnections({ a: 'postgres://u@h/d', b: { url: 'clickhouse://u:pw@h/d' }, c: { url: 'x', colour: 1 }, d: 3 }, 'cfg.yaml', errors);
    expect(out?.['a']).toEqual({ url: 'postgres://u@h/d' });
    expect(errors.join('\n')).toMatch(/connections\.b\.url holds a password/);
    expect(errors.join('\n')).toMatch(/connections\.c\.colour is not a connection setting/);
    expect(errors.join('\n')).toMatch(/connections\.d must be a URL/);
  });
});
