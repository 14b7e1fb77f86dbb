import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { Clock } from '../common/clock';
import { DEFAULT_PAGE_LOCALE, isPageLocale, PAGE_LOCALES } from '../common/domain';
import { ConflictError, InvalidInputError, NotFoundError, UnprocessableError } from '../common/errors';
import { toE164 } from '../common/validators';
import { rows as sqlRows } from '../database/sql';
import { HandoverService } from '../tasks/handover.service';
import { CreateStaffDto, UpdateStaffDto } from './dto/staff.dto';
import { Staff } from './staff.entity';
import * as sql from './staff.sql';

@Injectable()
export class StaffService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly clock: Clock,
    private readonly audit: AuditService,
    private readonly handover: HandoverService,
  ) {}

  list(): Promise<Staff[]> {
    return this.db.getRepository(Staff).find({ order: { name: 'ASC' } });
  }

  async get(id: string): Promise<Staff> {
    const staff = await this.db.getRepository(Staff).findOneBy({ id });
    if (!staff) throw new NotFoundError('Staff member', id);
    return staff;
  }

  /** `actorStaffId`: the admin acting, for the audit log (null for the command line). */
  async create(input: CreateStaffDto, actorStaffId: string | null = null): Promise<Staff> {
    const now = this.clock.now();
    const values = await this.checked(input);
    return this.db.transaction(async (manager) => {
      await this.assertEmailFree(manager.getRepository(Staff), input.email);
      const saved = await manager.getRepository(Staff).save({ ...values, createdAt: now, updatedAt: now } as Staff);
      await this.audit.record(manager, { actorStaffId, action: 'create', entityType: 'staff', entityId: saved.id, after: saved });
      return saved;
    });
  }

  /**
   * Saves the change and, in the same transaction, hands the staff member's open tasks over to
   * their backup or the pool (away on the task's day, or inactive), or back to them (no longer
   * away, or active again) when nobody has started on them.
   */
  async update(id: string, input: UpdateStaffDto, actorStaffId: string | null = null): Promise<Staff> {
    const current = await this.get(id);
    const values = await this.checked({ ...current, ...input }, id);
    return this.db.transaction(async (manager) => {
      if (input.email) await this.assertEmailFree(manager.getRepository(Staff), input.email, id);
      if (current.role === 'admin' && current.active && (values.role !== 'admin' || !values.active)) {
        await this.assertAnotherAdmin(manager.getRepository(Staff), id, values.role !== 'admin' ? 'role' : 'active');
      }
      const now = this.clock.now();
      await manager.getRepository(Staff).update({ id }, { ...values, updatedAt: now });
      const updated = (await manager.getRepository(Staff).findOneBy({ id }))!;
      // An absence entered, changed or removed, or a change of active: their open tasks move to
      // the backup (or the pool), or come back, in this transaction (see tasks/handover.ts).
      await this.handover.reconcile(manager, now, { staffId: id, actorStaffId });
      await this.audit.record(manager, {
        actorStaffId,
        action: 'update',
        entityType: 'staff',
        entityId: id,
        before: current,
        after: updated,
      });
      return updated;
    });
  }

  /** Cross-field checks shared by create and update. */
  private async checked(input: CreateStaffDto & { active?: boolean }, selfId?: string): Promise<Partial<Staff>> {
    let phone: string | null = null;
    if (input.phone) {
      phone = toE164(input.phone);
      if (!phone)
        throw new InvalidInputError('Invalid phone', [{ field: 'phone', reason: 'is not a valid phone number (use +country code)' }]);
    }
    const locale = input.locale ?? DEFAULT_PAGE_LOCALE;
    if (!isPageLocale(locale)) {
      throw new UnprocessableError('Unsupported locale', [{ field: 'locale', reason: `must be one of ${PAGE_LOCALES.join(', ')}` }]);
    }
    if (input.awayFrom && input.awayUntil && input.awayUntil < input.awayFrom) {
      throw new InvalidInputError('Invalid absence', [{ field: 'awayUntil', reason: 'must not be before awayFrom' }]);
    }
    if (input.backupStaffId) {
      if (input.backupStaffId === selfId) {
        throw new InvalidInputError('Invalid backup', [{ field: 'backupStaffId', reason: 'must be another staff member' }]);
      }
      const backup = await this.db.getRepository(Staff).findOneBy({ id: input.backupStaffId });
      if (!backup) throw new InvalidInputError('Invalid backup', [{ field: 'backupStaffId', reason: 'no staff member has this id' }]);
    }
    return {
      name: input.name,
      email: input.email.toLowerCase(),
      role: input.role,
      timeZone: input.timeZone,
      locale,
      phone,
      emailSignature: input.emailSignature ?? null,
      dailyCapacity: input.dailyCapacity ?? 20,
      awayFrom: input.awayFrom ?? null,
      awayUntil: input.awayUntil ?? null,
      backupStaffId: input.backupStaffId ?? null,
      active: input.active ?? true,
    };
  }

  /**
   * Without an active admin nobody could manage staff, tokens or rules again. The active admins'
   * rows are locked in one order, so two admins demoting each other at once are taken in turn and
   * the second is refused, rather than both going through.
   */
  private async assertAnotherAdmin(repository: ReturnType<DataSource['getRepository']>, id: string, field: 'role' | 'active') {
    const admins = await sqlRows<{ id: string }>(repository.manager, sql.LOCK_ACTIVE_ADMINS);
    if (!admins.some((admin) => admin.id !== id)) {
      throw new ConflictError('The last active admin cannot be demoted or deactivated', [
        { field, reason: 'another active admin must remain; make someone else an admin first' },
      ]);
    }
  }

  private async assertEmailFree(repository: ReturnType<DataSource['getRepository']>, email: string, exceptId?: string) {
    const rows = await sqlRows<{ id: string }>(repository.manager, sql.STAFF_WITH_EMAIL, [email]);
    if (rows.some((row) => row.id !== exceptId)) {
      throw new ConflictError('A staff member with this email exists', [{ field: 'email', reason: 'is already in use' }]);
    }
  }
}
