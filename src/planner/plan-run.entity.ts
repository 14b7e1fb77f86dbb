import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

@Entity('plan_runs')
export class PlanRun {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  /** `cron`, `manual`, `order`. */
  @Column('text')
  trigger: string;

  @Column('timestamptz', { name: 'started_at' })
  startedAt: Date;

  @Column('timestamptz', { name: 'finished_at', nullable: true })
  finishedAt: Date | null;

  @Column('timestamptz', { name: 'window_start' })
  windowStart: Date;

  @Column('timestamptz', { name: 'window_end' })
  windowEnd: Date;

  @Column('text')
  status: 'running' | 'succeeded' | 'failed';

  @Column('integer', { default: 0 })
  planned: number;

  @Column('integer', { default: 0 })
  skipped: number;

  /** Per rule: planned and skipped by reason. */
  @Column('jsonb', { default: () => "'{}'" })
  counts: Record<string, unknown>;

  @Column('text', { nullable: true })
  error: string | null;
}
