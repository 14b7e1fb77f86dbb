import { Module } from '@nestjs/common';
import { TemplateContextService } from './template-context.service';
import { TemplatePreviewService } from './template-preview.service';
import { TemplatesBootstrap } from './templates.bootstrap';
import { TemplatesController } from './templates.controller';
import { TemplatesService } from './templates.service';

/**
 * Message templates: the store, the safe renderer and previews. Other modules inject
 * TemplatesService (render, renderForCustomer, exists) and TemplateContextService.
 */
@Module({
  controllers: [TemplatesController],
  providers: [TemplatesService, TemplateContextService, TemplatePreviewService, TemplatesBootstrap],
  exports: [TemplatesService, TemplateContextService],
})
export class TemplatesModule {}
