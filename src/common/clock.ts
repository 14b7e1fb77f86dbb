/**
 * The one source of "now". Code takes time from an injected Clock and passes it to SQL as a
 * parameter, so tests and demos can set the time.
 */
export abstract class Clock {
  abstract now(): Date;
}

/** Real time, optionally shifted so that it starts at a chosen instant and then runs on. */
export class SystemClock extends Clock {
  private readonly offsetMs: number;

  constructor(start?: Date) {
    super();
    this.offsetMs = start ? start.getTime() - Date.now() : 0;
  }

  now(): Date {
    return new Date(Date.now() + this.offsetMs);
  }
}

/** A clock that only moves when told to. */
export class FixedClock extends Clock {
  constructor(private current: Date) {
    super();
  }

  now(): Date {
    return new Date(this.current);
  }

  set(at: Date | string): void {
    this.current = new Date(at);
  }

  advance(ms: number): void {
    this.current = new Date(this.current.getTime() + ms);
  }
}
