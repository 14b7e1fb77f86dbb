import { Module } from '@nestjs/common';
import { RedriveService } from './redrive.service';
import { TouchesController } from './touches.controller';
import { TouchesService } from './touches.service';

@Module({
  controllers: [TouchesController],
  providers: [TouchesService, RedriveService],
  exports: [TouchesService, RedriveService],
})
export class TouchesModule {}
