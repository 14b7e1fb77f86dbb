import { AuditService } from '../audit/audit.service';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { Clock } from '../common/clock';
import { ConflictError, InvalidInputError, NotFoundError, UnprocessableError } from '../common/errors';
import { CompanySettings } from '../config/settings';
import { rowCount, rows as sqlRows, run } from '../database/sql';
import { TemplateContext } from './context';
import { RenderableTemplate, renderTemplate, TemplateNotFoundError } from './renderer';
import { TemplateContextService } from './template-context.service';
import * as sql from './templates.sql';
import { apiLocale, Channel, DEFAULT_VARIANT, RenderedMessage, VariantParts } from './template.types';
import { checkedVariants, checkVariant, readVariant, storedLocale, VariantsInput } from './variant-input';

export interface TemplateView {
  id: string;
  key: string;
  channel: Channel;
  description: string;
  createdAt: Date;
  updatedAt: Date;
  updatedBy: string | null;
  /** Parts by locale; the default variant is under `default`. */
  variants: Record<string, VariantParts>;
}

export interface TemplateSummary {
  key: string;
  channel: Channel;
  description: string;
  /** Locales with a variant, `default` first. */
  locales: string[];
  updatedAt: Date;
}

export interface CreateTemplateInput {
  key: string;
  channel: Channel;
  description?: string;
  variants: VariantsInput;
}

export interface UpdateTemplateInput {
  description?: string;
  /** Replaces the whole set of variants; must include `default`. */
  variants?: VariantsInput;
}

export interface RenderForCustomerOptions {
  orderId?: string | null;
  now: Date;
  /** The touch's date in the customer's zone (YYYY-MM-DD); defaults to `now` there. */
  touchDate?: string;
}

/** Keys the REST API uses as path segments of its own. */
const RESERVED_KEYS = new Set(['variables', 'preview']);

interface TemplateRow {
  id: string;
  key: string;
  channel: Channel;
  description: string;
  created_at: Date;
  updated_at: Date;
  updated_by: string | null;
  variants: { locale: string; parts: VariantParts }[];
}

/**
 * The template store and the renderer other modules call.
 *
 * - `render(key, locale, context)` is synchronous: it renders from this instance's copy of the
 *   templates, loaded at boot and updated by every write through this service. Writes made by
 *   another instance reach it at the next `refresh()` or `renderForCustomer()` of that key.
 * - `renderForCustomer(key, customerId, …)` reads the template fresh and builds the context
 *   from the database.
 * Both throw TemplateNotFoundError (404 kind) for an unknown key and UnprocessableError (422
 * kind) when the context lacks something the template uses.
 */
@Injectable()
export class TemplatesService {
  private readonly cache = new Map<string, RenderableTemplate>();

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly clock: Clock,
    private readonly contexts: TemplateContextService,
    private readonly company: CompanySettings,
    private readonly audit: AuditService,
  ) {}

  // ---- reads -------------------------------------------------------------------------------

  async list(): Promise<TemplateSummary[]> {
    const rows = await sqlRows<TemplateRow>(this.db, sql.LIST_TEMPLATES);
    return rows.map((row) => ({
      key: row.key,
      channel: row.channel,
      description: row.description,
      locales: row.variants.map((v) => apiLocale(v.locale)),
      updatedAt: row.updated_at,
    }));
  }

  async get(key: string): Promise<TemplateView> {
    return toView(await this.find(this.db.manager, key));
  }

  /** True when a template with this key exists (and has this channel, when one is given). */
  async exists(key: string, channel?: Channel): Promise<boolean> {
    const rows = await sqlRows<unknown>(this.db, sql.TEMPLATE_EXISTS, [key, channel ?? null]);
    return rows.length > 0;
  }

  // ---- writes ------------------------------------------------------------------------------

  async create(input: CreateTemplateInput, staffId: string | null): Promise<TemplateView> {
    if (RESERVED_KEYS.has(input.key)) throw new InvalidInputError('Reserved key', [{ field: 'key', reason: `${input.key} is reserved` }]);
    const variants = checkedVariants(input.channel, input.variants);
    const now = this.clock.now();
    const view = await this.db.transaction(async (manager) => {
      const inserted = await sqlRows<{ id: string }>(manager, sql.INSERT_TEMPLATE, [
        input.key,
        input.channel,
        input.description ?? '',
        now,
        staffId,
      ]);
      if (inserted.length === 0)
        throw new ConflictError('A template with this key exists', [{ field: 'key', reason: 'is already in use' }]);
      await this.writeVariants(manager, inserted[0].id, variants, now, staffId);
      const created = toView(await this.find(manager, input.key));
      await this.audit.record(manager, {
        actorStaffId: staffId,
        action: 'create',
        entityType: 'template',
        entityId: input.key,
        after: created,
      });
      return created;
    });
    this.remember(view);
    return view;
  }

  async update(key: string, input: UpdateTemplateInput, staffId: string | null): Promise<TemplateView> {
    const view = await this.db.transaction(async (manager) => {
      const current = await this.find(manager, key, true);
      const variants = input.variants !== undefined ? checkedVariants(current.channel, input.variants) : null;
      const now = this.clock.now();
      await run(manager, sql.UPDATE_TEMPLATE, [current.id, input.description ?? current.description, now, staffId]);
      if (variants) {
        await run(manager, sql.DELETE_OTHER_VARIANTS, [current.id, [...variants.keys()]]);
        await this.writeVariants(manager, current.id, variants, now, staffId);
      }
      const updated = toView(await this.find(manager, key));
      await this.audit.record(manager, {
        actorStaffId: staffId,
        action: 'update',
        entityType: 'template',
        entityId: key,
        before: toView(current),
        after: updated,
      });
      return updated;
    });
    this.remember(view);
    return view;
  }

  /** Refused (409) while a rule sends this template. */
  async remove(key: string, staffId: string | null = null): Promise<void> {
    await this.db.transaction(async (manager) => {
      const current = await this.find(manager, key, true);
      const rules = await sqlRows<{ name: string }>(manager, sql.RULES_USING_TEMPLATE, [key]);
      if (rules.length > 0) {
        throw new ConflictError(`Template ${key} is used by ${rules.length === 1 ? 'a rule' : `${rules.length} rules`}`, [
          { field: 'key', reason: `is used by rule${rules.length === 1 ? '' : 's'} ${rules.map((r) => r.name).join(', ')}` },
        ]);
      }
      await run(manager, sql.DELETE_TEMPLATE, [current.id]);
      await this.audit.record(manager, {
        actorStaffId: staffId,
        action: 'delete',
        entityType: 'template',
        entityId: key,
        before: toView(current),
      });
    });
    this.cache.delete(key);
  }

  /** Creates or replaces one variant; `locale` is `default` or a BCP 47 tag. */
  async putVariant(key: string, locale: string, parts: unknown, staffId: string | null): Promise<TemplateView> {
    const stored = this.checkedLocale(locale);
    const view = await this.db.transaction(async (manager) => {
      const current = await this.find(manager, key, true);
      const read = readVariant(current.channel, parts, '');
      if (read.errors.length > 0) throw new InvalidInputError(`Invalid ${current.channel} variant`, read.errors);
      const problems = checkVariant(read.parts, '');
      if (problems.length > 0) throw new UnprocessableError('The template does not compile', problems);
      const now = this.clock.now();
      await this.writeVariants(manager, current.id, new Map([[stored, read.parts]]), now, staffId);
      await run(manager, sql.TOUCH_TEMPLATE, [current.id, now, staffId]);
      const updated = toView(await this.find(manager, key));
      await this.audit.record(manager, {
        actorStaffId: staffId,
        action: 'put_variant',
        entityType: 'template',
        entityId: key,
        before: toView(current),
        after: updated,
      });
      return updated;
    });
    this.remember(view);
    return view;
  }

  /** The default variant stays: it is what every locale falls back to. */
  async deleteVariant(key: string, locale: string, staffId: string | null): Promise<TemplateView> {
    const stored = this.checkedLocale(locale);
    if (stored === '') {
      throw new ConflictError('The default variant cannot be deleted', [
        { field: 'locale', reason: 'default is what every other locale falls back to' },
      ]);
    }
    const view = await this.db.transaction(async (manager) => {
      const current = await this.find(manager, key, true);
      const deleted = await rowCount(manager, sql.DELETE_VARIANT, [current.id, stored]);
      if (deleted === 0) throw new NotFoundError(`Variant of template ${key}`, stored);
      await run(manager, sql.TOUCH_TEMPLATE, [current.id, this.clock.now(), staffId]);
      const updated = toView(await this.find(manager, key));
      await this.audit.record(manager, {
        actorStaffId: staffId,
        action: 'delete_variant',
        entityType: 'template',
        entityId: key,
        before: toView(current),
        after: updated,
      });
      return updated;
    });
    this.remember(view);
    return view;
  }

  // ---- rendering ---------------------------------------------------------------------------

  /**
   * Renders a template from this instance's copy in the variant for `locale` (falling back
   * `vi-VN` → `vi` → default), with dates and money in that language and the customer's zone.
   */
  render(key: string, locale: string, context: TemplateContext): RenderedMessage {
    const template = this.cache.get(key);
    if (!template) throw new TemplateNotFoundError(key);
    return renderTemplate(template, locale, context, this.company.defaultLocale);
  }

  /**
   * Renders a template for a customer in their locale, from the stored template and the
   * customer's current data (and the triggering order, when given). `locale` is the variant used.
   */
  async renderForCustomer(
    key: string,
    customerId: string,
    options: RenderForCustomerOptions,
  ): Promise<RenderedMessage & { locale: string }> {
    const template = await this.load(key);
    const context = await this.contexts.forCustomer(customerId, options);
    return renderTemplate(template, context.customer.locale, context, this.company.defaultLocale);
  }

  /** The template as rendering needs it, read fresh from the database (and remembered). */
  async load(key: string): Promise<RenderableTemplate> {
    const rows = await sqlRows<TemplateRow>(this.db, sql.TEMPLATE_BY_KEY, [key]);
    if (rows.length === 0) {
      this.cache.delete(key);
      throw new TemplateNotFoundError(key);
    }
    return this.remember(toView(rows[0]));
  }

  /** Reloads this instance's copy of every template. */
  async refresh(): Promise<void> {
    const rows = await sqlRows<TemplateRow>(this.db, sql.SELECT_TEMPLATE);
    this.cache.clear();
    for (const row of rows) this.remember(toView(row));
  }

  // ---- internals ---------------------------------------------------------------------------

  private async find(manager: EntityManager, key: string, lock = false): Promise<TemplateRow> {
    const rows = await sqlRows<TemplateRow>(manager, sql.templateByKey(lock), [key]);
    if (rows.length === 0) throw new NotFoundError('Template', key);
    return rows[0];
  }

  private checkedLocale(locale: string): string {
    const stored = storedLocale(locale);
    if (stored === null) {
      throw new InvalidInputError('Invalid locale', [
        { field: 'locale', reason: `must be ${DEFAULT_VARIANT} or a BCP 47 language tag such as vi or vi-VN` },
      ]);
    }
    return stored;
  }

  private async writeVariants(
    manager: EntityManager,
    templateId: string,
    variants: Map<string, VariantParts>,
    now: Date,
    staffId: string | null,
  ): Promise<void> {
    for (const [locale, parts] of variants) {
      await run(manager, sql.UPSERT_VARIANT, [templateId, locale, JSON.stringify(parts), now, staffId]);
    }
  }

  private remember(view: TemplateView): RenderableTemplate {
    const template: RenderableTemplate = {
      key: view.key,
      channel: view.channel,
      variants: new Map(Object.entries(view.variants).map(([locale, parts]) => [storedLocale(locale) ?? locale, parts])),
    };
    this.cache.set(view.key, template);
    return template;
  }
}

function toView(row: TemplateRow): TemplateView {
  return {
    id: row.id,
    key: row.key,
    channel: row.channel,
    description: row.description,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    updatedBy: row.updated_by,
    variants: Object.fromEntries(row.variants.map((v) => [apiLocale(v.locale), v.parts])),
  };
}
