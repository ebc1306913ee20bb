/**
 * Worker thread that reads and parses a large JSON-lines file while the main thread writes to SQLite, so
 * the two halves of an ingest run on two cores. Records travel in packed batches; a shared counter of
 * batches in flight holds the worker back when the writer falls behind, so memory stays flat.
 */
import { createHash } from 'node:crypto';
import { parentPort, workerData } from 'node:worker_threads';
import { buildCatalog } from '../catalog/catalog.js';
import type { ModelPrice } from '../catalog/types.js';
import { BatchPacker } from './batch.js';
import { adapterByName } from './formats/index.js';
import { createPreparer, type PromptKeeping } from './prepare.js';
import { produceRecords } from './produce.js';
import { RollupAccumulator } from './rollup.js';

export interface ParseWorkerData {
  path: string;
  adapter: string;
  format: string;
  snapshot: string;
  models: ModelPrice[];
  /** Int32 [batches in flight]. */
  flow: SharedArrayBuffer;
  batchSize: number;
  maxInFlight: number;
  maxRollups: number;
  /** Also hash the file's content (sha256) from the chunks read for parsing. */
  hashContent: boolean;
  prompts: PromptKeeping | undefined;
}

export type WorkerMessage =
  | { type: 'batch'; batch: import('./batch.js').PackedBatch }
  | { type: 'rollups'; entries: import('../usage/rollup.js').RollupEntry[] }
  | { type: 'done'; contentHash?: string }
  | { type: 'error'; message: string; code?: string };

async function run(data: ParseWorkerData): Promise<void> {
  const port = parentPort!;
  const adapter = adapterByName(data.adapter)!;
  const prepare = createPreparer(buildCatalog(data.snapshot, [{ label: 'worker', models: data.models }]), data.prompts);
  const flow = new Int32Array(data.flow);
  const packer = new BatchPacker(data.batchSize);
  const rollups = new RollupAccumulator();
  let bytesRead = 0;
  const hash = data.hashContent ? createHash('sha256') : undefined;

  const send = () => {
    for (let inFlight = Atomics.load(flow, 0); inFlight >= data.maxInFlight; inFlight = Atomics.load(flow, 0)) {
      Atomics.wait(flow, 0, inFlight, 1000);
    }
    const batch = packer.take(bytesRead);
    Atomics.add(flow, 0, 1);
    port.postMessage({ type: 'batch', batch } satisfies WorkerMessage, [batch.nums.buffer as ArrayBuffer]);
  };

  await produceRecords(
    data.path,
    'jsonl',
    undefined,
    adapter,
    prepare,
    {
      prepared(p, line) {
        rollups.add(p.record, p.modelId, p.costUsd);
        packer.add(p, line);
        if (packer.size >= data.batchSize) send();
        if (rollups.size >= data.maxRollups) port.postMessage({ type: 'rollups', entries: rollups.drain() } satisfies WorkerMessage);
      },
      skip(line, reason, kind) {
        packer.skip(line, reason, kind);
        if (packer.size >= data.batchSize) send();
      },
    },
    (bytes, chunk) => {
      bytesRead = bytes;
      hash?.update(chunk);
    },
  );
  if (packer.size > 0) send();
  port.postMessage({ type: 'rollups', entries: rollups.drain() } satisfies WorkerMessage);
  port.postMessage({ type: 'done', ...(hash ? { contentHash: hash.digest('hex') } : {}) } satisfies WorkerMessage);
}

run(workerData as ParseWorkerData).catch((err: unknown) => {
  parentPort!.postMessage({
    type: 'error',
    message: (err as Error)?.message ?? String(err),
    code: (err as NodeJS.ErrnoException)?.code,
  } satisfies WorkerMessage);
});
