import type { PromptKeeping } from './prepare.js';
import { Worker } from 'node:worker_threads';
import type { Catalog } from '../catalog/catalog.js';
import type { FormatAdapter } from './adapter.js';
import { unpackBatch } from './batch.js';
import type { ParseWorkerData, WorkerMessage } from './parse-worker.js';
import type { PreparedRecord } from './prepare.js';
import type { SkipKind } from '../usage/skip.js';
import type { RollupEntry } from '../usage/rollup.js';

export interface WorkerSinks {
  prepared(p: PreparedRecord, line: number): void;
  skip(line: number, reason: string, kind: SkipKind): void;
  rollups(entries: RollupEntry[]): void;
  progress(bytes: number): void;
}

export interface ParseWorkerHandle {
  /** Feeds every batch, in file order, to the sinks on this thread; resolves, when the file is done, with its sha256 if asked for. */
  consume(sinks: WorkerSinks): Promise<string | undefined>;
  /** Stops the worker (the file was ingested before, or the ingest failed). */
  cancel(): Promise<void>;
}

// 1,024-record batches: 4,096 was no faster in `npm run bench` and held ~50 MiB more of strings in flight.
const BATCH_SIZE = 1024;
/** Batches parsed ahead of the writer: bounds memory whatever the file size. */
const MAX_IN_FLIGHT = 4;

/**
 * Starts parsing a JSON-lines file on a worker thread right away. Messages that arrive before `consume`
 * is called wait in a queue, which the in-flight limit keeps to a few batches.
 */
export function startParseWorker(
  path: string,
  adapter: FormatAdapter,
  catalog: Catalog,
  maxRollups: number,
  hashContent: boolean,
  prompts: PromptKeeping | undefined,
): ParseWorkerHandle {
  const flowBuffer = new SharedArrayBuffer(4);
  const flow = new Int32Array(flowBuffer);
  const data: ParseWorkerData = {
    path,
    adapter: adapter.name,
    format: adapter.name,
    snapshot: catalog.snapshot,
    models: catalog.models,
    flow: flowBuffer,
    batchSize: BATCH_SIZE,
    maxInFlight: MAX_IN_FLIGHT,
    maxRollups,
    hashContent,
    prompts,
  };
  // A small young generation: the worker's garbage is short-lived strings, and V8's default nursery
  // alone costs ~40 MB of peak RSS (measured by `npm run bench`: 224 → 199 MiB) for no measurable speed.
  const worker = new Worker(new URL('./parse-worker.js', import.meta.url), { workerData: data, resourceLimits: { maxYoungGenerationSizeMb: 8 } });
  const queue: WorkerMessage[] = [];
  let failure: unknown;
  let finished = false;
  let wake: (() => void) | undefined;
  const notify = () => {
    wake?.();
    wake = undefined;
  };
  worker.on('message', (msg: WorkerMessage) => {
    queue.push(msg);
    notify();
  });
  worker.on('error', (err) => {
    failure ??= err;
    notify();
  });
  worker.on('exit', (code) => {
    if (!finished) failure ??= new Error(`the parse worker stopped unexpectedly (exit code ${code})`);
    notify();
  });

  return {
    async consume(sinks) {
      for (;;) {
        const msg = queue.shift();
        if (!msg) {
          if (failure) throw failure;
          await new Promise<void>((resolve) => (wake = resolve));
          continue;
        }
        if (msg.type === 'batch') {
          const b = msg.batch;
          unpackBatch(b, sinks.prepared);
          for (const [line, reason, kind] of b.skips) sinks.skip(line, reason, kind);
          sinks.progress(b.bytesRead);
          Atomics.sub(flow, 0, 1);
          Atomics.notify(flow, 0);
        } else if (msg.type === 'rollups') sinks.rollups(msg.entries);
        else if (msg.type === 'done') {
          finished = true;
          await worker.terminate();
          return msg.contentHash;
        } else throw Object.assign(new Error(msg.message), { code: msg.code });
      }
    },
    async cancel() {
      finished = true;
      await worker.terminate();
    },
  };
}
