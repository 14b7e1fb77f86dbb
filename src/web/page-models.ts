import { addDays } from '../tasks/days';
import { formatDate } from '../templates/helpers';
import { TalkingPoints } from '../tasks/talking-points';
import { TaskView } from '../tasks/task-view';
import { outcomesFor, TaskOutcome } from '../tasks/task.entity';
import { TimelineEntry } from '../tasks/timeline.service';

/** Plain objects for the templates: everything formatted here, the templates only place it. */

export const OUTCOME_LABELS: Record<TaskOutcome, string> = {
  reached: 'Reached',
  left_voicemail: 'Left a voicemail',
  no_answer: 'No answer',
  wrong_number: 'Wrong number',
  asked_not_to_call: 'Asked not to be called',
  card_sent: 'Card sent',
  replied: 'Replied',
  called_back: 'Called back',
  no_action_needed: 'No action needed',
};

const EVENT_LABELS: Record<string, string> = {
  task_created: 'Task created',
  task_completed: 'Task completed',
  task_snoozed: 'Task snoozed',
  task_reassigned: 'Task reassigned',
  task_skipped: 'Task skipped',
  task_moved: 'Task moved to a later day',
  note: 'Note',
  reply: 'Reply',
  auto_reply: 'Automatic reply (no task)',
  reply_task_opened: 'Reply task opened',
  expired: 'Too late to send: expired',
  replanned: 'Re-planned after a rule edit',
};

export function formatInstant(at: Date, timeZone: string): string {
  return new Intl.DateTimeFormat('en-GB', { timeZone, dateStyle: 'medium', timeStyle: 'short' }).format(at);
}

function money(value: string, currency: string): string {
  const amount = Number(value);
  if (!Number.isFinite(amount)) return value;
  try {
    return new Intl.NumberFormat('en', { style: 'currency', currency, maximumFractionDigits: 0 }).format(amount);
  } catch {
    return `${amount.toFixed(0)} ${currency}`;
  }
}

export function talkingPointLines(points: Partial<TalkingPoints>, timeZone: string): string[] {
  const lines: string[] = [];
  // Every date on a card one way: the script's own `date … "long"` in the customer's locale.
  const day = (value: string) => formatDate(value, 'long', points.locale ?? 'en', timeZone);
  const currency = points.currency ?? 'USD';
  if (points.lifetimeValue !== undefined)
    lines.push(`Lifetime value ${money(points.lifetimeValue, currency)} over ${points.orderCount ?? 0} orders`);
  if (points.daysSinceLastOrder !== undefined && points.daysSinceLastOrder !== null)
    lines.push(`Last order ${points.daysSinceLastOrder} days ago`);
  for (const order of points.lastOrders ?? []) {
    lines.push(`Order ${order.externalId}: ${money(order.total, order.currency)} on ${day(order.placedAt)} (${order.status})`);
  }
  if (points.upcomingBirthday) {
    const { date, inDays, turning } = points.upcomingBirthday;
    lines.push(`Birthday ${inDays === 0 ? 'today' : `in ${inDays} days`} (${day(date)})${turning ? `, turning ${turning}` : ''}`);
  }
  for (const entry of points.history ?? []) {
    const what = entry.outcome ? OUTCOME_LABELS[entry.outcome] : entry.kind === 'note' ? 'Note' : `Earlier ${entry.kind}`;
    lines.push(`${day(entry.at)} · ${what}${entry.by ? ` (${entry.by})` : ''}${entry.note ? `: ${entry.note}` : ''}`);
  }
  if (points.mailingAddress) {
    const a = points.mailingAddress;
    lines.push(`Mail to: ${[a.line1, a.line2, a.city, a.region, a.postalCode, a.country].filter(Boolean).join(', ')}`);
  }
  return lines;
}

export function taskCardModel(task: TaskView, today: string, timeZone: string, returnPath: string) {
  const points = (task.talkingPoints ?? {}) as Partial<TalkingPoints>;
  return {
    id: task.id,
    kind: task.kind,
    kindLabel: task.kind === 'call' ? 'Call' : task.kind === 'card' ? 'Card' : 'Reply',
    customerName: task.customer.name,
    customerPath: encodeURIComponent(task.customer.externalId),
    overdue: task.overdue,
    dueDate: task.dueDate,
    priority: task.priority,
    value: money(task.customer.lifetimeValue, points.currency ?? 'USD'),
    phone: task.kind === 'call' ? (points.phone ?? null) : null,
    movedReason: task.movedReason,
    script: points.script ?? null,
    points: [...replyLines(task, timeZone), ...talkingPointLines(points, timeZone)],
    outcomes: outcomesFor(task.kind).map((value) => ({ value, label: OUTCOME_LABELS[value] })),
    tomorrow: addDays(today, 1),
    returnPath,
  };
}

/** A reply task's card: what the customer wrote, oldest first, and what of ours they answered. */
function replyLines(task: TaskView, timeZone: string): string[] {
  if (!task.reply) return [];
  const lines = task.reply.messages.map(
    (message) => `${formatInstant(new Date(message.receivedAt), timeZone)} · ${message.source}: ${message.text}`,
  );
  const earlier = task.reply.messageCount - task.reply.messages.length;
  if (earlier > 0) lines.unshift(`${earlier} earlier messages are on the timeline`);
  const answered = task.reply.answers;
  if (answered) lines.push(`In answer to our ${answered.channel}${answered.subject ? ` "${answered.subject}"` : ''}`);
  return lines;
}

function detailText(value: unknown): string | null {
  return typeof value === 'string' && value.trim() !== '' ? value : null;
}

export function timelineEntryModel(entry: TimelineEntry, timeZone: string) {
  const d = entry.detail;
  let title: string;
  const lines: string[] = [];
  if (entry.type === 'order') {
    title = `Order ${String(d.externalId)}: ${money(String(d.total), String(d.currency))} (${entry.kind})`;
  } else if (entry.type === 'touch') {
    const task = (d.task ?? null) as {
      state?: string;
      outcome?: TaskOutcome | null;
      note?: string | null;
      skipReason?: string | null;
      assignee?: string | null;
    } | null;
    title = `${entry.kind[0].toUpperCase()}${entry.kind.slice(1)}${d.rule ? ` · ${String(d.rule)}` : ''} · ${String(d.state)}${d.reason ? ` (${String(d.reason)})` : ''}`;
    const rendered = (d.rendered ?? null) as Record<string, unknown> | null;
    if (rendered) {
      const subject = detailText(rendered.subject);
      const text = detailText(rendered.text) ?? detailText((rendered.parts as Record<string, unknown> | undefined)?.text);
      if (subject) lines.push(`Subject: ${subject}`);
      if (text) lines.push(text);
    }
    if (task) {
      const outcome = task.outcome ? OUTCOME_LABELS[task.outcome] : null;
      lines.push(`Task ${task.state ?? ''}${task.assignee ? ` · ${task.assignee}` : ''}${outcome ? ` · ${outcome}` : ''}`);
      if (task.note) lines.push(`Note: ${task.note}`);
      if (task.skipReason) lines.push(`Skipped: ${task.skipReason}`);
    }
  } else {
    title = EVENT_LABELS[entry.kind] ?? entry.kind.replace(/_/g, ' ');
    const outcome = typeof d.outcome === 'string' && d.outcome in OUTCOME_LABELS ? OUTCOME_LABELS[d.outcome as TaskOutcome] : null;
    if (outcome) lines.push(outcome);
    for (const key of ['note', 'text', 'reason', 'until', 'to', 'body']) {
      const text = detailText(d[key]);
      if (text && !(key === 'to' && entry.kind === 'task_reassigned')) lines.push(key === 'until' ? `Until ${text}` : text);
    }
  }
  return {
    type: entry.type,
    iso: entry.at.toISOString(),
    when: formatInstant(entry.at, timeZone),
    actor: entry.actor,
    title,
    lines,
  };
}
