import { Module } from '@nestjs/common';
import { RulesBootstrap } from './rules.bootstrap';
import { RulesController } from './rules.controller';
import { RulesService } from './rules.service';
import { TemplateCatalog } from './template-catalog';

@Module({
  controllers: [RulesController],
  providers: [RulesService, TemplateCatalog, RulesBootstrap],
  exports: [RulesService],
})
export class RulesModule {}
