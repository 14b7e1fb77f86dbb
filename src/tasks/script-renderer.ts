import { Injectable } from '@nestjs/common';
import { DomainError } from '../common/errors';
import { TemplatesService } from '../templates/templates.service';

export interface RenderedScript {
  text: string;
  /** Cards: the envelope address block. */
  address?: string;
}

export interface ScriptRequest {
  templateKey: string;
  customerId: string;
  orderId: string | null;
  /** The touch's date in the customer's zone, which the template's dates count from. */
  touchDate: string;
  now: Date;
}

/**
 * The rendered template for a task's talking points: the one place tasks ask the template store
 * for text. A template that is missing or cannot be rendered for this customer leaves the task
 * without a script (its computed context still helps); it never blocks the task.
 */
@Injectable()
export class ScriptRenderer {
  constructor(private readonly templates: TemplatesService) {}

  async render(request: ScriptRequest): Promise<RenderedScript | null> {
    try {
      const message = await this.templates.renderForCustomer(request.templateKey, request.customerId, {
        orderId: request.orderId,
        now: request.now,
        touchDate: request.touchDate,
      });
      return message.parts.address !== undefined
        ? { text: message.parts.text, address: message.parts.address }
        : { text: message.parts.text };
    } catch (error) {
      if (error instanceof DomainError) return null;
      throw error;
    }
  }
}
