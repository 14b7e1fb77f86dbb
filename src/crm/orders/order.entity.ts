import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

export type OrderStatus = 'placed' | 'cancelled' | 'refunded';
export const ORDER_STATUSES: OrderStatus[] = ['placed', 'cancelled', 'refunded'];

@Entity('orders')
export class Order {
  @PrimaryGeneratedColumn('identity', { type: 'bigint', generatedIdentity: 'ALWAYS' })
  id: string;

  @Column('bigint', { name: 'customer_id' })
  customerId: string;

  @Column('text', { name: 'external_id' })
  externalId: string;

  @Column('timestamptz', { name: 'placed_at' })
  placedAt: Date;

  /** The zone the order was placed in, when the source said so. */
  @Column('text', { name: 'placed_time_zone', nullable: true })
  placedTimeZone: string | null;

  /** Exact decimal, as a string. */
  @Column('numeric', { precision: 19, scale: 4 })
  total: string;

  @Column('character', { length: 3 })
  currency: string;

  @Column('text')
  status: OrderStatus;

  @Column('timestamptz', { name: 'created_at' })
  createdAt: Date;

  @Column('timestamptz', { name: 'updated_at' })
  updatedAt: Date;
}
