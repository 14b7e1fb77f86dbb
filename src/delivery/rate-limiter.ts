/**
 * A token bucket per channel, in-process: each worker process keeps its own, so N workers send at
 * up to N times the rate. Taking more tokens than the bucket holds (a long SMS) waits for the debt.
 */
export class TokenBucket {
  private tokens: number;
  private last: number;
  private chain: Promise<void> = Promise.resolve();

  /** `ratePerSecond` 0 = unlimited. The bucket holds one second's worth (at least one token). */
  constructor(
    private readonly ratePerSecond: number,
    private readonly now: () => number = () => performance.now(),
    private readonly sleep: (ms: number) => Promise<void> = (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
  ) {
    this.capacity = Math.max(1, ratePerSecond);
    this.tokens = this.capacity;
    this.last = this.now();
  }

  private readonly capacity: number;

  /** Resolves when `cost` tokens are taken; callers are served in order. */
  take(cost = 1): Promise<void> {
    if (this.ratePerSecond <= 0) return Promise.resolve();
    const turn = this.chain.then(() => this.wait(cost));
    this.chain = turn.catch(() => undefined);
    return turn;
  }

  private async wait(cost: number): Promise<void> {
    this.refill();
    this.tokens -= cost;
    if (this.tokens < 0) {
      await this.sleep((-this.tokens / this.ratePerSecond) * 1000);
      this.refill();
    }
  }

  private refill(): void {
    const at = this.now();
    this.tokens = Math.min(this.capacity, this.tokens + ((at - this.last) / 1000) * this.ratePerSecond);
    this.last = at;
  }
}

/** At most `limit` promises running at once. */
export class Semaphore {
  private running = 0;
  private readonly waiting: (() => void)[] = [];

  constructor(private readonly limit: number) {}

  async run<T>(task: () => Promise<T>): Promise<T> {
    if (this.running >= this.limit) await new Promise<void>((resolve) => this.waiting.push(resolve));
    else this.running += 1;
    try {
      return await task();
    } finally {
      const next = this.waiting.shift();
      if (next) next();
      else this.running -= 1;
    }
  }
}
