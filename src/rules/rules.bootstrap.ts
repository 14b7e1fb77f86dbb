import { Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { Clock } from '../common/clock';
import { RulesSettings } from '../config/settings';
import { loadDefaultRules } from './default-rules';

/**
 * Loads the default rules once, on a database without rules. It runs at application bootstrap,
 * after TemplatesBootstrap (RulesModule imports TemplatesModule, and Nest runs imported modules'
 * hooks first), so the shipped templates the defaults name are in place when they appear.
 */
@Injectable()
export class RulesBootstrap implements OnApplicationBootstrap {
  private readonly logger = new Logger('Rules');

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly clock: Clock,
    private readonly settings: RulesSettings,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (!this.settings.loadDefaults) return;
    const inserted = await loadDefaultRules(this.db.manager, this.clock.now());
    if (inserted > 0) this.logger.log(`Loaded ${inserted} default rules`);
  }
}
