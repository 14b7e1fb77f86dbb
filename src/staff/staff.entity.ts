import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import { PageLocale, Role, ROLES } from '../common/domain';

export { ROLES };
export type { Role };

@Entity('staff')
export class Staff {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column('text')
  name: string;

  @Column('text')
  email: string;

  @Column('text')
  role: Role;

  @Column('text', { name: 'time_zone' })
  timeZone: string;

  /** The language of this person's web page. */
  @Column('text', { default: 'en' })
  locale: PageLocale;

  @Column('text', { nullable: true })
  phone: string | null;

  @Column('text', { name: 'email_signature', nullable: true })
  emailSignature: string | null;

  @Column('integer', { name: 'daily_capacity', default: 20 })
  dailyCapacity: number;

  @Column('date', { name: 'away_from', nullable: true })
  awayFrom: string | null;

  @Column('date', { name: 'away_until', nullable: true })
  awayUntil: string | null;

  @Column('uuid', { name: 'backup_staff_id', nullable: true })
  backupStaffId: string | null;

  @Column('boolean', { default: true })
  active: boolean;

  @Column('timestamptz', { name: 'created_at' })
  createdAt: Date;

  @Column('timestamptz', { name: 'updated_at' })
  updatedAt: Date;
}
