import { guardJson, guardMarkdown, guardText, guardXml, termText } from '../report/escape.js';

/**
 * What a command writes, by medium. Renderers escape the values they place; this is the last guard before
 * stdout and stderr, so that nothing from a log, a config or a file name acts on a terminal or a CI log.
 */
export type Medium = 'text' | 'json' | 'markdown' | 'csv' | 'xml' | 'annotations';

export function guardOutput(text: string, medium: Medium, opts: { colors?: boolean } = {}): string {
  switch (medium) {
    case 'json':
      return guardJson(text);
    case 'markdown':
      return guardMarkdown(text);
    case 'xml':
      return guardXml(text);
    case 'annotations':
      // Lines that are our own workflow commands keep their leading `::`; their data was escaped as GitHub documents.
      return guardText(text, { keepLineCommands: true });
    default:
      return guardText(text, opts);
  }
}

export function writeOut(text: string, medium: Medium, opts: { colors?: boolean } = {}): void {
  process.stdout.write(guardOutput(text, medium, opts));
}

/** The medium of a report format name. */
export function mediumOf(format: string): Medium {
  if (format === 'json') return 'json';
  if (format === 'markdown' || format === 'github-comment') return 'markdown';
  if (format === 'csv') return 'csv';
  if (format === 'junit') return 'xml';
  if (format === 'github') return 'annotations';
  return 'text';
}

/** One line on stderr: a message is one line, whatever its values hold. */
export function writeErrLine(prefix: string, message: string): void {
  process.stderr.write(`${prefix}${termText(message)}\n`);
}

/** A warning on stderr: one line, whatever the values in it hold (file names, budget names, log text). */
export function warn(message: string): void {
  process.stderr.write(`warning: ${termText(message)}\n`);
}
