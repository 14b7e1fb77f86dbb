import { Global, MiddlewareConsumer, Module, NestModule } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { Env } from '../config/env';
import { Clock, SystemClock } from './clock';
import { jsonBodiesOnly } from './json-body';

/** Providers every feature may inject (the clock), and the API's one body type. */
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
export class CommonModule implements NestModule {
  configure(consumer: MiddlewareConsumer): void {
    consumer.apply(jsonBodiesOnly).forRoutes('*');
  }
}
