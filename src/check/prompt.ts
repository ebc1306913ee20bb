import { int, usd } from '../util/numbers.js';
import type { PromptBudget, PromptTarget } from './budget-types.js';
import { judge, levelValue } from './levels.js';
import type { BudgetResult, Check, Location, PromptInfo, Unit } from './result-types.js';
import { summarize } from './summarize.js';

/** The model a prompt budget names, as the catalog prices it (rates in USD per 1M tokens). */
export interface PricedModel {
  model: string;
  modelId: string | null;
  inputRate: number;
  outputRate: number;
}

/** Calls per month, and where that figure came from. */
export interface Volume {
  callsPerMonth: number | null;
  source: 'declared' | 'logged' | null;
  /** For a logged volume: the feature's requests over the days averaged. */
  loggedRequests?: number;
  loggedDays?: number;
}

export interface CountedFile {
  /** Absolute path (annotation and identity) and the path reports show. */
  path: string;
  display: string;
  tokens: number;
}

export interface TokenizerInfo {
  encoding: string;
  estimate: boolean;
}

/** Dollars of one call whose prompt is `tokens` long: the prompt at the input rate, the expected output at the output rate. */
export function callUsd(tokens: number, target: Pick<PromptTarget, 'outputTokens'>, model: PricedModel): number {
  return monthlyUsd(tokens, target, model, 1);
}

/** Dollars of `calls` such calls; multiplied before the one division by 1e6 so round figures stay exact. */
export function monthlyUsd(tokens: number, target: Pick<PromptTarget, 'outputTokens'>, model: PricedModel, calls: number): number {
  return ((tokens * model.inputRate + target.outputTokens * model.outputRate) * calls) / 1e6;
}

function tokensPhrase(tokens: number, tok: TokenizerInfo, model: string | null): string {
  const count = tok.estimate ? `about ${int(tokens)} tokens (${tok.encoding} estimate)` : `${int(tokens)} tokens`;
  return model ? `${count} on ${model}` : count;
}

export function volumePhrase(v: Volume, feature: string | null): string {
  return v.source === 'logged'
    ? `${int(Math.round(v.callsPerMonth ?? 0))} calls a month logged by ${feature}`
    : `${int(v.callsPerMonth ?? 0)} calls a month, as declared`;
}

export function promptInfo(b: PromptTarget, model: PricedModel | null, tok: TokenizerInfo, volume: Volume): PromptInfo {
  return {
    globs: b.files,
    model: b.model,
    modelId: model?.modelId ?? null,
    encoding: tok.encoding,
    estimate: tok.estimate,
    outputTokens: b.outputTokens,
    callsPerMonth: volume.callsPerMonth,
    volume: volume.source,
    feature: b.feature,
  };
}

export function unitOf(metric: string): Unit {
  return metric === 'tokens' ? 'tokens' : 'usd';
}

export function formatAmount(value: number, unit: Unit): string {
  return unit === 'usd' ? usd(value) : int(Math.round(value));
}

function fileCheck(b: PromptBudget, f: CountedFile, model: PricedModel | null, tok: TokenizerInfo, volume: Volume): Check {
  const perCall = model ? callUsd(f.tokens, b, model) : null;
  const monthly = model && volume.callsPerMonth !== null ? monthlyUsd(f.tokens, b, model, volume.callsPerMonth) : null;
  const value = b.metric === 'tokens' ? f.tokens : b.metric === 'callCost' ? perCall : monthly;
  const v = judge(b, value);
  const unit = unitOf(b.metric);
  const verdict = v.status === 'pass' ? 'within its levels' : `over the ${v.status} level of ${formatAmount(Number(v.broke), unit)}`;
  const size = tokensPhrase(f.tokens, tok, b.model);
  let message: string;
  let status = v.status;
  if (b.metric === 'tokens') message = `${f.display} is ${size}, ${verdict}.`;
  else if (b.metric === 'callCost') message = `${f.display} costs ${usd(perCall)} per call (${size} + ${int(b.outputTokens)} output tokens), ${verdict}.`;
  else if (volume.source === 'logged' && volume.callsPerMonth === 0) {
    // No logged traffic: a monthly cost of $0 would pass without having been judged.
    status = 'warn';
    message = `${f.display}: the feature ${b.feature} logged no requests in the ${volume.loggedDays} days before today, so its monthly cost cannot be judged (declare callsPerDay, or ingest its usage).`;
  } else message = `${f.display} would cost ${usd(monthly)} a month (${usd(perCall)} per call × ${volumePhrase(volume, b.feature)}), ${verdict}.`;
  return {
    subject: f.display,
    status,
    value,
    percent: null,
    broke: status === v.status ? v.broke : null,
    overBy: status === v.status ? v.overBy : null,
    message,
    location: { file: f.path, line: 1 },
    detail: {
      type: 'prompt',
      file: f.display,
      tokens: f.tokens,
      encoding: tok.encoding,
      estimate: tok.estimate,
      model: b.model,
      modelId: model?.modelId ?? null,
      callUsd: perCall,
      callsPerMonth: volume.callsPerMonth,
      volume: volume.source,
      monthlyUsd: monthly,
    },
  };
}

/** A prompt budget's result: one check per matching file. */
export function promptResult(
  b: PromptBudget,
  files: CountedFile[],
  model: PricedModel | null,
  tok: TokenizerInfo,
  volume: Volume,
  location: Location | null,
): BudgetResult {
  const checks = files.map((f) => fileCheck(b, f, model, tok, volume));
  const summary =
    checks.length === 0
      ? { status: 'warn' as const, message: `No file matches ${b.files.join(', ')}: the budget checks nothing (fix the glob, relative to the config file).` }
      : summarize(checks, '');
  return {
    name: b.name,
    kind: 'prompt',
    metric: b.metric,
    unit: unitOf(b.metric),
    ...summary,
    warn: b.warn ? levelValue(b.warn) : null,
    fail: b.fail ? levelValue(b.fail) : null,
    location,
    checks,
    prompt: promptInfo(b, model, tok, volume),
  };
}
