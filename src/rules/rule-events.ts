import { Injectable, Logger } from '@nestjs/common';
import { Listeners } from '../common/listeners';

/** Called with the ids of enabled rules whose edit just committed. */
export type ChangedRulesListener = (ruleIds: string[]) => Promise<void> | void;

/**
 * The hook through which the planner hears of an edited rule at once, so its pending touches are
 * re-planned under the new version before any of them can go out under the old one. In-process;
 * a listener that fails is logged and the edit stands: the next plan run re-plans the same.
 */
@Injectable()
export class RuleEvents {
  private readonly listeners = new Listeners(new Logger(RuleEvents.name), 'changed-rules');

  /** Returns a function that removes the listener again. */
  onChanged(listener: ChangedRulesListener): () => void {
    return this.listeners.add(listener);
  }

  /** Runs every listener and waits for all of them; never throws. */
  emitChanged(ruleIds: string[]): Promise<void> {
    return this.listeners.emit(ruleIds);
  }
}
