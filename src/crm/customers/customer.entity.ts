import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

export type Channel = 'email' | 'sms' | 'call' | 'card';
export const CONSENT_CHANNELS = ['email', 'sms', 'call'] as const;
export type ConsentChannel = (typeof CONSENT_CHANNELS)[number];

/** Consent for one channel: whether it is granted, and when and how that was last said. */
export interface ChannelConsent {
  status: 'granted' | 'withdrawn';
  at: string;
  source: string;
}
export type Consent = Partial<Record<ConsentChannel, ChannelConsent>>;

export interface PostalAddress {
  line1: string;
  line2?: string;
  city: string;
  region?: string;
  postalCode?: string;
  country: string;
}

@Entity('customers')
export class Customer {
  /** bigint: node-postgres returns it as a string. */
  @PrimaryGeneratedColumn('identity', { type: 'bigint', generatedIdentity: 'ALWAYS' })
  id: string;

  @Column('text', { name: 'external_id' })
  externalId: string;

  @Column('text', { name: 'first_name' })
  firstName: string;

  @Column('text', { name: 'last_name', default: '' })
  lastName: string;

  @Column('text', { nullable: true })
  email: string | null;

  /** E.164. */
  @Column('text', { nullable: true })
  phone: string | null;

  @Column('boolean', { name: 'phone_invalid', default: false })
  phoneInvalid: boolean;

  @Column('smallint', { name: 'birth_year', nullable: true })
  birthYear: number | null;

  @Column('smallint', { name: 'birth_month', nullable: true })
  birthMonth: number | null;

  @Column('smallint', { name: 'birth_day', nullable: true })
  birthDay: number | null;

  @Column('date', { name: 'customer_since', nullable: true })
  customerSince: string | null;

  @Column('text', { name: 'time_zone' })
  timeZone: string;

  @Column('text')
  locale: string;

  @Column('uuid', { name: 'account_manager_id', nullable: true })
  accountManagerId: string | null;

  @Column('text', { array: true, default: () => "'{}'" })
  tags: string[];

  @Column('text', { nullable: true })
  tier: string | null;

  @Column('jsonb', { default: () => "'{}'" })
  consent: Consent;

  @Column('jsonb', { nullable: true })
  address: PostalAddress | null;

  /** Sum of placed orders in BASE_CURRENCY, kept up to date by order writes. Decimal string. */
  @Column('numeric', { name: 'lifetime_value', precision: 19, scale: 4, default: 0 })
  lifetimeValue: string;

  @Column('integer', { name: 'order_count', default: 0 })
  orderCount: number;

  @Column('timestamptz', { name: 'last_order_at', nullable: true })
  lastOrderAt: Date | null;

  @Column('timestamptz', { name: 'anonymized_at', nullable: true })
  anonymizedAt: Date | null;

  @Column('timestamptz', { name: 'created_at' })
  createdAt: Date;

  @Column('timestamptz', { name: 'updated_at' })
  updatedAt: Date;
}
