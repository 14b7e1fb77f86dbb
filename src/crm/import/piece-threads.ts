import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { parsePiece, PieceResult, PieceTask } from './parse-piece';

/** The compiled worker entry; absent when the import runs from TypeScript sources (tests). */
const WORKER_SCRIPT = join(__dirname, 'parse-worker.js');

export function workerThreadsAvailable(): boolean {
  return existsSync(WORKER_SCRIPT);
}

/**
 * Parses pieces of a CSV file on worker threads, each answering its pieces in the order they
 * were sent; with no threads, in the calling thread. The caller keeps results in file order.
 */
export class PieceThreads {
  private readonly workers: { worker: Worker; waiting: { resolve: (r: PieceResult) => void; reject: (e: Error) => void }[] }[] = [];
  private next = 0;

  constructor(threads: number) {
    for (let i = 0; i < threads; i++) {
      const worker = new Worker(WORKER_SCRIPT);
      const entry = { worker, waiting: [] as { resolve: (r: PieceResult) => void; reject: (e: Error) => void }[] };
      worker.on('message', (result: PieceResult) => {
        if (result.ok) result.copy = Buffer.from(result.copy.buffer, result.copy.byteOffset, result.copy.byteLength);
        entry.waiting.shift()?.resolve(result);
      });
      const fail = (error: Error) => {
        for (const waiting of entry.waiting.splice(0)) waiting.reject(error);
      };
      worker.on('error', fail);
      worker.on('exit', (code) => fail(new Error(`CSV parsing thread exited with code ${code}`)));
      this.workers.push(entry);
    }
  }

  /** How many pieces may be in flight: two per thread keep every thread busy. */
  get capacity(): number {
    return Math.max(1, this.workers.length * 2);
  }

  run(task: PieceTask): Promise<PieceResult> {
    if (this.workers.length === 0) return Promise.resolve(parsePiece(task));
    // Round robin: pieces are of similar size.
    const entry = this.workers[this.next];
    this.next = (this.next + 1) % this.workers.length;
    return new Promise<PieceResult>((resolve, reject) => {
      entry.waiting.push({ resolve, reject });
      // A copy of just the piece, handed over: the piece is a view of read buffers shared with the next one.
      const bytes = new Uint8Array(task.bytes);
      entry.worker.postMessage({ ...task, bytes }, [bytes.buffer]);
    });
  }

  async close(): Promise<void> {
    await Promise.all(this.workers.map(({ worker }) => worker.terminate()));
  }
}
