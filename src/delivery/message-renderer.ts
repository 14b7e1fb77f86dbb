import { Injectable } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { Env } from '../config/env';
import { RenderableTemplate, renderTemplate } from '../templates/renderer';
import { TemplateContextService } from '../templates/template-context.service';
import { TemplatesService } from '../templates/templates.service';
import { RenderedContent } from './message';

export interface RenderRequest {
  templateKey: string;
  customerId: string;
  orderId: string | null;
  /** The occurrence's date in the customer's zone, for `{{touch.date}}` and `daysSince`. */
  localDate: string;
}

/**
 * The one seam between dispatch and the templates feature: the rendered parts of a touch's
 * template for its customer, in the customer's locale. Throws the templates' domain errors
 * (not found, unprocessable), which end the touch as failed.
 */
export abstract class MessageRenderer {
  abstract render(request: RenderRequest, now: Date): Promise<RenderedContent>;
}

/** How long a template read from the store serves further sends. */
const TEMPLATE_TTL_MS = 2_000;

/**
 * What `TemplatesService.renderForCustomer` does, with the template read once per key every two
 * seconds instead of once per message: a busy worker renders thousands a second. An edit reaches
 * sends within two seconds.
 */
@Injectable()
export class TemplatesMessageRenderer extends MessageRenderer {
  private readonly loaded = new Map<string, { at: number; template: Promise<RenderableTemplate> }>();

  constructor(
    private readonly templates: TemplatesService,
    private readonly contexts: TemplateContextService,
    private readonly config: ConfigService<Env, true>,
  ) {
    super();
  }

  async render(request: RenderRequest, now: Date): Promise<RenderedContent> {
    const template = await this.template(request.templateKey);
    const context = await this.contexts.forCustomer(request.customerId, { orderId: request.orderId, now, touchDate: request.localDate });
    const message = renderTemplate(template, context.customer.locale, context, this.config.get('DEFAULT_LOCALE', { infer: true }));
    return { ...message.parts, locale: message.locale };
  }

  private template(key: string): Promise<RenderableTemplate> {
    const at = performance.now();
    const cached = this.loaded.get(key);
    if (cached && at - cached.at < TEMPLATE_TTL_MS) return cached.template;
    const template = this.templates.load(key);
    this.loaded.set(key, { at, template });
    template.catch(() => this.loaded.delete(key));
    return template;
  }
}
