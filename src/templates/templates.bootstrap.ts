import { Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { Clock } from '../common/clock';
import { loadShippedTemplates } from './defaults';
import { TemplatesService } from './templates.service';
import * as sql from './templates.sql';
import { rows } from '../database/sql';

/**
 * At boot: on first start (no templates at all) loads the shipped ones, so that later deletions
 * by an admin stay deleted; then fills this instance's copy for `TemplatesService.render`.
 */
@Injectable()
export class TemplatesBootstrap implements OnApplicationBootstrap {
  private readonly logger = new Logger('Templates');

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly clock: Clock,
    private readonly templates: TemplatesService,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const [{ empty }] = await rows<{ empty: boolean }>(this.db, sql.NO_TEMPLATES);
    if (empty) {
      const added = await this.db.transaction((manager) => loadShippedTemplates(manager, this.clock.now()));
      if (added.length > 0) this.logger.log(`Loaded shipped templates: ${added.join(', ')}`);
    }
    await this.templates.refresh();
  }
}
