import { Logger } from '@nestjs/common';
import { OrderEvents } from './order-events';

describe('OrderEvents', () => {
  beforeEach(() => jest.spyOn(Logger.prototype, 'error').mockImplementation(() => undefined));
  afterEach(() => jest.restoreAllMocks());

  it('calls every listener with the ids and waits for them', async () => {
    const events = new OrderEvents();
    const heard: string[][] = [];
    events.onPlaced((ids) => void heard.push(ids));
    events.onPlaced(async (ids) => {
      await new Promise((resolve) => setTimeout(resolve, 5));
      heard.push(ids.map((id) => `late-${id}`));
    });
    await events.emitPlaced(['1', '2']);
    expect(heard).toEqual([
      ['1', '2'],
      ['late-1', 'late-2'],
    ]);
  });

  it('skips empty emits and stops calling a listener once unsubscribed', async () => {
    const events = new OrderEvents();
    const listener = jest.fn();
    const unsubscribe = events.onPlaced(listener);
    await events.emitPlaced([]);
    unsubscribe();
    await events.emitPlaced(['3']);
    expect(listener).not.toHaveBeenCalled();
  });

  it('logs a failing listener without failing the emit or the other listeners', async () => {
    const events = new OrderEvents();
    const good = jest.fn();
    events.onPlaced(() => {
      throw new Error('sync failure');
    });
    events.onPlaced(async () => Promise.reject(new Error('async failure')));
    events.onPlaced(good);
    await expect(events.emitPlaced(['4'])).resolves.toBeUndefined();
    expect(good).toHaveBeenCalledWith(['4']);
    expect(Logger.prototype.error).toHaveBeenCalledTimes(2);
  });

  it('gives each listener its own copy of the ids', async () => {
    const events = new OrderEvents();
    events.onPlaced((ids) => void ids.pop());
    const second = jest.fn();
    events.onPlaced(second);
    await events.emitPlaced(['5', '6']);
    expect(second).toHaveBeenCalledWith(['5', '6']);
  });
});
