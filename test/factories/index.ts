import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { Consent } from '../../src/crm/customers/customer.entity';
import {
  CustomerSeed,
  insertCustomers,
  insertOrders,
  insertRule,
  insertStaff,
  insertTemplate,
  insertToken,
} from '../../src/demo/seed-data';
import { DEFAULT_RULE_PRIORITY } from '../../src/rules/rule-defaults';
import { Action, Condition, Limits, Trigger } from '../../src/rules/rule.types';
import { Role } from '../../src/staff/staff.entity';
import { newToken } from '../../src/staff/tokens';

/**
 * Factories write straight to the database with unique keys, so tests never depend on each
 * other's rows. Each returns what a test needs to act as or refer to the record.
 */
const NOW = new Date('2026-06-01T00:00:00Z');
let sequence = 0;
export function uniqueId(prefix: string): string {
  sequence += 1;
  return `${prefix}-${randomUUID().slice(0, 8)}-${sequence}`;
}

export interface StaffFixture {
  id: string;
  token: string;
  email: string;
  name: string;
  auth: { Authorization: string };
}

export async function createStaff(
  db: DataSource,
  overrides: Partial<{
    name: string;
    role: Role;
    timeZone: string;
    locale: string;
    dailyCapacity: number;
    awayFrom: string;
    awayUntil: string;
    backupStaffId: string;
    emailSignature: string;
  }> = {},
): Promise<StaffFixture> {
  const email = `${uniqueId('staff')}@example.test`;
  const name = overrides.name ?? 'Sam Staff';
  const [id] = await insertStaff(
    db,
    [
      {
        name,
        email,
        role: overrides.role ?? 'manager',
        timeZone: overrides.timeZone ?? 'UTC',
        locale: overrides.locale,
        dailyCapacity: overrides.dailyCapacity ?? 20,
        awayFrom: overrides.awayFrom ?? null,
        awayUntil: overrides.awayUntil ?? null,
        backupStaffId: overrides.backupStaffId ?? null,
        emailSignature: overrides.emailSignature ?? null,
      },
    ],
    NOW,
  );
  const token = newToken();
  await insertToken(db, id, 'test', token, NOW);
  return { id, token, email, name, auth: { Authorization: `Bearer ${token}` } };
}

/** A customer as the seed module writes it; a test overrides any of it. */
export type CustomerOverrides = CustomerSeed;

export interface CustomerFixture {
  id: string;
  externalId: string;
}

const GRANTED: Consent = {
  email: { status: 'granted', at: '2025-01-01T00:00:00Z', source: 'test' },
  sms: { status: 'granted', at: '2025-01-01T00:00:00Z', source: 'test' },
  call: { status: 'granted', at: '2025-01-01T00:00:00Z', source: 'test' },
};

export async function createCustomer(db: DataSource, overrides: Partial<CustomerOverrides> = {}): Promise<CustomerFixture> {
  const externalId = overrides.externalId ?? uniqueId('cust');
  const c: CustomerOverrides = {
    externalId,
    firstName: 'Ada',
    lastName: 'Lovelace',
    email: `${externalId}@example.com`,
    phone: '+14155550123',
    birthYear: 1990,
    birthMonth: 3,
    birthDay: 14,
    customerSince: '2024-05-01',
    timeZone: 'UTC',
    locale: 'en',
    accountManagerId: null,
    tags: [],
    tier: null,
    consent: GRANTED,
    address: null,
    ...overrides,
  };
  const [id] = await insertCustomers(db, [c], NOW);
  return { id, externalId };
}

export async function createOrder(
  db: DataSource,
  customerId: string,
  overrides: Partial<{ externalId: string; placedAt: string; total: string; currency: string; status: string }> = {},
): Promise<{ id: string; externalId: string }> {
  const externalId = overrides.externalId ?? uniqueId('order');
  const [id] = await insertOrders(
    db,
    [
      {
        customerId,
        externalId,
        placedAt: overrides.placedAt ?? '2026-05-01T10:00:00Z',
        total: overrides.total ?? '100.00',
        currency: overrides.currency ?? 'USD',
        status: overrides.status ?? 'placed',
      },
    ],
    NOW,
  );
  return { id, externalId };
}

export interface RuleOverrides {
  name: string;
  description: string;
  enabled: boolean;
  priority: number;
  trigger: Record<string, unknown>;
  conditions: Record<string, unknown> | null;
  action: Record<string, unknown>;
  limits: Record<string, unknown>;
  version: number;
}

/** A rule row (and its version 1) written directly; by default a disabled birthday email. */
export async function createRule(db: DataSource, overrides: Partial<RuleOverrides> = {}): Promise<{ id: string; name: string }> {
  const r: RuleOverrides = {
    name: uniqueId('rule'),
    description: '',
    enabled: false,
    priority: DEFAULT_RULE_PRIORITY,
    trigger: { kind: 'date', field: 'birthday', offsetDays: 0 },
    conditions: null,
    action: { channel: 'email', templateKey: 'birthday-email', sendAt: '09:00' },
    limits: {},
    version: 1,
    ...overrides,
  };
  // Tests also write rules the API would refuse (an unknown template, say): the row is written as given.
  const { version, ...fields } = r;
  const { id } = await insertRule(
    db,
    {
      ...fields,
      trigger: fields.trigger as unknown as Trigger,
      conditions: fields.conditions as Condition | null,
      action: fields.action as unknown as Action,
      limits: fields.limits as Limits,
    },
    { now: NOW, version },
  );
  return { id, name: r.name };
}

export interface TouchOverrides {
  occurrence: string;
  channel: 'email' | 'sms' | 'call' | 'card';
  templateKey: string;
  state: string;
  reason: string | null;
  scheduledAt: string;
  localDate: string;
  dueDate: string | null;
  priority: number;
  ruleVersion: number;
  orderId: string | null;
}

/** A touch row written directly, by default planned for an email; the occurrence is unique. */
export async function createTouch(
  db: DataSource,
  customerId: string,
  ruleId: string,
  overrides: Partial<TouchOverrides> = {},
): Promise<{ id: string }> {
  const t: TouchOverrides = {
    occurrence: uniqueId('occ'),
    channel: 'email',
    templateKey: 'birthday-email',
    state: 'planned',
    reason: null,
    scheduledAt: '2026-06-20T09:00:00Z',
    localDate: '2026-06-20',
    dueDate: null,
    priority: DEFAULT_RULE_PRIORITY,
    ruleVersion: 1,
    orderId: null,
    ...overrides,
  };
  const [{ id }] = await db.query(
    `INSERT INTO touches (customer_id, rule_id, rule_version, occurrence, channel, template_key, order_id, priority,
                          scheduled_at, local_date, due_date, state, reason, created_at, updated_at)
     VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13,$14,$14) RETURNING id`,
    [
      customerId,
      ruleId,
      t.ruleVersion,
      t.occurrence,
      t.channel,
      t.templateKey,
      t.orderId,
      t.priority,
      t.scheduledAt,
      t.localDate,
      t.dueDate,
      t.state,
      t.reason,
      NOW,
    ],
  );
  return { id };
}

export interface TemplateOverrides {
  key: string;
  channel: 'email' | 'sms' | 'call' | 'card';
  description: string;
  /** Parts by stored locale: '' is the default variant. */
  variants: Record<string, Record<string, string>>;
}

const TEMPLATE_PARTS: Record<TemplateOverrides['channel'], Record<string, string>> = {
  email: { subject: 'Hello {{customer.firstName}}', html: '<p>Hello {{customer.firstName}}</p>', text: 'Hello {{customer.firstName}}' },
  sms: { text: 'Hello {{customer.firstName}} - {{manager.firstName}}' },
  call: { text: 'Call {{customer.fullName}}' },
  card: { text: 'Dear {{customer.firstName}}', address: '{{customer.fullName}}' },
};

/**
 * A template row and its variants written directly (by default an email with a default variant).
 * Rows written here reach TemplatesService.render only after its refresh(); renderForCustomer reads them fresh.
 */
export async function createTemplate(db: DataSource, overrides: Partial<TemplateOverrides> = {}): Promise<{ id: string; key: string }> {
  const channel = overrides.channel ?? 'email';
  const key = overrides.key ?? uniqueId('tpl').toLowerCase();
  const variants = overrides.variants ?? { '': TEMPLATE_PARTS[channel] };
  const id = await insertTemplate(db, { key, channel, description: overrides.description ?? '', variants }, NOW);
  return { id, key };
}

export interface TaskOverrides {
  assigneeStaffId: string | null;
  kind: 'call' | 'card';
  dueDate: string;
  priority: number;
  state: 'open' | 'done' | 'skipped';
  outcome: string | null;
  note: string | null;
  createdAt: string;
  /** The rule its touch belongs to; by default a new disabled rule of its own. */
  ruleId?: string;
  /** Its touch's occurrence; unique by default. */
  occurrence?: string;
}

/**
 * A task with its (queued) touch and rule, written directly, by default an open call due
 * 2026-06-15. Closed tasks get completed_at = createdAt.
 */
export async function createTask(
  db: DataSource,
  customerId: string,
  overrides: Partial<TaskOverrides> = {},
): Promise<{ id: string; touchId: string }> {
  const t: TaskOverrides = {
    assigneeStaffId: null,
    kind: 'call',
    dueDate: '2026-06-15',
    priority: 50,
    state: 'open',
    outcome: null,
    note: null,
    createdAt: '2026-06-15T08:00:00Z',
    ...overrides,
  };
  const ruleId =
    overrides.ruleId ?? (await createRule(db, { action: { channel: t.kind, templateKey: `${t.kind}-template`, sendAt: '09:00' } })).id;
  const touch = await createTouch(db, customerId, ruleId, {
    ...(overrides.occurrence ? { occurrence: overrides.occurrence } : {}),
    channel: t.kind,
    templateKey: `${t.kind}-template`,
    state: t.state === 'open' ? 'queued' : t.state === 'done' ? 'done' : 'skipped',
    reason: t.state === 'skipped' ? 'skipped_by_staff' : null,
    scheduledAt: `${t.dueDate}T09:00:00Z`,
    localDate: t.dueDate,
    dueDate: t.dueDate,
  });
  const closedAt = t.state === 'open' ? null : t.createdAt;
  const [{ id }] = await db.query(
    `INSERT INTO tasks (customer_id, touch_id, assignee_staff_id, kind, due_date, original_due_date, priority, state, outcome, note,
                        skip_reason, created_at, updated_at, completed_at, completed_by)
     VALUES ($1, $2, $3, $4, $5, $5, $6, $7, $8, $9, $10, $11, $11, $12, $13) RETURNING id`,
    [
      customerId,
      touch.id,
      t.assigneeStaffId,
      t.kind,
      t.dueDate,
      t.priority,
      t.state,
      t.state === 'done' ? (t.outcome ?? 'reached') : t.outcome,
      t.note,
      t.state === 'skipped' ? 'test' : null,
      t.createdAt,
      closedAt,
      closedAt ? t.assigneeStaffId : null,
    ],
  );
  return { id, touchId: touch.id };
}
