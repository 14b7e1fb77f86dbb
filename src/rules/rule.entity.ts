import { Column, Entity, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';
import { Action, Condition, Limits, Trigger } from './rule.types';
import { DEFAULT_RULE_PRIORITY } from './rule-defaults';

@Entity('rules')
export class Rule {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column('text')
  name: string;

  @Column('text', { default: '' })
  description: string;

  @Column('boolean', { default: false })
  enabled: boolean;

  /** Higher wins when the frequency cap lets only some touches through. */
  @Column('integer', { default: DEFAULT_RULE_PRIORITY })
  priority: number;

  @Column('jsonb')
  trigger: Trigger;

  @Column('jsonb', { nullable: true })
  conditions: Condition | null;

  @Column('jsonb')
  action: Action;

  @Column('jsonb', { default: () => "'{}'" })
  limits: Limits;

  @Column('integer', { default: 1 })
  version: number;

  @Column('timestamptz', { name: 'created_at' })
  createdAt: Date;

  @Column('timestamptz', { name: 'updated_at' })
  updatedAt: Date;

  @Column('uuid', { name: 'updated_by', nullable: true })
  updatedBy: string | null;

  /** Why the planner could not plan this rule at its last try; null once it plans again. */
  @Column('text', { name: 'last_plan_error', nullable: true })
  lastPlanError: string | null;

  @Column('timestamptz', { name: 'last_plan_error_at', nullable: true })
  lastPlanErrorAt: Date | null;
}

@Entity('rule_versions')
export class RuleVersion {
  @PrimaryColumn('uuid', { name: 'rule_id' })
  ruleId: string;

  @PrimaryColumn('integer')
  version: number;

  /** The rule as it was saved in this version. */
  @Column('jsonb')
  snapshot: Record<string, unknown>;

  /** created, updated, enabled, disabled. */
  @Column('text')
  change: string;

  @Column('uuid', { name: 'changed_by', nullable: true })
  changedBy: string | null;

  @Column('timestamptz', { name: 'changed_at' })
  changedAt: Date;
}
