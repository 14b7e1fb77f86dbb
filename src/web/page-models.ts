import { addDays } from '../tasks/days';
import { TalkingPoints } from '../tasks/talking-points';
import { TaskView } from '../tasks/task-view';
import { outcomesFor, TaskKind, TaskOutcome, TaskState } from '../tasks/task.entity';
import { TimelineEntry } from '../tasks/timeline.service';
import { MessageKey, PageText } from './i18n/page-text';

/** Plain objects for the templates: everything worded and formatted here, the templates only place it. */

const OUTCOME_KEYS: Record<TaskOutcome, MessageKey> = {
  reached: 'outcomeReached',
  left_voicemail: 'outcomeLeftVoicemail',
  no_answer: 'outcomeNoAnswer',
  wrong_number: 'outcomeWrongNumber',
  asked_not_to_call: 'outcomeAskedNotToCall',
  card_sent: 'outcomeCardSent',
  replied: 'outcomeReplied',
  called_back: 'outcomeCalledBack',
  no_action_needed: 'outcomeNoActionNeeded',
};

const KIND_KEYS: Record<TaskKind, MessageKey> = { call: 'kindCall', card: 'kindCard', reply: 'kindReply' };

const STATE_KEYS: Record<TaskState, MessageKey> = { open: 'stateOpen', done: 'stateDone', skipped: 'stateSkipped' };

const CHANNEL_KEYS: Record<string, MessageKey> = {
  email: 'channelEmail',
  sms: 'channelSms',
  call: 'channelCall',
  card: 'channelCard',
  reply: 'channelReply',
  feedback: 'sourceFeedback',
};

const EVENT_KEYS: Record<string, MessageKey> = {
  task_created: 'eventTaskCreated',
  task_completed: 'eventTaskCompleted',
  task_snoozed: 'eventTaskSnoozed',
  task_reassigned: 'eventTaskReassigned',
  task_skipped: 'eventTaskSkipped',
  task_moved: 'eventTaskMoved',
  note: 'eventNote',
  reply: 'eventReply',
  auto_reply: 'eventAutoReply',
  expired: 'eventExpired',
  replanned: 'eventReplanned',
  sent: 'eventSent',
  delivered: 'eventDelivered',
  opened: 'eventOpened',
  clicked: 'eventClicked',
  bounced: 'eventBounced',
  failed: 'eventFailed',
  unsubscribed: 'eventUnsubscribed',
  reply_task_opened: 'eventReplyTaskOpened',
  feedback: 'eventFeedback',
  follow_up_planned: 'eventFollowUpPlanned',
  task_handed_over: 'eventHandedOver',
  task_handed_back: 'eventHandedBack',
};

export function outcomeLabel(text: PageText, outcome: TaskOutcome): string {
  return text.t(OUTCOME_KEYS[outcome]);
}

export function kindLabel(text: PageText, kind: TaskKind): string {
  return text.t(KIND_KEYS[kind]);
}

function isOutcome(value: unknown): value is TaskOutcome {
  return typeof value === 'string' && value in OUTCOME_KEYS;
}

/** The talking points as lines, in the reader's language; every date the same way, in the reader's zone. */
export function talkingPointLines(points: Partial<TalkingPoints>, text: PageText, timeZone: string): string[] {
  const lines: string[] = [];
  const currency = points.currency ?? 'USD';
  if (points.lifetimeValue !== undefined) {
    lines.push(text.t('pointLifetime', { value: text.money(points.lifetimeValue, currency), orders: points.orderCount ?? 0 }));
  }
  if (points.daysSinceLastOrder !== undefined && points.daysSinceLastOrder !== null) {
    lines.push(text.t('pointLastOrder', { days: points.daysSinceLastOrder }));
  }
  for (const order of points.lastOrders ?? []) {
    lines.push(
      text.t('pointOrder', {
        id: order.externalId,
        amount: text.money(order.total, order.currency),
        date: text.date(order.placedAt, timeZone),
        status: order.status,
      }),
    );
  }
  if (points.upcomingBirthday) {
    const { date, inDays, turning } = points.upcomingBirthday;
    const line =
      inDays === 0
        ? text.t('pointBirthdayToday', { date: text.day(date) })
        : text.t('pointBirthdayIn', { days: inDays, date: text.day(date) });
    lines.push(turning ? `${line}, ${text.t('pointTurning', { age: turning })}` : line);
  }
  for (const entry of points.history ?? []) {
    const what = entry.outcome
      ? outcomeLabel(text, entry.outcome)
      : entry.kind === 'note'
        ? text.t('eventNote')
        : text.t('pointEarlier', { kind: CHANNEL_KEYS[entry.kind] ? text.t(CHANNEL_KEYS[entry.kind]) : entry.kind });
    lines.push(`${text.date(entry.at, timeZone)} · ${what}${entry.by ? ` (${entry.by})` : ''}${entry.note ? `: ${entry.note}` : ''}`);
  }
  if (points.mailingAddress) {
    const a = points.mailingAddress;
    lines.push(
      text.t('pointMailTo', { address: [a.line1, a.line2, a.city, a.region, a.postalCode, a.country].filter(Boolean).join(', ') }),
    );
  }
  return lines;
}

/** Where a task card's forms lead: back to a page, or on through the list (the task page's flow). */
export interface CardPlace {
  returnPath: string;
  /** Where a note (which leaves the task open) comes back to. */
  notePath: string;
  /** On the task page: the list's kind filter the flow goes through ('' for all). */
  flow?: { kind: string };
}

export function taskCardModel(task: TaskView, today: string, timeZone: string, text: PageText, place: CardPlace) {
  const points = (task.talkingPoints ?? {}) as Partial<TalkingPoints>;
  const kind = kindLabel(text, task.kind);
  const name = task.customer.name;
  return {
    id: task.id,
    kind: task.kind,
    kindLabel: kind,
    customerName: name,
    customerPath: encodeURIComponent(task.customer.externalId),
    open: task.state === 'open',
    pool: task.assignee === null,
    stateText: text.t('taskClosed', { state: text.t(STATE_KEYS[task.state]) }),
    overdue: task.overdue,
    due: task.overdue ? text.t('overdueSince', { date: text.day(task.dueDate) }) : text.t('dueOn', { date: text.day(task.dueDate) }),
    priority: text.t('priority', { priority: task.priority }),
    value: text.t('customerValue', { value: text.money(task.customer.lifetimeValue, points.currency ?? 'USD') }),
    // A reply may be answered by phone (called back).
    phone: task.kind === 'call' ? (points.phone ?? null) : task.kind === 'reply' ? task.customer.phone : null,
    reply: replyModel(task, text, timeZone),
    goal: goalModel(task, text, timeZone),
    handedOver: task.handedOverFrom ? text.t('handedOverFrom', { name: task.handedOverFrom.name }) : null,
    followUp: task.followUpAttempt ? text.t('followUpTry', { attempt: task.followUpAttempt }) : null,
    movedReason: task.movedReason,
    script: points.script ?? null,
    points: talkingPointLines(points, text, timeZone),
    outcomes: outcomesFor(task.kind).map((value) => ({ value, label: outcomeLabel(text, value) })),
    tomorrow: addDays(today, 1),
    openLabel: text.t('openTask', { kind, name }),
    claimLabel: text.t('claimFor', { kind, name }),
    returnPath: place.returnPath,
    notePath: place.notePath,
    flow: place.flow ?? null,
  };
}

/** A reply task's response-time goal: when it runs out, marked once it is close or past. */
function goalModel(task: TaskView, text: PageText, timeZone: string) {
  if (!task.goal) return null;
  const time = text.instant(new Date(task.goal.dueBy), timeZone);
  const key = task.goal.state === 'breached' ? 'goalBreached' : task.goal.state === 'near' ? 'goalNear' : 'goalOk';
  return { state: task.goal.state, alert: task.goal.state !== 'ok', text: text.t(key, { time }) };
}

/**
 * A reply task's heart: the customer's own words (the last few kept, oldest first), each with
 * when and how it came, and the message of ours they answered. The text goes to the page as
 * text, escaped like every other value.
 */
function replyModel(task: TaskView, text: PageText, timeZone: string) {
  if (!task.reply) return null;
  const channel = (value: string) => (CHANNEL_KEYS[value] ? text.t(CHANNEL_KEYS[value]) : value);
  const earlier = task.reply.messageCount - task.reply.messages.length;
  const answers = task.reply.answers;
  return {
    earlier: earlier > 0 ? text.t('replyEarlier', { count: earlier }) : null,
    messages: task.reply.messages.map((message) => ({
      iso: message.receivedAt,
      when: text.instant(new Date(message.receivedAt), timeZone),
      source: channel(message.source),
      subject: message.subject ?? null,
      text: message.text,
      cut: message.truncated ? text.t('replyCut') : null,
    })),
    answers: answers
      ? {
          heading: text.t('inReplyTo', { channel: channel(answers.channel) }),
          when: answers.sentAt ? text.instant(new Date(answers.sentAt), timeZone) : null,
          subject: answers.subject,
          text: answers.text,
        }
      : null,
  };
}

function detailText(value: unknown): string | null {
  return typeof value === 'string' && value.trim() !== '' ? value : null;
}

export function timelineEntryModel(entry: TimelineEntry, text: PageText, timeZone: string) {
  const d = entry.detail;
  let title: string;
  const lines: string[] = [];
  const channel = (value: string) => (CHANNEL_KEYS[value] ? text.t(CHANNEL_KEYS[value]) : value);
  if (entry.type === 'order') {
    title = text.t('orderTitle', { id: String(d.externalId), amount: text.money(String(d.total), String(d.currency)), status: entry.kind });
  } else if (entry.type === 'touch') {
    const task = (d.task ?? null) as {
      state?: TaskState;
      outcome?: TaskOutcome | null;
      note?: string | null;
      skipReason?: string | null;
      assignee?: string | null;
    } | null;
    // The touch's state and reason are the ledger's own codes, as the API and reports show them.
    title = `${channel(entry.kind)}${d.rule ? ` · ${String(d.rule)}` : ''} · ${String(d.state)}${d.reason ? ` (${String(d.reason)})` : ''}`;
    const rendered = (d.rendered ?? null) as Record<string, unknown> | null;
    if (rendered) {
      const subject = detailText(rendered.subject);
      const body = detailText(rendered.text) ?? detailText((rendered.parts as Record<string, unknown> | undefined)?.text);
      if (subject) lines.push(text.t('subjectLine', { subject }));
      if (body) lines.push(body);
    }
    if (task) {
      const state = task.state && STATE_KEYS[task.state] ? text.t(STATE_KEYS[task.state]) : '';
      const outcome = isOutcome(task.outcome) ? outcomeLabel(text, task.outcome) : null;
      lines.push(`${text.t('taskLine', { state })}${task.assignee ? ` · ${task.assignee}` : ''}${outcome ? ` · ${outcome}` : ''}`);
      if (task.note) lines.push(text.t('noteLine', { note: task.note }));
      if (task.skipReason) lines.push(text.t('skippedLine', { reason: task.skipReason }));
    }
    const feedback = (d.feedback ?? null) as { score?: number; comment?: string | null } | null;
    if (feedback) {
      lines.push(`${text.t('eventFeedback')}: ${text.t('feedbackScore', { score: String(feedback.score) })}`);
      if (feedback.comment) lines.push(text.t('feedbackComment', { comment: feedback.comment }));
    }
  } else {
    title = EVENT_KEYS[entry.kind] ? text.t(EVENT_KEYS[entry.kind]) : entry.kind.replace(/_/g, ' ');
    if (isOutcome(d.outcome)) lines.push(outcomeLabel(text, d.outcome));
    if (entry.kind === 'feedback' && typeof d.score === 'number') lines.push(text.t('feedbackScore', { score: d.score }));
    for (const key of ['note', 'text', 'reason', 'until', 'to', 'body']) {
      const value = detailText(d[key]);
      if (!value || (key === 'to' && entry.kind === 'task_reassigned')) continue;
      lines.push(key === 'until' ? text.t('untilLine', { date: text.date(value, timeZone) }) : value);
    }
  }
  return {
    type: entry.type,
    iso: entry.at.toISOString(),
    when: text.instant(entry.at, timeZone),
    actor: entry.actor,
    title,
    lines,
  };
}
