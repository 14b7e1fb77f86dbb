import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** call and card carry out a touch; reply answers a customer who wrote back (see reply-tasks.service.ts). */
export type TaskKind = 'call' | 'card' | 'reply';
export const TASK_KINDS: TaskKind[] = ['call', 'card', 'reply'];

export type TaskState = 'open' | 'done' | 'skipped';

export type TaskOutcome =
  | 'reached'
  | 'left_voicemail'
  | 'no_answer'
  | 'wrong_number'
  | 'asked_not_to_call'
  | 'card_sent'
  | 'replied'
  | 'called_back'
  | 'no_action_needed';
export const CALL_OUTCOMES: TaskOutcome[] = ['reached', 'left_voicemail', 'no_answer', 'wrong_number', 'asked_not_to_call'];
export const CARD_OUTCOMES: TaskOutcome[] = ['card_sent'];
/** Answered in writing, answered by phone, or nothing to answer (a thank-you). */
export const REPLY_OUTCOMES: TaskOutcome[] = ['replied', 'called_back', 'no_action_needed'];
export const TASK_OUTCOMES: TaskOutcome[] = [...CALL_OUTCOMES, ...CARD_OUTCOMES, ...REPLY_OUTCOMES];

/** The outcomes a task of this kind may be completed with. */
export function outcomesFor(kind: TaskKind): TaskOutcome[] {
  return kind === 'call' ? CALL_OUTCOMES : kind === 'card' ? CARD_OUTCOMES : REPLY_OUTCOMES;
}
/** Longest note on a task or the timeline, in characters. */
export const NOTE_MAX = 4000;
/** Longest reason for skipping a task, in characters. */
export const SKIP_REASON_MAX = 500;

/**
 * A call or card a staff member carries out (one per touch), or a customer's reply to answer (the
 * touch it answers, if any; one open per customer and touch).
 */
@Entity('tasks')
export class Task {
  @PrimaryGeneratedColumn('identity', { type: 'bigint', generatedIdentity: 'ALWAYS' })
  id: string;

  @Column('bigint', { name: 'customer_id' })
  customerId: string;

  /** Call and card: the touch carried out. Reply: the touch answered, null when the reply matched none. */
  @Column('bigint', { name: 'touch_id', nullable: true })
  touchId: string | null;

  /** null: the shared pool, which any manager may claim from. */
  @Column('uuid', { name: 'assignee_staff_id', nullable: true })
  assigneeStaffId: string | null;

  @Column('text')
  kind: TaskKind;

  /** The day it is on someone's list (after capacity moves and snoozes). */
  @Column('date', { name: 'due_date' })
  dueDate: string;

  /** The day the touch asked for. */
  @Column('date', { name: 'original_due_date' })
  originalDueDate: string;

  /** Rule priority plus customer value; see priority.ts. */
  @Column('integer')
  priority: number;

  @Column('text', { default: 'open' })
  state: TaskState;

  @Column('text', { nullable: true })
  outcome: TaskOutcome | null;

  @Column('text', { nullable: true })
  note: string | null;

  @Column('text', { name: 'skip_reason', nullable: true })
  skipReason: string | null;

  /** Why it is on a later day than asked (capacity, not a working day). */
  @Column('text', { name: 'moved_reason', nullable: true })
  movedReason: string | null;

  @Column('date', { name: 'snoozed_until', nullable: true })
  snoozedUntil: string | null;

  @Column('jsonb', { name: 'talking_points', default: () => "'{}'" })
  talkingPoints: Record<string, unknown>;

  @Column('timestamptz', { name: 'created_at' })
  createdAt: Date;

  @Column('timestamptz', { name: 'updated_at' })
  updatedAt: Date;

  @Column('uuid', { name: 'updated_by', nullable: true })
  updatedBy: string | null;

  /** Reply tasks: when the first reply they hold arrived; null for calls and cards. */
  @Column('timestamptz', { name: 'reply_received_at', nullable: true })
  replyReceivedAt: Date | null;

  @Column('timestamptz', { name: 'completed_at', nullable: true })
  completedAt: Date | null;

  @Column('uuid', { name: 'completed_by', nullable: true })
  completedBy: string | null;
}
