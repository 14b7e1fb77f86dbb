import { Module } from '@nestjs/common';
import { TemplatesModule } from '../templates/templates.module';
import { RuleEvents } from './rule-events';
import { RulesBootstrap } from './rules.bootstrap';
import { RulesController } from './rules.controller';
import { RulesService } from './rules.service';

/**
 * Imports TemplatesModule for the template check, which also orders boot: Nest runs the
 * bootstrap hooks of imported modules first, so shipped templates exist before default rules.
 */
@Module({
  imports: [TemplatesModule],
  controllers: [RulesController],
  providers: [RulesService, RulesBootstrap, RuleEvents],
  exports: [RulesService, RuleEvents],
})
export class RulesModule {}
