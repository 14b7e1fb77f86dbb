import { Global, MiddlewareConsumer, Module, NestModule } from '@nestjs/common';
import { ClockSettings } from '../config/settings';
import { Clock, SystemClock } from './clock';
import { jsonBodiesOnly } from './json-body';

/** Providers every feature may inject (the clock), and the API's one body type. */
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
export class CommonModule implements NestModule {
  configure(consumer: MiddlewareConsumer): void {
    consumer.apply(jsonBodiesOnly).forRoutes('*');
  }
}
