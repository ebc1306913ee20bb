/**
 * The grouping ("grain") of a usage-report bucket, read back from its key. The same period fetched at two
 * groupings (`group_by=model` and `group_by=model,project`) holds the same usage twice under different keys:
 * ingest compares grains per period and refuses the second grouping rather than count the period twice.
 */
export interface BucketGrain {
  /** The report and period, e.g. "openai-usage:1717200000:1717286400". */
  period: string;
  /** The group fields this bucket's key has a value for. */
  fields: string[];
}

interface Family {
  prefix: string;
  /** Splits the key after the prefix into the period part and the group values. */
  split(rest: string): { period: string; values: string[] } | undefined;
  fields: readonly string[];
}

const OPENAI_USAGE_FIELDS = ['model', 'project_id', 'user_id', 'api_key_id', 'batch', 'service_tier'] as const;
const ANTHROPIC_USAGE_FIELDS = [
  'model',
  'workspace_id',
  'api_key_id',
  'account_id',
  'service_account_id',
  'service_tier',
  'context_window',
  'inference_geo',
  'speed',
] as const;
const ANTHROPIC_COST_FIELDS = [
  'workspace_id',
  'description',
  'cost_type',
  'model',
  'token_type',
  'service_tier',
  'context_window',
  'inference_geo',
  'speed',
] as const;

/** `<start>:<end>:<model>:<5 fields>`: the model may hold colons (fine-tuned names), the five others never do. */
function splitOpenAIUsage(rest: string): { period: string; values: string[] } | undefined {
  const m = /^([\d.]+:[\d.]*):(.*)$/.exec(rest);
  if (!m) return undefined;
  const parts = m[2]!.split(':');
  const others = OPENAI_USAGE_FIELDS.length - 1;
  if (parts.length < others + 1) return undefined;
  return { period: m[1]!, values: [parts.slice(0, parts.length - others).join(':'), ...parts.slice(parts.length - others)] };
}

/** `<ISO start>:<ISO end>:<fields...>`: ISO instants are 24 characters long. */
function splitAnthropic(count: number) {
  return (rest: string): { period: string; values: string[] } | undefined => {
    const m = /^(.{24}:(?:.{24})?):(.*)$/.exec(rest);
    if (!m) return undefined;
    const values = m[2]!.split(':');
    return values.length === count ? { period: m[1]!, values } : undefined;
  };
}

const FAMILIES: Family[] = [
  { prefix: 'openai-usage:', split: splitOpenAIUsage, fields: OPENAI_USAGE_FIELDS },
  { prefix: 'anthropic-usage:', split: splitAnthropic(ANTHROPIC_USAGE_FIELDS.length), fields: ANTHROPIC_USAGE_FIELDS },
  { prefix: 'anthropic-cost:', split: splitAnthropic(ANTHROPIC_COST_FIELDS.length), fields: ANTHROPIC_COST_FIELDS },
];

/** The grain of a bucket key, or undefined when the key is not a usage-report bucket. */
export function bucketGrain(id: string): BucketGrain | undefined {
  for (const f of FAMILIES) {
    if (!id.startsWith(f.prefix)) continue;
    const parts = f.split(id.slice(f.prefix.length));
    if (!parts) return undefined;
    return { period: `${f.prefix}${parts.period}`, fields: f.fields.filter((_, i) => parts.values[i] !== '') };
  }
  return undefined;
}

/** The key prefixes of the report families whose grain is checked. */
export const GRAIN_PREFIXES = FAMILIES.map((f) => f.prefix);

/** Collects, per period, the union of the group fields of the buckets of one file. */
export class GrainTracker {
  readonly periods = new Map<string, { fields: Set<string>; start: number }>();

  add(id: string, ts: number): void {
    const g = bucketGrain(id);
    if (!g) return;
    let p = this.periods.get(g.period);
    if (!p) this.periods.set(g.period, (p = { fields: new Set(), start: ts }));
    for (const f of g.fields) p.fields.add(f);
  }
}

export function describeGrain(fields: Iterable<string>): string {
  const list = [...fields];
  return list.length === 0 ? 'no field (totals)' : list.join(',');
}
