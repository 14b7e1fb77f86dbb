import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { EntityManager } from 'typeorm';
import { canonicalLocale } from './locale';
import { CHANNEL_PARTS, CHANNELS, Channel, VariantParts } from './template.types';

/**
 * Templates shipped with the app, in the top-level `templates/` folder:
 *
 *   templates/<key>/template.json        { "channel": "email", "description": "…", "defaultLocale": "en" }
 *   templates/<key>/<locale>/<part>.hbs  one file per part (subject.hbs, html.hbs, text.hbs, address.hbs)
 *
 * The folder of `defaultLocale` becomes the default variant (''); the others keep their tag.
 * One trailing newline of each file is dropped, so editors may end files as they like.
 */
export interface ShippedTemplate {
  key: string;
  channel: Channel;
  description: string;
  /** Parts by stored locale ('' = default). */
  variants: Map<string, VariantParts>;
}

// Works from src/templates (tests) and dist/templates (the build) alike.
export const SHIPPED_TEMPLATES_DIR = join(__dirname, '..', '..', 'templates');

export function readShippedTemplates(dir = SHIPPED_TEMPLATES_DIR): ShippedTemplate[] {
  if (!existsSync(dir)) return [];
  const templates: ShippedTemplate[] = [];
  for (const key of readdirSync(dir, { withFileTypes: true })
    .filter((e) => e.isDirectory())
    .map((e) => e.name)
    .sort()) {
    const folder = join(dir, key);
    const meta = JSON.parse(readFileSync(join(folder, 'template.json'), 'utf8')) as {
      channel: Channel;
      description?: string;
      defaultLocale: string;
    };
    if (!CHANNELS.includes(meta.channel)) throw new Error(`templates/${key}: unknown channel ${meta.channel}`);
    const variants = new Map<string, VariantParts>();
    for (const entry of readdirSync(folder, { withFileTypes: true }).filter((e) => e.isDirectory())) {
      const locale = canonicalLocale(entry.name);
      if (!locale) throw new Error(`templates/${key}/${entry.name}: not a BCP 47 locale`);
      const parts: VariantParts = {};
      for (const part of CHANNEL_PARTS[meta.channel]) {
        const file = join(folder, entry.name, `${part}.hbs`);
        if (!existsSync(file)) throw new Error(`templates/${key}/${entry.name}: ${part}.hbs is missing`);
        parts[part] = readFileSync(file, 'utf8').replace(/\r?\n$/, '');
      }
      variants.set(locale === canonicalLocale(meta.defaultLocale) ? '' : locale, parts);
    }
    if (!variants.has('')) throw new Error(`templates/${key}: no folder for the default locale ${meta.defaultLocale}`);
    templates.push({ key, channel: meta.channel, description: meta.description ?? '', variants });
  }
  return templates;
}

/**
 * Loads the shipped templates that are not in the database yet, in the caller's transaction.
 * Never overwrites: an admin's edits win, and two instances loading at once insert each row
 * once (`ON CONFLICT DO NOTHING`). Returns the keys it added.
 */
export async function loadShippedTemplates(manager: EntityManager, now: Date, templates = readShippedTemplates()): Promise<string[]> {
  const added: string[] = [];
  for (const template of templates) {
    const inserted: { id: string }[] = await manager.query(
      `INSERT INTO templates (key, channel, description, created_at, updated_at)
       VALUES ($1, $2, $3, $4, $4) ON CONFLICT (key) DO NOTHING RETURNING id`,
      [template.key, template.channel, template.description, now],
    );
    if (inserted.length === 0) continue;
    added.push(template.key);
    for (const [locale, parts] of template.variants) {
      await manager.query(
        `INSERT INTO template_variants (template_id, locale, parts, updated_at)
         VALUES ($1, $2, $3, $4) ON CONFLICT (template_id, locale) DO NOTHING`,
        [inserted[0].id, locale, JSON.stringify(parts), now],
      );
    }
  }
  return added;
}
