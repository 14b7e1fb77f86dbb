import { Global, MiddlewareConsumer, Module, NestModule } from '@nestjs/common';
import { httpLogging } from './http-logging.middleware';
import { MetricsController } from './metrics.controller';
import { MetricsService } from './metrics.service';

/** Metrics for every feature to count into, the /metrics endpoint, and request ids with access lines. */
@Global()
@Module({
  controllers: [MetricsController],
  providers: [MetricsService],
  exports: [MetricsService],
})
export class ObservabilityModule implements NestModule {
  constructor(private readonly metrics: MetricsService) {}

  configure(consumer: MiddlewareConsumer): void {
    consumer.apply(httpLogging(this.metrics)).forRoutes('*');
  }
}
