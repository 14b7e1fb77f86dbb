import { Global, Module } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { Env } from '../config/env';
import { Clock, SystemClock } from './clock';

/** Providers every feature may inject: the clock. */
@Global()
@Module({
  providers: [
    {
      provide: Clock,
      inject: [ConfigService],
      useFactory: (config: ConfigService<Env, true>) => {
        const start = config.get('CLOCK_START', { infer: true });
        return new SystemClock(start ? new Date(start) : undefined);
      },
    },
  ],
  exports: [Clock],
})
export class CommonModule {}
