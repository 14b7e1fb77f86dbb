import { Global, Module } from '@nestjs/common';
import { ClockSettings } from '../config/settings';
import { Clock, SystemClock } from './clock';

/** Providers every feature may inject (the clock). */
@Global()
@Module({
  providers: [
    {
      provide: Clock,
      inject: [ClockSettings],
      useFactory: (settings: ClockSettings) => new SystemClock(settings.start),
    },
  ],
  exports: [Clock],
})
export class CommonModule {}
