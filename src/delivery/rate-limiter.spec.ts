import { Semaphore, TokenBucket } from './rate-limiter';

describe('TokenBucket', () => {
  function fakeTime() {
    let now = 0;
    const slept: number[] = [];
    return {
      now: () => now,
      sleep: async (ms: number) => {
        slept.push(ms);
        now += ms;
      },
      slept,
      advance: (ms: number) => (now += ms),
    };
  }

  it('lets a second of burst through, then paces at the rate', async () => {
    const time = fakeTime();
    const bucket = new TokenBucket(2, time.now, time.sleep);
    await bucket.take();
    await bucket.take();
    expect(time.slept).toEqual([]);
    await bucket.take();
    expect(time.slept).toEqual([500]);
  });

  it('charges SMS by segment: a 3-segment message waits for its debt at 1/s', async () => {
    const time = fakeTime();
    const bucket = new TokenBucket(1, time.now, time.sleep);
    await bucket.take(3);
    expect(time.slept).toEqual([2000]);
    await bucket.take(1);
    expect(time.slept).toEqual([2000, 1000]);
  });

  it('does not wait at all when unlimited', async () => {
    const time = fakeTime();
    const bucket = new TokenBucket(0, time.now, time.sleep);
    for (let i = 0; i < 100; i += 1) await bucket.take();
    expect(time.slept).toEqual([]);
  });
});

describe('Semaphore', () => {
  it('runs at most `limit` tasks at once', async () => {
    const semaphore = new Semaphore(3);
    let running = 0;
    let peak = 0;
    await Promise.all(
      Array.from({ length: 20 }, () =>
        semaphore.run(async () => {
          running += 1;
          peak = Math.max(peak, running);
          await new Promise((resolve) => setTimeout(resolve, 2));
          running -= 1;
        }),
      ),
    );
    expect(peak).toBe(3);
  });
});
