import { resolveModel } from '../../../src/catalog/catalog.js';
import { loadCatalog } from '../../../src/catalog/load.js';
import type { SimulationDocument } from '../../../src/simulate/document.js';
import type { EngineOptions } from '../../../src/simulate/engine.js';
import { historyOf, type Attribute, type HistoryRecord } from '../../../src/simulate/history.js';
import type { Scenario } from '../../../src/simulate/scenario.js';
import { parseScenarioText } from '../../../src/simulate/scenario-file.js';
import { simulate, type SimulateOptions } from '../../../src/simulate/simulate.js';

/** The bundled catalog: every figure in these tests is worked out from its published rates (USD per 1M tokens). */
export const catalog = loadCatalog();

export const knowsModel = (id: string) => resolveModel(catalog, id) !== undefined;

export function engine(groupBy: Attribute = 'feature'): EngineOptions {
  return { priceOf: (id) => resolveModel(catalog, id), resolveId: (id) => resolveModel(catalog, id)?.id, groupBy };
}

export function scenario(yaml: string): Scenario {
  return parseScenarioText(yaml, 'test.yaml', { knowsModel });
}

export function history(records: HistoryRecord[]) {
  return historyOf(records, 'UTC', (model, provider) => resolveModel(catalog, model, provider)?.id ?? null);
}

/** Runs a scenario (YAML) over in-memory records, with the alone runs and the sweep (and `extra` options). */
export function run(records: HistoryRecord[], yaml: string, groupBy: Attribute = 'feature', extra: Partial<SimulateOptions> = {}): SimulationDocument {
  return simulate(history(records), scenario(yaml), {
    engine: engine(groupBy),
    resamples: 200,
    seed: 7,
    alone: true,
    sweep: true,
    scope: { files: null, since: null, until: null, tz: 'UTC', where: [] },
    catalog: { snapshot: catalog.snapshot, layers: catalog.layers },
    ...extra,
  });
}

/** 2025-06-01 + `day` days, at hh:mm:ss UTC, in epoch ms. */
export function at(day: number, hh: number, mm: number, ss = 0): number {
  return Date.UTC(2025, 5, 1 + day, hh, mm, ss);
}

/** Micro-dollars to dollars: hand-worked figures are written in µ$ (tokens × rate per 1M tokens). */
export const µ = (microUsd: number) => microUsd / 1e6;
