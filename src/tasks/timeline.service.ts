import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { InvalidInputError, NotFoundError } from '../common/errors';
import { Principal } from '../common/domain';
import { decodeTimelineCursor, encodeTimelineCursor, TimelineEntryType } from './timeline-cursor';

export interface TimelineEntry {
  type: TimelineEntryType;
  id: string;
  at: Date;
  /** order: its status; touch: its channel; event: the event kind (sent, reply, task_completed, note…). */
  kind: string;
  /** The staff member behind an event (task actions, notes). */
  actor: string | null;
  detail: Record<string, unknown>;
}

export interface TimelinePage {
  customer: { externalId: string; name: string };
  entries: TimelineEntry[];
  nextCursor: string | null;
}

interface EntryRow {
  type: TimelineEntryType;
  id: string;
  at: Date;
  at_key: string;
  kind: string;
  actor: string | null;
  detail: Record<string, unknown>;
}

export const TIMELINE_DEFAULT_LIMIT = 50;
export const TIMELINE_MAX_LIMIT = 200;

/**
 * A customer's history in one list, newest first: orders, every touch with its state, what was
 * sent and its task (outcome, note), and every touch event (delivery, replies, task actions,
 * notes). One UNION query; each branch reads its own (customer_id, time) index up to the page
 * size, and the keyset (at, type, id) pages without offsets.
 */
@Injectable()
export class TimelineService {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async forCustomer(principal: Principal, externalId: string, options: { limit?: string; cursor?: string } = {}): Promise<TimelinePage> {
    const limit = options.limit === undefined ? TIMELINE_DEFAULT_LIMIT : Number(options.limit);
    if (!Number.isInteger(limit) || limit < 1 || limit > TIMELINE_MAX_LIMIT) {
      throw new InvalidInputError('Invalid limit', [{ field: 'limit', reason: `must be a whole number from 1 to ${TIMELINE_MAX_LIMIT}` }]);
    }
    const after = options.cursor ? decodeTimelineCursor(options.cursor) : null;
    const customers: { id: string; first_name: string; last_name: string; mine: boolean }[] = await this.db.query(
      `SELECT c.id, c.first_name, c.last_name,
              (c.account_manager_id = $2 OR EXISTS (SELECT 1 FROM tasks tk WHERE tk.customer_id = c.id AND tk.assignee_staff_id = $2)) AS mine
         FROM customers c WHERE c.external_id = $1`,
      [externalId, principal.staffId],
    );
    const customer = customers[0];
    // Another manager's customer answers as an unknown one, so external ids cannot be probed.
    // A backup who holds one of the customer's tasks needs the history to make the call.
    if (!customer || (principal.role !== 'admin' && !customer.mine)) throw new NotFoundError('Customer', externalId);

    const rows: EntryRow[] = await this.db.query(
      `SELECT type, id, at, at::text AS at_key, kind, actor, detail FROM (
         (SELECT 'order'::text AS type, o.id, o.placed_at AS at, o.status AS kind, NULL::text AS actor,
                 jsonb_build_object('externalId', o.external_id, 'total', o.total::text, 'currency', o.currency, 'status', o.status) AS detail
            FROM orders o
           WHERE o.customer_id = $1 AND (o.placed_at, 'order'::text, o.id) < ($2::timestamptz, $3::text, $4::bigint)
           ORDER BY o.placed_at DESC, o.id DESC LIMIT $5)
         UNION ALL
         (SELECT 'touch'::text, t.id, t.scheduled_at, t.channel, NULL::text,
                 jsonb_build_object('state', t.state, 'reason', t.reason, 'channel', t.channel, 'templateKey', t.template_key,
                                    'rule', r.name, 'dueDate', t.due_date, 'rendered', t.rendered,
                                    'task', (SELECT jsonb_build_object('id', tk.id::text, 'state', tk.state, 'outcome', tk.outcome,
                                                                       'note', tk.note, 'skipReason', tk.skip_reason, 'dueDate', tk.due_date,
                                                                       'movedReason', tk.moved_reason, 'assignee', s.name)
                                               FROM tasks tk LEFT JOIN staff s ON s.id = tk.assignee_staff_id
                                              WHERE tk.touch_id = t.id))
            FROM touches t LEFT JOIN rules r ON r.id = t.rule_id
           WHERE t.customer_id = $1 AND (t.scheduled_at, 'touch'::text, t.id) < ($2::timestamptz, $3::text, $4::bigint)
           ORDER BY t.scheduled_at DESC, t.id DESC LIMIT $5)
         UNION ALL
         (SELECT 'event'::text, e.id, e.at, e.kind, s.name,
                 e.detail || jsonb_build_object('touchId', e.touch_id::text)
            FROM touch_events e LEFT JOIN staff s ON s.id = e.actor_staff_id
           WHERE e.customer_id = $1 AND (e.at, 'event'::text, e.id) < ($2::timestamptz, $3::text, $4::bigint)
           ORDER BY e.at DESC, e.id DESC LIMIT $5)
       ) entries
       ORDER BY at DESC, type DESC, id DESC
       LIMIT $5`,
      [customer.id, after?.at ?? 'infinity', after?.type ?? '', after?.id ?? '0', limit + 1],
    );
    const page = rows.slice(0, limit);
    const last = page[page.length - 1];
    return {
      customer: { externalId, name: [customer.first_name, customer.last_name].filter(Boolean).join(' ') },
      entries: page.map((row) => ({ type: row.type, id: row.id, at: row.at, kind: row.kind, actor: row.actor, detail: row.detail })),
      nextCursor: rows.length > limit && last ? encodeTimelineCursor({ at: last.at_key, type: last.type, id: last.id }) : null,
    };
  }
}
