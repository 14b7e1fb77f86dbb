import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { Channel } from './rule.types';

/** Whether a template exists, or `unchecked` while there is no template store to ask. */
export type TemplateLookup = 'found' | 'missing' | 'unchecked';

/**
 * The one place rules ask about templates. It reads the `templates` table (key, channel)
 * directly until the templates module exports `TemplatesService.exists(key, channel)`; then
 * this body becomes a call to it and nothing else in rules changes.
 */
@Injectable()
export class TemplateCatalog {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async lookup(key: string, channel: Channel, manager: EntityManager = this.db.manager): Promise<TemplateLookup> {
    const [{ present }] = await manager.query(`SELECT to_regclass('templates') IS NOT NULL AS present`);
    // No template store yet (its migration has not landed): the key cannot be checked, so it is
    // accepted; the planner and the renderer still refuse a touch whose template is missing.
    if (!present) return 'unchecked';
    const rows = await manager.query(`SELECT 1 FROM templates WHERE key = $1 AND channel = $2 LIMIT 1`, [key, channel]);
    return rows.length > 0 ? 'found' : 'missing';
  }
}
