import { readFileSync } from 'node:fs';
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { resolveModel } from '../../../src/catalog/catalog.js';
import { loadCatalog } from '../../../src/catalog/load.js';
import { chooseAdapter, sampleFor, sniffContainer } from '../../../src/ingest/detect.js';
import { azureCostCsvAdapter, readCostDate } from '../../../src/ingest/formats/azure-cost.js';
import { AZURE_METER_MODELS, readTokenMeter, tokensPerUnit } from '../../../src/ingest/formats/azure-cost-meters.js';
import { runAdapter, totals } from '../../helpers/adapters.js';
import { fixture } from '../../helpers/cli.js';

// fixtures/usage/azure-cost/cost-details-ea_2025-06.csv: an Enterprise Agreement export (PascalCase
// headers, Date as MM/DD/YYYY, billed in USD), rows 1..12 (file lines 2..13). Quantity counts units of
// UnitOfMeasure, so tokens = Quantity × 1,000 for "1K" and × 1,000,000 for "1M":
//   1 06/02 gpt 4o 0806 Inp glbl Tokens          1K × 1,250.5 = 1,250,500 input         $3.12625  deployment chat-prod
//   2 06/02 gpt 4o 0806 cached Inp glbl Tokens   1K × 800     =   800,000 cache read    $1        chat-prod
//   3 06/02 gpt 4o 0806 Outp glbl Tokens         1K × 150.25  =   150,250 output        $1.5025   chat-prod
//   4 06/02 the same meter, resource and day      1K × 10      =    10,000 output        $0.1      chat-canary (another AdditionalInfo)
//   5 06/02 gpt-4o-mini-0718-Inp-glbl Tokens     1K × 4,000   = 4,000,000 input         $0.6      mini-prod
//   6 06/02 a virtual machine                    → not Azure OpenAI: skipped
//   7 06/03 gpt 4o 0806 Batch Inp glbl Tokens    1K × 2,000   = 2,000,000 input, batch  $2.5
//   8 06/03 GPT 5 Mini Inpt Glbl 1M Tokens       1M × 0.5     =   500,000 input         $0.125
//   9 06/03 gpt 4.1 Inp regnl Tokens             1K × 100     =   100,000 input         $0.22     (regional, another resource)
//  10 06/03 gpt-oss-120B Inp glbl Tokens         1K × 300     =   300,000 input         $0.045    (not in the table: the meter is the model)
//  11 06/03 Code-Interpreter-global Session      12 sessions, not tokens: cost only    $0.36
//  12 06/03 a Speech (Cognitive Services) meter  → not Azure OpenAI: skipped
// fixtures/usage/azure-cost/cost-details-mca_2025-06.csv: a Microsoft Customer Agreement export (camelCase
// headers, ISO dates) billed in EUR, with costInUsd, rows 1..7, all on 2025-06-04:
//   1 gpt 4.1 mini Inp glbl Tokens         1K × 2,500 = 2,500,000 input       $1     (€0.92)
//   2 gpt 4.1 mini cached Inp glbl Tokens  1K × 1,000 = 1,000,000 cache read  $0.1
//   3 gpt 4.1 mini Outp glbl Tokens        1K × 300   =   300,000 output      $0.48
//   4 o4-mini 0416 Outp glbl Tokens        1K × 50    =    50,000 output      $0.22
//   5 5.5 ShortCo inp Gl 1M Tokens         1M × 0.4   =   400,000 input, short context  $2
//   6 5.5 LongCo inp Gl 1M Tokens          1M × 0.3   =   300,000 input, long context   $3
//   7 blob storage                         → not Azure OpenAI: skipped
const EA = fixture('usage', 'azure-cost', 'cost-details-ea_2025-06.csv');
const MCA = fixture('usage', 'azure-cost', 'cost-details-mca_2025-06.csv');
const JUNE_2 = Date.parse('2025-06-02T00:00:00Z');
const JUNE_3 = Date.parse('2025-06-03T00:00:00Z');
const JUNE_4 = Date.parse('2025-06-04T00:00:00Z');

function rows(path: string): Record<string, string>[] {
  return parse(readFileSync(path), { columns: true, bom: true, skip_empty_lines: true, relax_column_count: true, trim: true }) as Record<string, string>[];
}

function detectedFormat(path: string): string {
  const head = readFileSync(path, 'utf8');
  expect(sniffContainer(head)).toBe('csv');
  return chooseAdapter(sampleFor('csv', head), path).name;
}

/** One EA row of the fixture, changed as a test needs. */
function eaRow(n: number, change: Record<string, string> = {}): Record<string, string> {
  const r = rows(EA)[n - 1];
  if (!r) throw new Error(`no row ${n}`);
  return { ...r, ...change };
}

describe('azure-cost adapter on an Enterprise Agreement export', () => {
  const { records, skipped, failed } = runAdapter(azureCostCsvAdapter, rows(EA));

  it('turns each token meter row into a record of one token kind, with the model from the meter table', () => {
    expect(failed).toEqual([]);
    expect(records.map((r) => [r.line, r.model, r.inputTokens, r.cacheReadTokens, r.outputTokens, r.batch, r.requests, r.reportedCostUsd, r.ts])).toEqual([
      [1, 'azure/gpt-4o-2024-08-06', 1_250_500, 0, 0, false, null, 3.12625, JUNE_2],
      [2, 'azure/gpt-4o-2024-08-06', 0, 800_000, 0, false, null, 1, JUNE_2],
      [3, 'azure/gpt-4o-2024-08-06', 0, 0, 150_250, false, null, 1.5025, JUNE_2],
      [4, 'azure/gpt-4o-2024-08-06', 0, 0, 10_000, false, null, 0.1, JUNE_2],
      [5, 'azure/gpt-4o-mini-2024-07-18', 4_000_000, 0, 0, false, null, 0.6, JUNE_2],
      [7, 'azure/gpt-4o-2024-08-06', 2_000_000, 0, 0, true, null, 2.5, JUNE_3],
      [8, 'azure/gpt-5-mini', 500_000, 0, 0, false, null, 0.125, JUNE_3],
      [9, 'azure/gpt-4.1', 100_000, 0, 0, false, null, 0.22, JUNE_3],
      [10, 'gpt-oss-120B Inp glbl Tokens', 300_000, 0, 0, false, null, 0.045, JUNE_3],
      [11, 'Code-Interpreter-global Session', 0, 0, 0, false, 0, 0.36, JUNE_3],
    ]);
    for (const r of records) expect(r).toMatchObject({ provider: 'azure', reasoningTokens: 0, cacheWrite5mTokens: 0, cacheWrite1hTokens: 0 });
    // input 1,250,500 + 4,000,000 + 2,000,000 + 500,000 + 100,000 + 300,000 = 8,150,500; output 150,250 + 10,000;
    // reported $3.12625 + 1 + 1.5025 + 0.1 + 0.6 + 2.5 + 0.125 + 0.22 + 0.045 + 0.36 = $9.57875.
    const t = totals(records);
    expect(t).toMatchObject({ records: 10, requests: 0, input: 8_150_500, cacheRead: 800_000, output: 160_250 });
    expect(t.reportedCostUsd).toBeCloseTo(9.57875, 10);
  });

  it('attributes a row to its resource (project), deployment (feature), tags, resource group and subscription', () => {
    expect(records[0]).toMatchObject({
      project: 'contoso-openai',
      feature: 'chat-prod',
      tags: ['env:prod', 'team:search', 'resource-group:rg-ai', 'subscription:Prod AI'],
      user: null,
      apiKey: null,
      // A day's total is not one request's prompt: no long-context tier unless the meter says so.
      longContext: false,
    });
    expect(records[3]!.feature).toBe('chat-canary');
    expect(records[7]!.project).toBe('contoso-openai-swe');
    expect(records[9]!.feature).toBeNull();
  });

  it('counts other services apart as skipped lines naming their meter category', () => {
    expect(skipped).toEqual([
      { line: 6, reason: 'not an Azure OpenAI charge (Virtual Machines / Dv5/DSv5 Series)' },
      { line: 12, reason: 'not an Azure OpenAI charge (Cognitive Services / Speech)' },
    ]);
  });

  it('keys a row by day, meter and everything that tells rows apart, AdditionalInfo included', () => {
    const ids = records.map((r) => r.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(records[2]!.id).toMatch(/^azure-cost:2025-06-02:gpt 4o 0806 Outp glbl Tokens:[\w-]{16}$/);
    // Rows 3 and 4 differ only in AdditionalInfo: two charges, two ids.
    expect(records[3]!.id).not.toBe(records[2]!.id);
    // The same charge in another export (keys of AdditionalInfo reordered, ResourceId in another case) keeps its id.
    const again = runAdapter(azureCostCsvAdapter, [
      eaRow(3),
      eaRow(3, { AdditionalInfo: '{ "DeploymentName": "chat-prod" }', ResourceId: eaRow(3)['ResourceId']!.toUpperCase() }),
    ]).records;
    expect(again.map((r) => r.id)).toEqual([records[2]!.id, records[2]!.id]);
  });
});

describe('azure-cost adapter on a Microsoft Customer Agreement export', () => {
  const { records, skipped } = runAdapter(azureCostCsvAdapter, rows(MCA));

  it('reads camelCase headers and ISO dates, and takes the USD column when the bill is in another currency', () => {
    expect(records.map((r) => [r.line, r.model, r.inputTokens, r.cacheReadTokens, r.outputTokens, r.longContext, r.reportedCostUsd, r.ts])).toEqual([
      [1, 'azure/gpt-4.1-mini', 2_500_000, 0, 0, false, 1, JUNE_4],
      [2, 'azure/gpt-4.1-mini', 0, 1_000_000, 0, false, 0.1, JUNE_4],
      [3, 'azure/gpt-4.1-mini', 0, 0, 300_000, false, 0.48, JUNE_4],
      [4, 'azure/o4-mini-2025-04-16', 0, 0, 50_000, false, 0.22, JUNE_4],
      [5, 'azure/gpt-5.5', 400_000, 0, 0, false, 2, JUNE_4],
      [6, 'azure/gpt-5.5', 300_000, 0, 0, true, 3, JUNE_4],
    ]);
    expect(records[0]).toMatchObject({
      project: 'fabrikam-openai',
      feature: 'support-bot',
      tags: ['team:support', 'resource-group:rg-support', 'subscription:Support Bots'],
    });
    expect(skipped).toEqual([{ line: 7, reason: 'not an Azure OpenAI charge (Storage / General Block Blob v2)' }]);
  });

  it('leaves the reported cost empty for an amount in another currency with no USD column', () => {
    const withoutUsd = { ...rows(MCA)[0]! };
    delete withoutUsd['costInUsd'];
    const {
      records: [eur],
    } = runAdapter(azureCostCsvAdapter, [withoutUsd]);
    expect(eur).toMatchObject({ inputTokens: 2_500_000, reportedCostUsd: null });
    const {
      records: [gbp, usd],
    } = runAdapter(azureCostCsvAdapter, [eaRow(1, { BillingCurrencyCode: 'GBP' }), eaRow(1, { BillingCurrencyCode: 'usd' })]);
    expect(gbp!.reportedCostUsd).toBeNull();
    expect(usd!.reportedCostUsd).toBe(3.12625);
  });
});

describe('azure-cost adapter edge rows', () => {
  it('keeps refunds, purchases and token meters it cannot classify as cost-only records', () => {
    const { records, skipped } = runAdapter(azureCostCsvAdapter, [
      eaRow(1, { ChargeType: 'Refund', Quantity: '-100', CostInBillingCurrency: '-0.25' }),
      eaRow(1, { ChargeType: 'Purchase', MeterName: 'Provisioned Managed Global', UnitOfMeasure: '1 Hour', Quantity: '1', CostInBillingCurrency: '1.5' }),
      // "Cd Wr" is a cache write: its kind is not one this adapter can tell, so it is not passed off as a cache read.
      eaRow(1, { MeterName: '56sol ShCo Cd Wr Fl Gl 1M Tokens', UnitOfMeasure: '1M', Quantity: '0.1', CostInBillingCurrency: '0.05' }),
      eaRow(1, { MeterName: '' }),
    ]);
    expect(skipped).toEqual([]);
    expect(records.map((r) => [r.model, r.inputTokens + r.cacheReadTokens + r.outputTokens, r.requests, r.reportedCostUsd])).toEqual([
      // A refund of a known meter stays with its model, so it reconciles against that model's cost.
      ['azure/gpt-4o-2024-08-06', 0, 0, -0.25],
      ['Provisioned Managed Global', 0, 0, 1.5],
      ['56sol ShCo Cd Wr Fl Gl 1M Tokens', 0, 0, 0.05],
      ['Azure OpenAI', 0, 0, 3.12625],
    ]);
  });

  it('skips rows whose date, unit or quantity cannot be read, saying which column', () => {
    const { records, skipped } = runAdapter(azureCostCsvAdapter, [
      eaRow(1, { Date: '02/30/2025' }),
      eaRow(1, { Date: '' }),
      eaRow(1, { UnitOfMeasure: '1 Hour' }),
      eaRow(1, { Quantity: '' }),
      eaRow(1, { Quantity: '-5' }),
      eaRow(1, { Quantity: 'n/a' }),
      eaRow(1, { CostInBillingCurrency: 'free' }),
      'not a row',
    ]);
    expect(records).toEqual([]);
    expect(skipped.map((s) => s.reason)).toEqual([
      'Date is not a date (a text of 10 characters)',
      'no Date',
      'UnitOfMeasure is not a count of tokens such as 1K or 1M (a text of 6 characters)',
      'no Quantity',
      'Quantity is negative (-5)',
      'Quantity is not an amount (a text of 3 characters)',
      'CostInBillingCurrency is not an amount (a text of 4 characters)',
      'not a CSV row',
    ]);
  });

  it('reads the day as MM/DD/YYYY or ISO 8601, at midnight UTC', () => {
    expect(readCostDate('06/02/2025')).toBe(JUNE_2);
    expect(readCostDate('6/2/2025')).toBe(JUNE_2);
    expect(readCostDate('2025-06-02')).toBe(JUNE_2);
    expect(readCostDate('2025-06-02T00:00:00.0000000Z')).toBe(JUNE_2);
    expect(readCostDate('13/01/2025')).toBeNull();
    expect(readCostDate('')).toBeNull();
  });
});

describe('Azure OpenAI meter names', () => {
  it('splits a meter name into its model part and the token kind it bills, in every spelling', () => {
    const read = (name: string) => readTokenMeter(name);
    expect(read('gpt 4o 0806 Inp glbl Tokens')).toEqual({ stem: 'gpt 4o 0806', kind: 'input', batch: false, longContext: null });
    expect(read('gpt 4o mini 0718 cached Inp glbl Tokens')).toMatchObject({ stem: 'gpt 4o mini 0718', kind: 'cachedInput' });
    expect(read('gpt-4o-mini-0718-Outp-glbl Tokens')).toMatchObject({ stem: 'gpt 4o mini 0718', kind: 'output' });
    expect(read('gpt 4o 1120 Batch Inp glbl Tokens')).toMatchObject({ stem: 'gpt 4o 1120', kind: 'input', batch: true });
    expect(read('gpt 4o 0513 Input global Tokens')).toMatchObject({ stem: 'gpt 4o 0513', kind: 'input' });
    expect(read('GPT 5 Chat cchd Inpt Glbl 1M Tokens')).toMatchObject({ stem: 'gpt 5 chat', kind: 'cachedInput' });
    expect(read('gpt 4o 1120 Inp regnl Tokens')).toMatchObject({ stem: 'gpt 4o 1120', kind: 'input' });
    expect(read('gpt 4o 0806 Outp Data Zone Tokens')).toMatchObject({ stem: 'gpt 4o 0806', kind: 'output' });
    expect(read('o4-mini 0416 Inp glbl Tokens')).toMatchObject({ stem: 'o4 mini 0416', kind: 'input' });
    expect(read('5.5 ShortCo inp Gl 1M Tokens')).toMatchObject({ stem: '5.5', kind: 'input', longContext: false });
    expect(read('5.5 LongCo inp Gl 1M Tokens')).toMatchObject({ stem: '5.5', kind: 'input', longContext: true });
    // Token meters whose kind cannot be told: an unknown word (a cache write), no direction, both, cached output.
    expect(read('56sol ShCo Cd Wr Fl Gl 1M Tokens')).toBe('unclear');
    expect(read('Model Routers GL 1M Tokens')).toBe('unclear');
    expect(read('gpt 4o Inp Outp glbl Tokens')).toBe('unclear');
    expect(read('gpt 4o 0806 cached Outp glbl Tokens')).toBe('unclear');
    expect(read('Tokens')).toBe('unclear');
    // Not token meters at all.
    expect(read('Code-Interpreter-global Session')).toBeUndefined();
    expect(read('D2s v5')).toBeUndefined();
  });

  it('reads token units and nothing else', () => {
    expect(['1K', '1M', '1000', '1K Tokens', '10K', '1 M'].map(tokensPerUnit)).toEqual([1000, 1_000_000, 1000, 1000, 10_000, 1_000_000]);
    expect(['1 Hour', '1 GB/Month', '1/Day', '', '0'].map(tokensPerUnit)).toEqual([undefined, undefined, undefined, undefined, undefined]);
  });

  it('maps every stem of its table to an id the bundled catalog resolves for provider azure, but where Azure prices apart', () => {
    const catalog = loadCatalog();
    // No Azure price equal to OpenAI's is known for these two: LiteLLM lists azure/gpt-4o-2024-11-20 at $2.75 / $11
    // and azure/gpt-4o-mini-2024-07-18 at $0.165 / $0.66 (OpenAI: $2.50 / $10, $0.15 / $0.60), so they stay unpriced.
    const pricedApart = new Set(['azure/gpt-4o-2024-11-20', 'azure/gpt-4o-mini-2024-07-18']);
    for (const [stem, id] of AZURE_METER_MODELS) expect(resolveModel(catalog, id, 'azure') === undefined, `${stem} → ${id}`).toBe(pricedApart.has(id));
  });
});

describe('azure-cost detection', () => {
  it('recognizes EA and MCA exports from their headers, whatever the case or spacing', () => {
    expect(detectedFormat(EA)).toBe('azure-cost');
    expect(detectedFormat(MCA)).toBe('azure-cost');
    const detect = (header: string[]) => azureCostCsvAdapter.detect({ container: 'csv', header });
    expect(detect(['Date', 'Meter Category', 'Meter Name', 'Quantity', 'Unit Of Measure', 'Cost In Billing Currency'])).toBe(300);
  });

  it('does not claim near misses: the Retail Prices list, a FOCUS export, other usage CSVs', () => {
    const detect = (header: string[]) => azureCostCsvAdapter.detect({ container: 'csv', header });
    // Azure Retail Prices: meter names and units, but no date, quantity or cost.
    expect(
      detect([
        'currencyCode',
        'tierMinimumUnits',
        'retailPrice',
        'unitPrice',
        'armRegionName',
        'location',
        'effectiveStartDate',
        'meterId',
        'meterName',
        'productId',
        'skuId',
        'productName',
        'skuName',
        'serviceName',
        'serviceId',
        'serviceFamily',
        'unitOfMeasure',
        'type',
        'isPrimaryMeterRegion',
        'armSkuName',
      ]),
    ).toBe(0);
    // A FOCUS cost export names its columns otherwise.
    expect(
      detect([
        'BilledCost',
        'BillingCurrency',
        'ChargePeriodStart',
        'ConsumedQuantity',
        'ConsumedUnit',
        'ServiceName',
        'x_SkuMeterName',
        'x_SkuMeterCategory',
        'EffectiveCost',
      ]),
    ).toBe(0);
    expect(detectedFormat(fixture('usage', 'openai-usage-csv', 'completions_usage_2025-06-02_2025-06-04.csv'))).not.toBe('azure-cost');
    expect(detectedFormat(fixture('usage', 'generic.csv'))).not.toBe('azure-cost');
  });
});
