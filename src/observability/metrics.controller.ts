import { Controller, Get, Header } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
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
  @ApiProduces('text/plain')
  @ApiOkResponse({
    description: 'Prometheus text exposition format 0.0.4.',
    schema: { type: 'string', example: '# TYPE touchpoint_touches gauge\ntouchpoint_touches{state="planned"} 42\n' },
  })
  scrape(): Promise<string> {
    return this.metrics.metrics();
  }
}
