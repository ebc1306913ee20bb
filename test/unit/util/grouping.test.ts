import { describe, expect, it } from 'vitest';
import { int, usd } from '../../../src/util/numbers.js';

describe('int and usd group digits as en-US does, without Intl', () => {
  it('hand-worked values', () => {
    expect(int(0)).toBe('0');
    expect(int(999)).toBe('999');
    expect(int(1000)).toBe('1,000');
    expect(int(-1234567)).toBe('-1,234,567');
    // Not a whole number: three fraction digits at most, as toLocaleString.
    expect(int(1234.5678)).toBe('1,234.568');
    expect(usd(1234.5)).toBe('$1,234.50');
    // 0.125 is exact in binary: the tie rounds away from zero, to 0.13.
    expect(usd(0.125)).toBe('$0.13');
    expect(usd(-0.125)).toBe('$-0.13');
    expect(usd(1e16)).toBe('$10,000,000,000,000,000.00');
    // Rounded as the decimal that String() prints: 4132138996.395 is stored a hair below .395, yet rounds up
    // (Intl's rule; toFixed would give .39), and 0.995 carries into the dollars.
    expect(usd(4132138996.395)).toBe('$4,132,138,996.40');
    expect(usd(0.995)).toBe('$1.00');
    expect(usd(999999.999)).toBe('$1,000,000.00');
  });

  it('equals toLocaleString over generated values', () => {
    let seed = 7;
    const next = () => {
      seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
      return seed / 4294967296;
    };
    for (let i = 0; i < 20_000; i++) {
      const scale = 10 ** Math.floor(next() * 14);
      const whole = Math.round((next() - 0.3) * scale);
      expect(int(whole)).toBe(whole.toLocaleString('en-US'));
      // Cents and ties (x.xx5) included: dollars with 3 decimals, where half the time the third is a 5.
      const dollars = Math.round((next() - 0.3) * scale) / 100 + (next() < 0.5 ? 0.005 : 0);
      if (Math.abs(dollars) >= 0.01)
        expect(usd(dollars), String(dollars)).toBe(`$${dollars.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`);
    }
  });
});
