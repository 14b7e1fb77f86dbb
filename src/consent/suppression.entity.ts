import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

export type SuppressionChannel = 'email' | 'sms' | 'call';

/** An address that must never be contacted on a channel, whatever any rule says. */
@Entity('suppressions')
export class Suppression {
  @PrimaryGeneratedColumn('identity', { type: 'bigint', generatedIdentity: 'ALWAYS' })
  id: string;

  @Column('text')
  channel: SuppressionChannel;

  /** Lower-cased email, or E.164 phone for sms and call. */
  @Column('text')
  address: string;

  @Column('bigint', { name: 'customer_id', nullable: true })
  customerId: string | null;

  /** unsubscribe, stop, hard_bounce, spam_report, asked_not_to_call, admin. */
  @Column('text')
  reason: string;

  @Column('text')
  source: string;

  @Column('timestamptz', { name: 'created_at' })
  createdAt: Date;
}
