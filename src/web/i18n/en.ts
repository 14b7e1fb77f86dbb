/**
 * The page's English messages: the reference catalogue. Every other language has exactly these
 * keys (the `Messages` type makes a missing one a compile error) and the same `{placeholders}`
 * (catalogue.spec.ts). Words only: dates, numbers and money are formatted by page-text.ts.
 */
export const en = {
  // layout
  skipToContent: 'Skip to content',
  navMain: 'Main',
  navToday: 'Today',
  navPool: 'Pool',
  navReports: 'Reports',
  signOut: 'Sign out',

  // sign-in
  signInTitle: 'Sign in',
  signInIntro: 'Paste the personal token your admin gave you. It stays in this browser until you sign out.',
  tokenLabel: 'Personal token',
  signInButton: 'Sign in',
  signInUnknownToken: 'That token was not recognised. Check it and try again.',
  signInTooMany: 'Too many failed sign-ins. Try again in {seconds} seconds.',

  // today's list
  todayTitle: 'Today',
  todayHeading: 'Today, {date}',
  countsLeft: '{count} left',
  countsOverdue: '{count} overdue',
  countsDone: '{count} done',
  countsSkipped: '{count} skipped',
  filterLabel: 'Filter by kind',
  filterAll: 'All',
  filterCalls: 'Calls',
  filterCards: 'Cards',
  filterReplies: 'Replies',
  nothingLeft: 'Nothing left for today.',
  start: 'Start with the first task',

  // a task
  kindCall: 'Call',
  kindCard: 'Card',
  kindReply: 'Reply',
  overdueSince: 'Overdue since {date}',
  dueOn: 'Due {date}',
  priority: 'priority {priority}',
  customerValue: 'value {value}',
  talkingPoints: 'Talking points',
  openTask: 'Open {kind} for {name}',
  outcome: 'Outcome',
  note: 'Note',
  complete: 'Complete',
  snoozeUntil: 'Snooze until',
  snooze: 'Snooze',
  noteForTimeline: 'Note for the timeline',
  addNote: 'Add note',
  skipReason: 'Why skip it',
  skip: 'Skip',
  handToPool: 'Hand to the pool',
  claim: 'Claim',
  claimFor: 'Claim the {kind} for {name}',
  taskTitle: '{kind}: {name}',
  taskPosition: 'Task {position} of {total} on your list',
  notOnList: 'This task is not on your list for today.',
  taskClosed: 'This task is closed: {state}.',
  backToList: 'Back to the list',
  customerSaid: 'The customer wrote',
  inReplyTo: 'In reply to',

  // outcomes
  outcomeReached: 'Reached',
  outcomeLeftVoicemail: 'Left a voicemail',
  outcomeNoAnswer: 'No answer',
  outcomeWrongNumber: 'Wrong number',
  outcomeAskedNotToCall: 'Asked not to be called',
  outcomeCardSent: 'Card sent',
  outcomeReplied: 'Replied in writing',
  outcomeCalledBack: 'Called back',
  outcomeNoActionNeeded: 'Nothing to answer',

  // task states
  stateOpen: 'open',
  stateDone: 'done',
  stateSkipped: 'skipped',

  // after an action
  flashCompleted: 'Task completed.',
  flashSnoozed: 'Task snoozed.',
  flashNoted: 'Note added.',
  flashClaimed: 'Task claimed: it is on your list now.',
  flashSkipped: 'Task skipped.',
  flashPooled: 'Task handed to the pool.',
  flashSignedOut: 'Signed out.',
  flashDoneForToday: 'Done for today: nothing left on your list.',

  // pool
  poolTitle: 'Pool',
  poolHeading: 'Shared pool',
  poolIntro: 'Calls and cards of customers without an available account manager. Claim one to put it on your list.',
  poolEmpty: 'The pool is empty.',

  // talking points
  pointLifetime: 'Lifetime value {value} over {orders} orders',
  pointLastOrder: 'Last order {days} days ago',
  pointOrder: 'Order {id}: {amount} on {date} ({status})',
  pointBirthdayToday: 'Birthday today ({date})',
  pointBirthdayIn: 'Birthday in {days} days ({date})',
  pointTurning: 'turning {age}',
  pointEarlier: 'Earlier {kind}',
  pointMailTo: 'Mail to: {address}',

  // timeline
  backToToday: '← Today',
  timelineMeta: 'Customer {id} · newest first',
  nothingYet: 'Nothing yet.',
  olderEntries: 'Older entries',
  orderTitle: 'Order {id}: {amount} ({status})',
  subjectLine: 'Subject: {subject}',
  taskLine: 'Task {state}',
  noteLine: 'Note: {note}',
  skippedLine: 'Skipped: {reason}',
  untilLine: 'Until {date}',
  channelEmail: 'Email',
  channelSms: 'SMS',
  channelCall: 'Call',
  channelCard: 'Card',
  channelReply: 'Reply',
  eventTaskCreated: 'Task created',
  eventTaskCompleted: 'Task completed',
  eventTaskSnoozed: 'Task snoozed',
  eventTaskReassigned: 'Task reassigned',
  eventTaskSkipped: 'Task skipped',
  eventTaskMoved: 'Task moved to a later day',
  eventNote: 'Note',
  eventReply: 'Reply',
  eventExpired: 'Too late to send: expired',
  eventReplanned: 'Re-planned after a rule edit',
  eventSent: 'Sent',
  eventDelivered: 'Delivered',
  eventOpened: 'Opened',
  eventClicked: 'Clicked',
  eventBounced: 'Bounced',
  eventFailed: 'Failed',
  eventUnsubscribed: 'Unsubscribed',

  // errors
  errorNotYours: 'Not yours',
  errorNotFound: 'Not found',
  errorAlreadyDone: 'Already done',
  errorCheck: 'Please check',
  errorTooMany: 'Too many requests',
  errorNotFoundMessage: 'There is nothing here, or it is not yours to see.',
  errorNotYoursMessage: 'This task is not on your list: claim it from the pool first.',
  errorAlreadyDoneMessage: 'Someone has already closed this task.',
  errorCheckMessage: 'Something in the form needs another look:',
  errorRefused: 'Refused',
  errorRefusedMessage: 'This form was not sent from a Touchpoint page.',
  back: 'Back',
} as const;

export type MessageKey = keyof typeof en;
/** A language's catalogue: every key of the English one, each a string. */
export type Messages = { readonly [K in MessageKey]: string };
