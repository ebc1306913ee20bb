/** What `llmcost check` found: the data every renderer (table, json, markdown, junit, github, github-comment) turns into text. */
import type { BudgetKind } from './budget-types.js';

export type Status = 'pass' | 'warn' | 'fail' | 'skipped';
export type Unit = 'usd' | 'tokens';

/** A level as the config wrote it: an amount, or a percent increase such as "10%". */
export type LevelValue = number | string;

/** Where an annotation points: a prompt file or the budget's entry in the config. */
export interface Location {
  file: string;
  line: number | null;
}

/** One gated figure of a budget: the whole scope, one group of `per`, one prompt file, or a diff total. */
export interface Check {
  subject: string;
  status: Status;
  /** The figure compared with the levels, in the budget's unit (null when nothing could be measured). */
  value: number | null;
  /** For diff budgets: the change in percent of the base figure (null for a new file or an empty base). */
  percent: number | null;
  /** The level it broke (null when it passes), as written in the config. */
  broke: LevelValue | null;
  /** How far over that level: value ÷ level (for ranking annotations; Infinity over a level of 0). */
  overBy: number | null;
  /** One plain-English sentence. */
  message: string;
  location: Location | null;
  detail: SpendDetail | PromptDetail | DiffTotal | DiffFile;
}

export interface SpendDetail {
  type: 'spend';
  spentUsd: number;
  projectedUsd: number;
  rateUsdPerDay: number;
  requests: number;
  unpricedRequests: number;
}

export interface PromptDetail {
  type: 'prompt';
  file: string;
  tokens: number;
  encoding: string;
  /** True when the model's tokenizer is not public and o200k_base stood in for it. */
  estimate: boolean;
  model: string | null;
  modelId: string | null;
  callUsd: number | null;
  callsPerMonth: number | null;
  volume: 'declared' | 'logged' | null;
  monthlyUsd: number | null;
}

export type FileChange = 'changed' | 'new' | 'deleted' | 'unchanged';

/** One prompt file against its version at the base commit. */
export interface DiffFile {
  type: 'diff-file';
  file: string;
  change: FileChange;
  baseTokens: number;
  headTokens: number;
  tokenChange: number;
  /** Percent of the base (null when the file is new). */
  tokenPercent: number | null;
  baseMonthlyUsd: number | null;
  headMonthlyUsd: number | null;
  monthlyUsdChange: number | null;
  monthlyPercent: number | null;
  /** First line that differs from the base (1 for a new file, null for deleted or unchanged ones). */
  firstChangedLine: number | null;
}

export interface DiffTotal {
  type: 'diff-total';
  files: number;
  baseTokens: number;
  headTokens: number;
  tokenChange: number;
  tokenPercent: number | null;
  baseMonthlyUsd: number | null;
  headMonthlyUsd: number | null;
  monthlyUsdChange: number | null;
  monthlyPercent: number | null;
}

export interface SpendInfo {
  period: string;
  /** Calendar days covered (in the report's time zone); first is null for "since the history began". */
  first: string | null;
  last: string;
  scope: Record<string, string[]>;
  per: string | null;
  projected: boolean;
  projection: { asOf: string; rateFrom: string; rateDays: number; remainingDays: number };
}

export interface PromptInfo {
  /** The budget's globs, as written. */
  globs: string[];
  model: string | null;
  modelId: string | null;
  encoding: string;
  estimate: boolean;
  outputTokens: number;
  callsPerMonth: number | null;
  volume: 'declared' | 'logged' | null;
  feature: string | null;
}

export interface DiffInfo extends PromptInfo {
  per: 'total' | 'file';
  base: { ref: string; commit: string } | null;
  files: DiffFile[];
  total: DiffTotal | null;
}

export interface BudgetResult {
  name: string;
  kind: BudgetKind;
  /** usd for spend, else the metric: tokens, callCost, monthlyCost. */
  metric: string;
  unit: Unit;
  status: Status;
  warn: LevelValue | null;
  fail: LevelValue | null;
  /** The budget's worst check in one sentence (or why it was skipped). */
  message: string;
  /** The budget's entry in the config file. */
  location: Location | null;
  checks: Check[];
  spend?: SpendInfo;
  prompt?: PromptInfo;
  diff?: DiffInfo;
}

export interface CheckReport {
  status: 'pass' | 'warn' | 'fail';
  /** The exit code the command ends with (0, or 3 when a fail level broke and --warn-only is not given). */
  exitCode: number;
  warnOnly: boolean;
  now: string;
  tz: string;
  config: string | null;
  base: { ref: string; commit: string } | null;
  summary: { budgets: number; pass: number; warn: number; fail: number; skipped: number };
  budgets: BudgetResult[];
  warnings: string[];
}
