import { Injectable } from '@nestjs/common';
import { CompanySettings } from '../config/settings';
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
  /** The touch's signed feedback link when its rule asks for feedback: `{{touch.feedbackUrl}}`. */
  feedbackUrl: string | null;
}

/**
 * The one seam between dispatch and the templates feature: the rendered parts of a touch's
 * template for its customer, in the customer's locale. Throws the templates' domain errors
 * (not found, unprocessable), which end the touch as failed.
 */
export abstract class MessageRenderer {
  /** One entry per request, in order: the content, or the error that ends that touch. */
  abstract renderMany(requests: RenderRequest[], now: Date): Promise<(RenderedContent | Error)[]>;
}

/** How long a template read from the store serves further sends. */
const TEMPLATE_TTL_MS = 2_000;

/**
 * What `TemplatesService.renderForCustomer` does, for a batch: the customers' contexts read in one
 * go, and each template read once per key every two seconds instead of once per message, since a
 * busy worker renders thousands a second. An edit reaches sends within two seconds.
 */
@Injectable()
export class TemplatesMessageRenderer extends MessageRenderer {
  private readonly loaded = new Map<string, { at: number; template: Promise<RenderableTemplate> }>();

  constructor(
    private readonly templates: TemplatesService,
    private readonly contexts: TemplateContextService,
    private readonly company: CompanySettings,
  ) {
    super();
  }

  async renderMany(requests: RenderRequest[], now: Date): Promise<(RenderedContent | Error)[]> {
    const contexts = await this.contexts.forCustomers(
      requests.map((r) => ({ customerId: r.customerId, orderId: r.orderId, now, touchDate: r.localDate, feedbackUrl: r.feedbackUrl })),
    );
    const fallback = this.company.defaultLocale;
    return Promise.all(
      requests.map(async (request, i): Promise<RenderedContent | Error> => {
        const context = contexts[i];
        if (context instanceof Error) return context;
        try {
          const template = await this.template(request.templateKey);
          const message = renderTemplate(template, context.customer.locale, context, fallback);
          return {
            ...message.parts,
            locale: message.locale,
            customerLocale: context.customer.locale,
            ...(request.feedbackUrl ? { feedbackUrl: request.feedbackUrl } : {}),
          };
        } catch (error) {
          return error instanceof Error ? error : new Error(String(error));
        }
      }),
    );
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
