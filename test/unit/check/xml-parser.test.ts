import { describe, expect, it } from 'vitest';
import { parseXml } from '../../cli/check/xml.js';

// The test parser the JUnit output is read back with must itself refuse what is not XML.
describe("the tests' XML parser", () => {
  it('reads elements, attributes, text and entities', () => {
    const root = parseXml('<?xml version="1.0"?>\n<a x="1 &amp; &#10;2"><b/>t &lt;&#x41;<c>d</c></a>\n');
    expect(root).toEqual({
      name: 'a',
      attrs: { x: '1 & \n2' },
      text: 't <A',
      children: [
        { name: 'b', attrs: {}, children: [], text: '' },
        { name: 'c', attrs: {}, children: [], text: 'd' },
      ],
    });
  });

  it('refuses malformed documents', () => {
    for (const bad of ['<a>', '<a></b>', '<a>x & y</a>', '<a x="1" x="2"/>', '<a/><b/>', '<a>\u0001</a>', '<a x=1/>', '<a>&nbsp;</a>']) {
      expect(() => parseXml(bad), bad).toThrow();
    }
  });
});
