import type { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import { allCommands } from '../../src/commands/flag-language.js';
import { buildProgram } from '../../src/cli/program.js';
import { FILE_FORMAT_NAMES, FORMAT_NAMES, formatsOf, type DocumentKind } from '../../src/report/format-names.js';
import { render, RENDERERS } from '../../src/report/registry.js';

const kinds = Object.keys(FORMAT_NAMES) as DocumentKind[];

describe('report formats', () => {
  it('every document has a renderer for each of its format names, and none besides', () => {
    expect(Object.keys(RENDERERS).sort()).toEqual([...kinds].sort());
    for (const kind of kinds) {
      const extra: readonly string[] = (FILE_FORMAT_NAMES as Partial<Record<DocumentKind, readonly string[]>>)[kind] ?? [];
      expect(Object.keys(RENDERERS[kind]).sort(), kind).toEqual([...FORMAT_NAMES[kind], ...extra].sort());
    }
  });

  it("the commands' --format choices are their documents' format names, the default first", async () => {
    const choices = new Map<string, { choices: readonly string[] | undefined; default: unknown }>();
    const path = (c: Command): string => (c.parent?.parent ? `${path(c.parent)} ${c.name()}` : c.name());
    for (const cmd of allCommands(await buildProgram())) {
      const format = cmd.options.find((o) => o.long === '--format');
      if (format) choices.set(path(cmd), { choices: format.argChoices, default: format.defaultValue });
    }
    // `compress` renders its file report or, with --top, the templates report: its choices are both documents'.
    const documents: [string, DocumentKind, DocumentKind?][] = [
      ['audit', 'audit'],
      ['simulate', 'simulate'],
      ['check', 'check'],
      ['tokens', 'tokens'],
      ['compress', 'compress', 'compressTop'],
      ['compare', 'compare'],
      ['catalog list', 'catalogList'],
      ['catalog show', 'catalogModel'],
      ['daily', 'agentView'],
      ['weekly', 'agentView'],
      ['monthly', 'agentView'],
      ['session', 'agentView'],
      ['blocks', 'agentView'],
      ['db show', 'dbInventory'],
      ['db forget', 'dbForget'],
    ];
    for (const [command, kind, also] of documents) {
      const names = [...new Set([...formatsOf(kind), ...(also ? formatsOf(also) : [])])];
      expect(choices.get(command), command).toEqual({ choices: names, default: formatsOf(kind)[0] });
    }
  });

  it('renders a document by kind and format name', () => {
    expect(render('dbForget', 'json', { sources: [], removedRecords: 0, keptRecords: 0, paths: [] })).toBe(
      '{\n  "sources": [],\n  "removedRecords": 0,\n  "keptRecords": 0,\n  "paths": []\n}\n',
    );
    expect(render('dbForget', 'table', { sources: [{ id: 3, file: 'a.csv' }], removedRecords: 2, keptRecords: 1, paths: ['a.csv'] })).toBe(
      'Forgot source 3 (a.csv): 2 records removed, 1 kept because another source holds them.\n',
    );
  });
});
