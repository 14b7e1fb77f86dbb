import { Injectable, Logger } from '@nestjs/common';

/** Called with the ids of orders that were just inserted as placed, after their transaction committed. */
export type PlacedOrdersListener = (orderIds: string[]) => Promise<void> | void;

/**
 * The hook through which others (the planner's order rules) hear of new placed orders at once
 * instead of waiting for the next tick. In-process only: a listener that fails is logged and
 * the write stands, because the planner's regular tick finds the same orders anyway.
 */
@Injectable()
export class OrderEvents {
  private readonly logger = new Logger(OrderEvents.name);
  private readonly listeners = new Set<PlacedOrdersListener>();

  /** Returns a function that removes the listener again. */
  onPlaced(listener: PlacedOrdersListener): () => void {
    this.listeners.add(listener);
    return () => {
      this.listeners.delete(listener);
    };
  }

  /** Runs every listener and waits for all of them; never throws. */
  async emitPlaced(orderIds: string[]): Promise<void> {
    if (orderIds.length === 0 || this.listeners.size === 0) return;
    const results = await Promise.allSettled([...this.listeners].map(async (listener) => listener([...orderIds])));
    for (const result of results) {
      if (result.status === 'rejected') {
        const reason = result.reason instanceof Error ? result.reason.message : String(result.reason);
        this.logger.error(`A placed-orders listener failed for ${orderIds.length} orders: ${reason}`);
      }
    }
  }
}
