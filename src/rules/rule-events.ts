import { Injectable, Logger } from '@nestjs/common';

/** Called with the ids of enabled rules whose edit just committed. */
export type ChangedRulesListener = (ruleIds: string[]) => Promise<void> | void;

/**
 * The hook through which the planner hears of an edited rule at once, so its pending touches are
 * re-planned under the new version before any of them can go out under the old one. In-process;
 * a listener that fails is logged and the edit stands: the next plan run re-plans the same.
 */
@Injectable()
export class RuleEvents {
  private readonly logger = new Logger(RuleEvents.name);
  private readonly listeners = new Set<ChangedRulesListener>();

  /** Returns a function that removes the listener again. */
  onChanged(listener: ChangedRulesListener): () => void {
    this.listeners.add(listener);
    return () => {
      this.listeners.delete(listener);
    };
  }

  /** Runs every listener and waits for all of them; never throws. */
  async emitChanged(ruleIds: string[]): Promise<void> {
    if (ruleIds.length === 0 || this.listeners.size === 0) return;
    const results = await Promise.allSettled([...this.listeners].map(async (listener) => listener([...ruleIds])));
    for (const result of results) {
      if (result.status === 'rejected') {
        const reason = result.reason instanceof Error ? result.reason.message : String(result.reason);
        this.logger.error(`A changed-rules listener failed for ${ruleIds.length} rule(s): ${reason}`);
      }
    }
  }
}
