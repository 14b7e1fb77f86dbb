import { Body, Controller, HttpCode, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { UuidParamPipe } from '../common/validation';
import { Roles } from '../staff/auth.decorators';
import { DryRunRuleDto, DryRunWindowDto } from './dto/planner.dto';
import { DryRunResult, DryRunService } from './dry-run.service';

@ApiTags('rules')
@ApiBearerAuth()
@Roles('admin')
@Controller('rules')
export class DryRunController {
  constructor(private readonly dryRuns: DryRunService) {}

  @Post('dry-run')
  @HttpCode(200)
  @ApiOperation({
    summary: 'What an unsaved rule would plan in a window: who, when (local and UTC), channel, template, and who is left out and why. Writes nothing.',
  })
  unsaved(@Body() body: DryRunRuleDto): Promise<DryRunResult> {
    return this.dryRuns.forUnsavedRule(body.rule, body);
  }

  @Post(':id/dry-run')
  @HttpCode(200)
  @ApiOperation({ summary: 'What a saved rule (enabled or not) would plan in a window. Writes nothing.' })
  saved(@Param('id', UuidParamPipe) id: string, @Body() body: DryRunWindowDto): Promise<DryRunResult> {
    return this.dryRuns.forSavedRule(id, body);
  }
}
