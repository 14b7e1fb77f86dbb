import { Injectable, Logger } from '@nestjs/common';
import { Listeners } from '../../common/listeners';

/** Called with the ids of orders that were just inserted as placed, after their transaction committed. */
export type PlacedOrdersListener = (orderIds: string[]) => Promise<void> | void;

/**
 * The hook through which others (the planner's order rules) hear of new placed orders at once
 * instead of waiting for the next tick. In-process only: a listener that fails is logged and
 * the write stands, because the planner's regular tick finds the same orders anyway.
 */
@Injectable()
export class OrderEvents {
  private readonly listeners = new Listeners(new Logger(OrderEvents.name), 'placed-orders');

  /** Returns a function that removes the listener again. */
  onPlaced(listener: PlacedOrdersListener): () => void {
    return this.listeners.add(listener);
  }

  /** Runs every listener and waits for all of them; never throws. */
  emitPlaced(orderIds: string[]): Promise<void> {
    return this.listeners.emit(orderIds);
  }
}
