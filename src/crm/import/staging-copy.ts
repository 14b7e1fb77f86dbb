import { once } from 'node:events';
import { finished } from 'node:stream/promises';
import type { PoolClient } from 'pg';
import { from as copyFrom } from 'pg-copy-streams';

/**
 * A first load's one `COPY` into its staging table, fed each piece's rows as soon as they are
 * parsed. A first load merges the whole file once, after the last row, so nothing is gained by
 * holding rows back in chunks: a chunk of 250,000 orders is ~20 MB of COPY text, and with one
 * chunk copying while the next fills, peak memory rose with the file (two full chunks become
 * more likely the more chunks there are). Here at most one parsed piece waits for the
 * connection while the next is parsed, whatever the size of the file.
 */
export class StagingCopy {
  private readonly stream: ReturnType<typeof copyFrom>;
  private readonly done: Promise<void>;
  /** The previous piece's hand-over to the connection; rejects if the COPY failed meanwhile. */
  private handing: Promise<unknown> | null = null;

  constructor(client: PoolClient, statement: string) {
    this.stream = client.query(copyFrom(statement));
    this.done = finished(this.stream);
    // Seen by the next write or by end(); never unhandled in between.
    this.done.catch(() => undefined);
  }

  /** Resolves once the previous piece is handed on, so that this one waits while the next parses. */
  async write(copy: Uint8Array): Promise<void> {
    if (copy.byteLength === 0) return;
    await this.handOver();
    if (!this.stream.write(copy)) {
      this.handing = Promise.race([once(this.stream, 'drain'), this.done]);
      this.handing.catch(() => undefined);
    }
  }

  /** Ends the COPY; resolves once the server has every row. */
  async end(): Promise<void> {
    await this.handOver();
    this.stream.end();
    await this.done;
  }

  /** Cancels the COPY (the server gets a CopyFail), leaving the connection ready for a rollback. */
  async abort(reason: Error): Promise<void> {
    if (!this.stream.destroyed) this.stream.destroy(reason);
    await this.done.catch(() => undefined);
  }

  private async handOver(): Promise<void> {
    const handing = this.handing;
    this.handing = null;
    if (handing) await handing;
    if (this.stream.errored) throw this.stream.errored;
  }
}
