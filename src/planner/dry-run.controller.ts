import { Body, Controller, HttpCode, Param, Post } from '@nestjs/common';
import { ApiExtraModels, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiErrors, ApiTokenAuth, BODY_ERRORS } from '../common/api-docs';
import { UuidParamPipe } from '../common/validation';
import { Roles } from '../staff/auth.decorators';
import { DryRunRuleDto, DryRunWindowDto } from './dto/planner.dto';
import { DryRunResultDto, DryRunSkipDto } from './dto/planner-response.dto';
import { DryRunResult, DryRunService } from './dry-run.service';

@ApiTags('rules')
@ApiTokenAuth()
@ApiErrors([403, 'Admins only.'])
@ApiExtraModels(DryRunSkipDto)
@Roles('admin')
@Controller('rules')
export class DryRunController {
  constructor(private readonly dryRuns: DryRunService) {}

  @Post('dry-run')
  @HttpCode(200)
  @ApiOperation({
    summary:
      'What an unsaved rule would plan in a window: who, when (local and UTC), channel, template, and who is left out and why. Writes nothing.',
  })
  @ApiOkResponse({ type: DryRunResultDto })
  @ApiErrors(...BODY_ERRORS, [422, 'The rule is not valid; `errors` names each path under `rule.`.'])
  unsaved(@Body() body: DryRunRuleDto): Promise<DryRunResult> {
    return this.dryRuns.forUnsavedRule(body.rule, body);
  }

  @Post(':id/dry-run')
  @HttpCode(200)
  @ApiOperation({ summary: 'What a saved rule (enabled or not) would plan in a window. Writes nothing.' })
  @ApiOkResponse({ type: DryRunResultDto })
  @ApiErrors(...BODY_ERRORS, [404, 'No rule has this id.'])
  saved(@Param('id', UuidParamPipe) id: string, @Body() body: DryRunWindowDto): Promise<DryRunResult> {
    return this.dryRuns.forSavedRule(id, body);
  }
}
