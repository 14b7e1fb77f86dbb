import { Logger } from '@nestjs/common';

/**
 * In-process listeners for one kind of news (orders placed, rules edited), called with a list of
 * ids after the write committed. Every listener runs and is awaited; one that fails is logged and
 * the write stands, because the periodic job that the hook speeds up finds the same ids anyway.
 */
export class Listeners {
  private readonly listeners = new Set<(ids: string[]) => Promise<void> | void>();

  constructor(
    private readonly logger: Logger,
    /** What the ids are, for the log: "placed orders", "changed rules". */
    private readonly what: string,
  ) {}

  /** Returns a function that removes the listener again. */
  add(listener: (ids: string[]) => Promise<void> | void): () => void {
    this.listeners.add(listener);
    return () => {
      this.listeners.delete(listener);
    };
  }

  /** Runs every listener and waits for all of them; never throws. */
  async emit(ids: string[]): Promise<void> {
    if (ids.length === 0 || this.listeners.size === 0) return;
    const results = await Promise.allSettled([...this.listeners].map(async (listener) => listener([...ids])));
    for (const result of results) {
      if (result.status === 'rejected') {
        const reason = result.reason instanceof Error ? result.reason.message : String(result.reason);
        this.logger.error(`A ${this.what} listener failed for ${ids.length} id(s): ${reason}`);
      }
    }
  }
}
