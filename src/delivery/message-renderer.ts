import { Injectable } from '@nestjs/common';
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

@Injectable()
export class TemplatesMessageRenderer extends MessageRenderer {
  constructor(private readonly templates: TemplatesService) {
    super();
  }

  async render(request: RenderRequest, now: Date): Promise<RenderedContent> {
    const message = await this.templates.renderForCustomer(request.templateKey, request.customerId, {
      orderId: request.orderId,
      now,
      touchDate: request.localDate,
    });
    return { ...message.parts, locale: message.locale };
  }
}
