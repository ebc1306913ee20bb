import { describe, expect, it } from 'vitest';
import { describeJsonError, jsonErrorPlace } from '../../src/util/json-error.js';

function placeOf(text: string) {
  try {
    JSON.parse(text);
  } catch (err) {
    return jsonErrorPlace(err, text);
  }
  throw new Error('the text parsed');
}

describe('jsonErrorPlace', () => {
  it('names the line and column of the first unreadable character, not the engine message', () => {
    // Line 3 is ` 2 x]}`: the x is its 4th character.
    const place = placeOf('{\n "a": [1,\n 2 x]}');
    expect(place).toEqual({ line: 3, column: 4, truncated: false });
    expect(describeJsonError(place)).toBe('unreadable at column 4');
  });

  it('tells a cut-off value apart, and never quotes the input', () => {
    const text = '{"id":"x","api_key":"sk-live-1234567890';
    const place = placeOf(text);
    expect(place.truncated).toBe(true);
    expect(describeJsonError(place)).toBe('cut off before the value ends');
    expect(placeOf('{"a":').truncated).toBe(true);
  });
});
