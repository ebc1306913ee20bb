import { createHash } from 'node:crypto';
import { describeValue, errorCode, isObj, money, type Obj, pick, plainLabel, rekey, str, tags as splitTags } from '../fields.js';
import { emptyRecord, type UsageRecord } from '../../usage/record.js';
import { parseTimestamp } from '../../util/time.js';
import { AZURE_METER_MODELS, readTokenMeter, tokensPerUnit, type TokenMeter } from './azure-cost-meters.js';
import { defineLineAdapter } from './line-adapter.js';

/**
 * Azure Cost Management cost details ("usage details") CSV, as the portal downloads it or an export writes
 * it: the Enterprise Agreement (and pay-as-you-go) schema with PascalCase headers (`Date`, `MeterName`,
 * `CostInBillingCurrency`, `BillingCurrencyCode` ...) or the Microsoft Customer Agreement schema with
 * camelCase ones (`date`, `meterName`, `costInBillingCurrency`, `billingCurrency`, `costInUsd` ...). One row
 * is one day of one meter on one resource. Headers are matched without regard to case, spaces or underscores.
 */

/** A header as this adapter compares it: lower case, letters and digits only. */
function columnKey(k: string): string {
  return k.toLowerCase().replace(/[^a-z0-9]/g, '');
}

const COLUMNS = {
  date: ['date', 'usagedate'],
  meterName: ['metername'],
  meterId: ['meterid'],
  meterCategory: ['metercategory'],
  meterSubCategory: ['metersubcategory'],
  productName: ['productname', 'product'],
  quantity: ['quantity'],
  unit: ['unitofmeasure'],
  cost: ['costinbillingcurrency', 'pretaxcost', 'cost'],
  costUsd: ['costinusd'],
  currency: ['billingcurrency', 'billingcurrencycode', 'currency'],
  chargeType: ['chargetype'],
  pricingModel: ['pricingmodel'],
  resourceId: ['resourceid', 'instancename', 'instanceid'],
  resourceName: ['resourcename'],
  resourceGroup: ['resourcegroup', 'resourcegroupname'],
  subscription: ['subscriptionname', 'subscriptionid'],
  subscriptionId: ['subscriptionid', 'subscriptionguid'],
  additionalInfo: ['additionalinfo'],
  tags: ['tags'],
} as const;

function detectCostDetails(header: string[]): number {
  const cols = new Set(header.map(columnKey));
  const has = (names: readonly string[]) => names.some((n) => cols.has(n));
  const required = [COLUMNS.date, COLUMNS.meterName, COLUMNS.meterCategory, COLUMNS.quantity, COLUMNS.unit, ['costinbillingcurrency', 'costinusd']];
  return required.every(has) ? 300 : 0;
}

/** Azure OpenAI rows: their meter subcategory, product or category names the service ("Azure OpenAI", "Azure OpenAI GPT5"). */
function isAzureOpenAI(o: Obj): boolean {
  return [COLUMNS.meterSubCategory, COLUMNS.productName, COLUMNS.meterCategory].some((keys) => /^azure openai\b/i.test(str(pick(o, keys)) ?? ''));
}

/** The charge's day: MM/DD/YYYY (as most exports write it) or ISO 8601, at midnight UTC. */
export function readCostDate(v: unknown): number | null {
  const s = str(v);
  if (s === undefined) return null;
  const m = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(s);
  if (!m) return parseTimestamp(s);
  const [month, day, year] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const ms = Date.UTC(year, month - 1, day);
  const d = new Date(ms);
  return d.getUTCMonth() === month - 1 && d.getUTCDate() === day ? ms : null;
}

/** A JSON object cell (AdditionalInfo, Tags), also in the older brace-less form `"k": "v","k2": "v2"`. */
function jsonObject(s: string): Obj | undefined {
  for (const text of s.startsWith('{') ? [s] : [s, `{${s}}`]) {
    try {
      const v: unknown = JSON.parse(text);
      if (isObj(v)) return v;
    } catch {
      // not JSON in this form
    }
  }
  return undefined;
}

/** AdditionalInfo with its keys sorted, so the natural key does not depend on the order an export writes them. */
function canonicalInfo(info: Obj | undefined, raw: string): string {
  if (!info) return raw;
  return JSON.stringify(
    Object.fromEntries(
      Object.keys(info)
        .sort()
        .map((k) => [k, info[k]]),
    ),
  );
}

function deploymentName(info: Obj | undefined): string | null {
  if (!info) return null;
  const key = Object.keys(info).find((k) => columnKey(k) === 'deploymentname');
  return key === undefined ? null : (str(info[key]) ?? null);
}

/** Resource tags as "key:value", plus the resource group and subscription the charge belongs to. */
function readTags(o: Obj): string[] {
  const out: string[] = [];
  const raw = str(pick(o, COLUMNS.tags));
  if (raw !== undefined) {
    const parsed = jsonObject(raw);
    if (parsed) for (const [k, v] of Object.entries(parsed)) out.push(`${k}:${str(v) ?? ''}`);
    else out.push(...splitTags(raw));
  }
  const group = str(pick(o, COLUMNS.resourceGroup));
  if (group) out.push(`resource-group:${group}`);
  const subscription = str(pick(o, COLUMNS.subscription));
  if (subscription) out.push(`subscription:${subscription}`);
  return out;
}

/** The resource's own name: the last segment of its ARM id ("…/accounts/contoso-openai"), or ResourceName. */
function resourceName(o: Obj): string | null {
  const id = str(pick(o, COLUMNS.resourceId));
  const last = id
    ?.split('/')
    .filter((s) => s !== '')
    .pop();
  return last ?? str(pick(o, COLUMNS.resourceName)) ?? null;
}

/** The cost in USD: the USD column where the export has one, else the billing amount when it is in USD. */
function reportedUsd(o: Obj): number | null {
  const usd = money(pick(o, COLUMNS.costUsd), 'costInUsd');
  if (usd !== undefined) return usd;
  const currency = str(pick(o, COLUMNS.currency))?.toUpperCase();
  if (currency !== 'USD') return null;
  return money(pick(o, COLUMNS.cost), 'CostInBillingCurrency') ?? null;
}

/**
 * A row has no id; everything that tells two rows of one day apart goes into the key. Azure may write
 * several rows for one meter, resource and day that differ only in AdditionalInfo, so that is in it too.
 */
function naturalKey(o: Obj, day: string, meter: string, info: string): string {
  const parts = [
    str(pick(o, COLUMNS.subscriptionId)) ?? str(pick(o, COLUMNS.subscription)) ?? '',
    (str(pick(o, COLUMNS.resourceId)) ?? '').toLowerCase(),
    str(pick(o, COLUMNS.meterId)) ?? '',
    meter,
    info,
    str(pick(o, COLUMNS.chargeType)) ?? '',
    str(pick(o, COLUMNS.pricingModel)) ?? '',
  ];
  const digest = createHash('sha1').update(parts.join('\u0000')).digest('base64url').slice(0, 16);
  return `azure-cost:${day}:${meter}:${digest}`;
}

/** Tokens of a token meter's row: Quantity counts units of UnitOfMeasure ("1K" = 1,000 tokens). */
function tokensOf(o: Obj): number | string {
  const unitText = str(pick(o, COLUMNS.unit)) ?? '';
  const perUnit = tokensPerUnit(unitText);
  if (perUnit === undefined) return `UnitOfMeasure is not a count of tokens such as 1K or 1M (${errorCode(unitText) ?? describeValue(unitText)})`;
  const quantity = money(pick(o, COLUMNS.quantity), 'Quantity');
  if (quantity === undefined) return 'no Quantity';
  if (quantity < 0) return `Quantity is negative (${quantity})`;
  return Math.round(quantity * perUnit);
}

function setTokens(r: UsageRecord, meter: TokenMeter, tokens: number): void {
  if (meter.kind === 'input') r.inputTokens = tokens;
  else if (meter.kind === 'cachedInput') r.cacheReadTokens = tokens;
  else r.outputTokens = tokens;
  r.batch = meter.batch;
  // A day's total is no single request's prompt: only a LongCo meter puts it in the long-context tier.
  r.longContext = meter.longContext ?? false;
}

export function readCostRow(o: Obj): UsageRecord | string {
  if (!isAzureOpenAI(o)) {
    const what = [plainLabel(pick(o, COLUMNS.meterCategory)), plainLabel(pick(o, COLUMNS.meterSubCategory))].filter((s) => s !== undefined).join(' / ');
    return `not an Azure OpenAI charge (${what || 'no meter category'})`;
  }
  const dateRaw = pick(o, COLUMNS.date);
  const ts = readCostDate(dateRaw);
  if (ts === null) return dateRaw === undefined ? 'no Date' : `Date is not a date (${describeValue(dateRaw)})`;
  const day = new Date(ts).toISOString().slice(0, 10);
  const meter = str(pick(o, COLUMNS.meterName));
  const infoRaw = str(pick(o, COLUMNS.additionalInfo)) ?? '';
  const info = infoRaw === '' ? undefined : jsonObject(infoRaw);
  const label = meter ?? str(pick(o, COLUMNS.productName)) ?? 'Azure OpenAI charge';
  const tokenMeter = meter === undefined ? undefined : readTokenMeter(meter);
  const known = typeof tokenMeter === 'object' ? AZURE_METER_MODELS.get(tokenMeter.stem) : undefined;
  const r = emptyRecord(naturalKey(o, day, label, canonicalInfo(info, infoRaw)), ts, known ?? label);
  r.provider = 'azure';
  r.reportedCostUsd = reportedUsd(o);
  r.project = resourceName(o);
  r.feature = deploymentName(info);
  r.tags = readTags(o);
  const chargeType = str(pick(o, COLUMNS.chargeType))?.toLowerCase();
  // Only usage rows of a token meter bill tokens; purchases (provisioned throughput), refunds and meters
  // that count something else (hours, images, sessions) keep their cost as a cost-only record.
  if (typeof tokenMeter !== 'object' || (chargeType !== undefined && chargeType !== 'usage')) {
    r.requests = 0;
    return r;
  }
  const tokens = tokensOf(o);
  if (typeof tokens === 'string') return tokens;
  // A row is one day's total for one meter: the source does not count requests.
  r.requests = null;
  setTokens(r, tokenMeter, tokens);
  return r;
}

export const azureCostCsvAdapter = defineLineAdapter({
  name: 'azure-cost',
  revised: true,
  description: 'Azure Cost Management cost details CSV (EA or MCA export / portal download): Azure OpenAI token meters per day, with their cost',
  containers: ['csv'],
  detect: { header: detectCostDetails },
  read: (row) => readCostRow(rekey(row, columnKey)),
});
