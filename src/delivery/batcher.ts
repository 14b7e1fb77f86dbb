/**
 * Gathers items arriving close together and writes them with one statement: one commit per
 * flush instead of one per message, which is what a busy worker is otherwise bound by (every
 * commit waits for the WAL to reach disk). Each caller's promise settles with its flush, with the
 * write's answer for its item when the write answers one per item (in order).
 */
export class Batcher<T, R = void> {
  private items: T[] = [];
  private waiters: { resolve: (result: R) => void; reject: (error: unknown) => void }[] = [];
  private timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly write: (items: T[]) => Promise<R[] | void>,
    private readonly maxItems = 64,
    private readonly maxDelayMs = 5,
  ) {}

  add(item: T): Promise<R> {
    return new Promise<R>((resolve, reject) => {
      this.items.push(item);
      this.waiters.push({ resolve, reject });
      if (this.items.length >= this.maxItems) this.flush();
      else this.timer ??= setTimeout(() => this.flush(), this.maxDelayMs);
    });
  }

  private flush(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    const items = this.items;
    const waiters = this.waiters;
    this.items = [];
    this.waiters = [];
    if (items.length === 0) return;
    this.write(items).then(
      (results) => waiters.forEach((w, i) => w.resolve((results ? results[i] : undefined) as R)),
      (error: unknown) => waiters.forEach((w) => w.reject(error)),
    );
  }
}
