import { Injectable } from '@nestjs/common';

export interface RenderedScript {
  text: string;
  /** Cards: the envelope address block. */
  address?: string;
}

export interface ScriptRequest {
  templateKey: string;
  customerId: string;
  orderId: string | null;
  now: Date;
}

/**
 * The rendered template for a task's talking points. The one place tasks ask the template
 * store for text, so switching to `TemplatesService.renderForCustomer` once it is part of the
 * app is a change to this class alone. Until then tasks carry the computed context only.
 */
@Injectable()
export class ScriptRenderer {
  async render(request: ScriptRequest): Promise<RenderedScript | null> {
    void request;
    return null;
  }
}
