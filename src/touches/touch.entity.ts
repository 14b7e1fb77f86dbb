import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import { Channel } from '../common/domain';
import { TouchState } from './touch-states';

@Entity('touches')
export class Touch {
  @PrimaryGeneratedColumn('identity', { type: 'bigint', generatedIdentity: 'ALWAYS' })
  id: string;

  @Column('bigint', { name: 'customer_id' })
  customerId: string;

  @Column('uuid', { name: 'rule_id' })
  ruleId: string;

  @Column('integer', { name: 'rule_version' })
  ruleVersion: number;

  /** What makes this touch unique for its rule and customer: `birthday:2027`, `order:123`, `lapse:2026-11-02:1`. */
  @Column('text')
  occurrence: string;

  @Column('text')
  channel: Channel;

  @Column('text', { name: 'template_key' })
  templateKey: string;

  @Column('bigint', { name: 'order_id', nullable: true })
  orderId: string | null;

  @Column('integer')
  priority: number;

  /** When it is sent (email, SMS) or becomes due (tasks), in UTC. */
  @Column('timestamptz', { name: 'scheduled_at' })
  scheduledAt: Date;

  /** The occurrence's date in the customer's zone (the birthday itself, the order day). */
  @Column('date', { name: 'local_date' })
  localDate: string;

  /** Tasks: the day the call or card is due. */
  @Column('date', { name: 'due_date', nullable: true })
  dueDate: string | null;

  /** After this it is too late to send: a pending touch then ends `skipped` as `expired`. Null: never. */
  @Column('timestamptz', { name: 'expires_at', nullable: true })
  expiresAt: Date | null;

  @Column('text')
  state: TouchState;

  /** Why a touch was skipped, failed or cancelled, e.g. `opted_out`, `capped`, `holdout`. */
  @Column('text', { nullable: true })
  reason: string | null;

  @Column('uuid', { name: 'plan_run_id', nullable: true })
  planRunId: string | null;

  @Column('integer', { default: 0 })
  attempts: number;

  @Column('text', { name: 'provider_message_id', nullable: true })
  providerMessageId: string | null;

  /** Exactly what was sent, for the customer's timeline. */
  @Column('jsonb', { nullable: true })
  rendered: Record<string, unknown> | null;

  /** While `sending`: the claiming worker's lease; it extends it while it works the batch. */
  @Column('timestamptz', { name: 'lease_expires_at', nullable: true })
  leaseExpiresAt: Date | null;

  /** While `sending` or `unknown`: when this attempt's message was handed to the provider. */
  @Column('timestamptz', { name: 'send_started_at', nullable: true })
  sendStartedAt: Date | null;

  @Column('timestamptz', { name: 'created_at' })
  createdAt: Date;

  @Column('timestamptz', { name: 'updated_at' })
  updatedAt: Date;
}
