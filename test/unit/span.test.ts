import { describe, expect, it } from 'vitest';
import { resolveSpan } from '../../src/util/span.js';

// 2025-06-18 is a Wednesday; 23:30 UTC is already 2025-06-19 in Berlin (UTC+2 in summer).
const NOW = Date.parse('2025-06-18T23:30:00Z');

describe('--since/--until spans', () => {
  it('reads dates as themselves', () => {
    expect(resolveSpan('2025-02-28', '--since', 'UTC', NOW)).toEqual({ first: '2025-02-28', last: '2025-02-28' });
    expect(() => resolveSpan('2025-02-30', '--since', 'UTC', NOW)).toThrow(/--since "2025-02-30" is not a date/);
  });

  it('counts Nd and Nw back from today, today included', () => {
    expect(resolveSpan('7d', '--since', 'UTC', NOW)).toEqual({ first: '2025-06-12', last: '2025-06-18' });
    expect(resolveSpan('30d', '--since', 'UTC', NOW).first).toBe('2025-05-20');
    expect(resolveSpan('2w', '--since', 'UTC', NOW).first).toBe('2025-06-05');
    expect(resolveSpan('1d', '--since', 'UTC', NOW)).toEqual({ first: '2025-06-18', last: '2025-06-18' });
  });

  it('takes "today" in the report time zone', () => {
    expect(resolveSpan('today', '--since', 'Europe/Berlin', NOW).first).toBe('2025-06-19');
    expect(resolveSpan('yesterday', '--until', 'UTC', NOW).last).toBe('2025-06-17');
  });

  it('knows calendar weeks (Monday first) and months', () => {
    expect(resolveSpan('this-week', '--since', 'UTC', NOW)).toEqual({ first: '2025-06-16', last: '2025-06-22' });
    expect(resolveSpan('last-week', '--since', 'UTC', NOW)).toEqual({ first: '2025-06-09', last: '2025-06-15' });
    expect(resolveSpan('this-month', '--since', 'UTC', NOW)).toEqual({ first: '2025-06-01', last: '2025-06-30' });
    expect(resolveSpan('last-month', '--since', 'UTC', NOW)).toEqual({ first: '2025-05-01', last: '2025-05-31' });
    expect(resolveSpan('this-month', '--since', 'UTC', Date.parse('2024-12-05T00:00:00Z')).last).toBe('2024-12-31');
    expect(resolveSpan('last-month', '--since', 'UTC', Date.parse('2025-03-10T00:00:00Z'))).toEqual({ first: '2025-02-01', last: '2025-02-28' });
  });

  it('refuses anything else with the forms it accepts', () => {
    expect(() => resolveSpan('last-year', '--until', 'UTC', NOW)).toThrow(/--until "last-year" is not a date or span: use YYYY-MM-DD, Nd/);
    expect(() => resolveSpan('0d', '--since', 'UTC', NOW)).toThrow(/empty span/);
  });
});
