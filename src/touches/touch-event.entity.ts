import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

/**
 * Kinds written so far: queued, sent, delivered, bounced, dropped, opened, clicked, spam_report,
 * unsubscribed, failed, retry, reply, task_created, task_completed, task_snoozed,
 * task_reassigned, task_skipped, note.
 */
@Entity('touch_events')
export class TouchEvent {
  @PrimaryGeneratedColumn('identity', { type: 'bigint', generatedIdentity: 'ALWAYS' })
  id: string;

  @Column('bigint', { name: 'customer_id' })
  customerId: string;

  @Column('bigint', { name: 'touch_id', nullable: true })
  touchId: string | null;

  @Column('text')
  kind: string;

  @Column('timestamptz')
  at: Date;

  /** The staff member who acted, for task actions and notes. */
  @Column('uuid', { name: 'actor_staff_id', nullable: true })
  actorStaffId: string | null;

  /** SendGrid sg_event_id, Twilio MessageSid+status: duplicates are ignored by a unique index. */
  @Column('text', { name: 'provider_event_id', nullable: true })
  providerEventId: string | null;

  @Column('jsonb', { default: () => "'{}'" })
  detail: Record<string, unknown>;
}
