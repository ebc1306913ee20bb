/** Budgets as the config declares them, after validation (README "llmcost check"). */

export const BUDGET_KINDS = ['spend', 'prompt', 'diff'] as const;
export type BudgetKind = (typeof BUDGET_KINDS)[number];

/** Record attributes a spend budget can be scoped to or split by. */
export const SPEND_ATTRIBUTES = ['model', 'provider', 'project', 'feature', 'tag', 'user'] as const;
export type SpendAttribute = (typeof SPEND_ATTRIBUTES)[number];

export const PROMPT_METRICS = ['tokens', 'callCost', 'monthlyCost'] as const;
export type PromptMetric = (typeof PROMPT_METRICS)[number];
export const DIFF_METRICS = ['tokens', 'monthlyCost'] as const;
export type DiffMetric = (typeof DIFF_METRICS)[number];

/** A warn or fail threshold: an amount in the budget's unit, or (diff budgets only) a percent increase. */
export interface Level {
  value: number;
  percent: boolean;
}

/** The current calendar day, ISO week (Monday first) or month, or the last N days with today. */
export type Period = { unit: 'day' | 'week' | 'month' } | { unit: 'days'; days: number };

interface BudgetBase {
  name: string;
  /** Position in the config's `budgets` list (for the config line in annotations). */
  index: number;
  warn: Level | null;
  fail: Level | null;
}

export interface SpendBudget extends BudgetBase {
  kind: 'spend';
  period: Period;
  /** Every listed attribute must match; a list of values matches any of them. */
  scope: Partial<Record<SpendAttribute, string[]>>;
  /** One figure per value of this attribute instead of one for the whole scope. */
  per: SpendAttribute | null;
  /** Gate the projected end-of-period figure instead of the spend so far. */
  projected: boolean;
}

/** What prompt and diff budgets know about the prompt files they name. */
export interface PromptTarget {
  /** Globs, relative to the config file's folder. */
  files: string[];
  /** The model the prompts are sent to: picks the tokenizer and the prices. */
  model: string | null;
  /** Expected output tokens per call (priced at the model's output rate). */
  outputTokens: number;
  /** Declared call volume (`callsPerDay` × 30, or `callsPerMonth`); wins over the logged volume. */
  callsPerMonth: number | null;
  /** The feature that sends these prompts: its logged requests give the volume when none is declared. */
  feature: string | null;
}

export interface PromptBudget extends BudgetBase, PromptTarget {
  kind: 'prompt';
  metric: PromptMetric;
}

export interface DiffBudget extends BudgetBase, PromptTarget {
  kind: 'diff';
  metric: DiffMetric;
  /** Gate the change of all files together, or of each file. */
  per: 'total' | 'file';
}

export type Budget = SpendBudget | PromptBudget | DiffBudget;

export function periodLabel(p: Period): string {
  return p.unit === 'days' ? `${p.days}d` : p.unit;
}
