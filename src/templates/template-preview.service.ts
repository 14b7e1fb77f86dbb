import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { Clock } from '../common/clock';
import { NotFoundError } from '../common/errors';
import { CompanySettings } from '../config/settings';
import { Principal } from '../common/domain';
import { TemplateContext } from './context';
import { RenderableTemplate, renderTemplate } from './renderer';
import { noticeWording } from '../consent/notices';
import { composeSms, SmsInfo } from './sms';
import { TemplateContextService } from './template-context.service';
import { apiLocale, Channel, RenderedParts } from './template.types';
import { TemplatesService } from './templates.service';
import * as sql from './templates.sql';
import { rows as sqlRows } from '../database/sql';
import { checkedVariants, VariantsInput } from './variant-input';

export interface PreviewRequest {
  locale?: string;
  customerExternalId?: string;
  orderExternalId?: string;
}

export interface PreviewResult {
  /** Null for an unsaved template. */
  templateKey: string | null;
  channel: Channel;
  /** The locale asked for (or the customer's / the default locale). */
  requestedLocale: string;
  /** The variant used: `default` or a tag. */
  locale: string;
  /** Dates and money were formatted in this locale. */
  formatLocale: string;
  /** Whose data filled the template. */
  data: { kind: 'customer'; customerExternalId: string; orderExternalId: string | null } | { kind: 'sample' };
  parts: RenderedParts;
  /**
   * SMS only: how the text travels and what it costs. `parts.text` is the message exactly as sent
   * to a number for the first time: signed, with the opt-out line (`optOutLine`), which later
   * messages to the same number leave out.
   */
  sms?: SmsInfo & { optOutLine: string };
}

/** Renders stored or unsaved templates against a real customer or sample data. */
@Injectable()
export class TemplatePreviewService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly clock: Clock,
    private readonly templates: TemplatesService,
    private readonly contexts: TemplateContextService,
    private readonly company: CompanySettings,
  ) {}

  async preview(key: string, request: PreviewRequest, principal: Principal): Promise<PreviewResult> {
    return this.run(await this.templates.load(key), request, principal, key);
  }

  /** An unsaved template: checked as saving would check it (400/422), then rendered. */
  async previewDraft(channel: Channel, variants: VariantsInput, request: PreviewRequest, principal: Principal): Promise<PreviewResult> {
    return this.run({ key: 'draft', channel, variants: checkedVariants(channel, variants) }, request, principal, null);
  }

  private async run(
    template: RenderableTemplate,
    request: PreviewRequest,
    principal: Principal,
    key: string | null,
  ): Promise<PreviewResult> {
    const defaultLocale = this.company.defaultLocale;
    const now = this.clock.now();
    let context: TemplateContext;
    let requestedLocale: string;
    let data: PreviewResult['data'];
    if (request.customerExternalId) {
      const customer = await this.findCustomer(request.customerExternalId, principal);
      const order = await this.findOrder(customer.id, request.orderExternalId);
      context = await this.contexts.forCustomer(customer.id, { orderId: order?.id ?? null, now });
      requestedLocale = request.locale ?? customer.locale;
      data = { kind: 'customer', customerExternalId: request.customerExternalId, orderExternalId: order?.externalId ?? null };
    } else {
      requestedLocale = request.locale ?? defaultLocale;
      context = this.contexts.sample(requestedLocale, now);
      data = { kind: 'sample' };
    }
    const rendered = renderTemplate(template, requestedLocale, context, defaultLocale);
    let sms: PreviewResult['sms'];
    if (template.channel === 'sms') {
      const optOutLine = noticeWording(context.customer.locale).smsOptOut;
      // Pooled customers hear from the company, whose name the context puts in the manager's place.
      const pooled = context.manager.name === context.company.name;
      const composed = composeSms({
        text: rendered.parts.text,
        signer: { managerFirstName: pooled ? null : context.manager.firstName, companyName: context.company.name },
        optOutLine,
      });
      rendered.parts.text = composed.body;
      sms = { ...composed.info, optOutLine };
    }
    return {
      templateKey: key,
      channel: template.channel,
      requestedLocale,
      locale: apiLocale(rendered.locale),
      formatLocale: rendered.formatLocale,
      data,
      parts: rendered.parts,
      ...(sms ? { sms } : {}),
    };
  }

  /** A manager previews only with their own customers; anyone else's answer 404 like a missing one. */
  private async findCustomer(externalId: string, principal: Principal): Promise<{ id: string; locale: string }> {
    const rows = await sqlRows<{ id: string; locale: string }>(this.db, sql.PREVIEW_CUSTOMER, [
      externalId,
      principal.role === 'manager' ? principal.staffId : null,
    ]);
    if (rows.length === 0) throw new NotFoundError('Customer', externalId);
    return rows[0];
  }

  /** The named order (it must be the customer's), else their latest placed order, if any. */
  private async findOrder(customerId: string, externalId: string | undefined): Promise<{ id: string; externalId: string } | null> {
    const rows: { id: string; external_id: string }[] = externalId
      ? await sqlRows<{ id: string; external_id: string }>(this.db, sql.PREVIEW_ORDER, [externalId, customerId])
      : await sqlRows<{ id: string; external_id: string }>(this.db, sql.PREVIEW_LATEST_ORDER, [customerId]);
    if (rows.length === 0) {
      if (externalId) throw new NotFoundError('Order', externalId);
      return null;
    }
    return { id: rows[0].id, externalId: rows[0].external_id };
  }
}
