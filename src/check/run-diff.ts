import { realpathSync } from 'node:fs';
import type { Catalog } from '../catalog/catalog.js';
import type { DiffBudget } from './budget-types.js';
import { diffResult, type FileVersions } from './diff.js';
import { baseCommit, filesAt, readAt, repoRoot } from './git.js';
import type { Volume } from './prompt.js';
import { displayPath } from '../util/files.js';
import { filePatterns, findFiles, matches } from './prompt-files.js';
import type { BudgetResult, Location } from './result-types.js';
import { modelSetup, readBudgetPrompt, volumeOf } from './run-prompts.js';
import type { TokenCounts } from './tokenizer.js';

export interface DiffRunOptions {
  ref: string;
  /** The config file's folder (real path): globs are relative to it. */
  baseDir: string;
  cwd: string;
  catalog: Catalog;
  configFile: string | null;
  logged: Map<string, Volume>;
  counts: TokenCounts;
  location: (b: DiffBudget) => Location | null;
}

/**
 * Compares each diff budget's prompt files on disk (uncommitted edits included) with their version at the
 * merge base of --base and HEAD. The base's tree is listed once and every base file read in one git call.
 */
export async function runDiffBudgets(
  diffs: DiffBudget[],
  o: DiffRunOptions,
): Promise<{ results: BudgetResult[]; base: { ref: string; commit: string }; warnings: string[] }> {
  const root = realpathSync(repoRoot(o.baseDir));
  const { commit, mergeBase } = baseCommit(root, o.ref);
  const warnings = mergeBase ? [] : [`${o.ref} and HEAD share no history: prompt files are compared with ${o.ref} itself.`];
  const base = { ref: o.ref, commit };
  const tree = filesAt(root, commit);
  const plans = diffs.map((b) => {
    const patterns = filePatterns(b.files, o.baseDir);
    return { b, head: findFiles(patterns), atBase: tree.filter((p) => matches(patterns, `${root}/${p}`)) };
  });
  const baseTexts = readAt(root, commit, [...new Set(plans.flatMap((p) => p.atBase))]);
  const results: BudgetResult[] = [];
  for (const { b, head, atBase } of plans) {
    const setup = await modelSetup(b, o.catalog, o.configFile);
    const versions = new Map<string, FileVersions>();
    const version = (path: string) => {
      let v = versions.get(path);
      if (!v) versions.set(path, (v = { path, display: displayPath(path, o.cwd), base: null, head: null }));
      return v;
    };
    for (const rel of atBase) {
      const text = baseTexts.get(rel)!;
      version(`${root}/${rel}`).base = { text, tokens: o.counts.count(setup.tokenizer, `${commit}:${rel}`, () => text) };
    }
    for (const path of head) {
      const text = readBudgetPrompt(path);
      const v = version(path);
      // Most files of a pull request are unchanged: their count at the base stands.
      v.head = { text, tokens: v.base?.text === text ? v.base.tokens : o.counts.count(setup.tokenizer, path, () => text) };
    }
    const files = [...versions.values()].sort((x, y) => (x.display < y.display ? -1 : x.display > y.display ? 1 : 0));
    results.push(diffResult(b, files, base, setup.priced, setup.tokenizer, volumeOf(b, o.logged), o.location(b)));
  }
  return { results, base, warnings };
}
