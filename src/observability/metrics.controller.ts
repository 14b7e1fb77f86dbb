import { Controller, Get, Header } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { Public } from '../staff/auth.decorators';
import { MetricsService } from './metrics.service';

@ApiTags('operations')
@Controller('metrics')
export class MetricsController {
  constructor(private readonly metrics: MetricsService) {}

  /** Open like /health so Prometheus can scrape it; it holds counts, never personal data. */
  @Get()
  @Public()
  @Header('Content-Type', 'text/plain; version=0.0.4; charset=utf-8')
  @ApiOperation({ summary: 'Prometheus metrics: touches by state, due backlog, planner runs, sends, webhooks, HTTP latency' })
  scrape(): Promise<string> {
    return this.metrics.metrics();
  }
}
