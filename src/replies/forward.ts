import { escapeHtml, OutgoingEmail } from '../delivery/message';

/** What a forward of a customer's email reply to their manager says; a plain function of its inputs. */
export interface ForwardInput {
  forwardId: string;
  /** The touch answered: the forward's outbox file is named after it, so erasure finds it. */
  touchId: string;
  manager: { name: string; email: string };
  customer: { name: string; email: string | null };
  subject: string;
  /** The reply's words as kept on the timeline. */
  text: string;
  attachments: number;
  /** The subject of the email of ours they answered, when known. */
  answeredSubject: string | null;
  companyName: string;
  sendingDomain: string;
  publicUrl: string;
}

export function buildForward(input: ForwardInput): OutgoingEmail {
  const who = input.customer.name || 'A customer';
  const about = input.answeredSubject ? ` to "${input.answeredSubject}"` : '';
  const lines = [
    `${who} replied${about}:`,
    '',
    input.text || '(no text)',
    '',
    ...(input.attachments > 0 ? [`(${input.attachments} attachment(s) were not kept.)`, ''] : []),
    `It is on your task list: ${input.publicUrl}/app`,
    ...(input.customer.email ? ['Answering this email writes to the customer directly.'] : []),
  ];
  const text = `${lines.join('\n')}\n`;
  const html = `<p>${text.trimEnd().split('\n').map(escapeHtml).join('<br>\n')}</p>`;
  return {
    touchId: input.touchId,
    to: input.manager.email,
    from: { name: `${who} via ${input.companyName}`, email: `replies@${input.sendingDomain}` },
    replyTo: input.customer.email ? { name: who, email: input.customer.email } : null,
    subject: `Reply from ${who}: ${input.subject || '(no subject)'}`.slice(0, 300),
    text,
    html,
    // RFC 3834: generated mail, so the manager's own autoresponder does not answer it.
    headers: { 'Auto-Submitted': 'auto-generated', 'X-Touchpoint-Forward': input.forwardId },
    // No touch_id: the provider's events about a forward must not move the touch answered.
    customArgs: {},
  };
}
