import 'reflect-metadata';
import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { DataSource } from 'typeorm';
import { SystemClock } from '../common/clock';
import { DomainError } from '../common/errors';
import { InvalidConfigError, loadEnv } from '../config/env';
import { dataSourceOptions, runMigrations } from '../database/options';
import { resolveDatabase, ResolvedDatabase } from '../database/resolve';
import { CreateStaffDto } from './dto/staff.dto';
import { Staff } from './staff.entity';
import { CapacityService } from '../tasks/capacity.service';
import { HandoverService } from '../tasks/handover.service';
import { StaffService } from './staff.service';
import { TokensService } from './tokens.service';
import { AuditService } from '../audit/audit.service';

/**
 * `npm run admin -- create --email E --name N [--time-zone Z]`: the first admin of a new
 * installation, and `npm run admin -- token --email E`: a new token for an existing admin (a lost
 * one cannot be shown again). Works on DATABASE_URL and on the embedded database. The token is
 * the last line of the output, alone, so a script can take it with `tail -n 1`.
 * Exit 0 on success, 1 when refused (an email in use, no such admin), 2 on bad usage or input.
 */
const USAGE = [
  'Usage: npm run admin -- create --email EMAIL --name NAME [--time-zone ZONE]',
  '       npm run admin -- token --email EMAIL [--token-name NAME]',
].join('\n');

export type AdminCommand =
  { command: 'create'; email: string; name: string; timeZone?: string } | { command: 'token'; email: string; tokenName?: string };

const OPTIONS: Record<string, 'email' | 'name' | 'timeZone' | 'tokenName'> = {
  '--email': 'email',
  '--name': 'name',
  '--time-zone': 'timeZone',
  '--token-name': 'tokenName',
};

/** The command line as a command, or the sentence that says what is wrong with it. */
export function parseAdminArgs(argv: string[]): AdminCommand | string {
  const [command, ...rest] = argv;
  if (command !== 'create' && command !== 'token') return command ? `unknown command "${command}"` : 'expected a command';
  const values: Partial<Record<'email' | 'name' | 'timeZone' | 'tokenName', string>> = {};
  for (let i = 0; i < rest.length; i++) {
    const [flag, inline] = rest[i].split(/=(.*)/s, 2);
    const key = OPTIONS[flag];
    if (!key) return `unknown option ${flag}`;
    const value = inline ?? rest[++i];
    if (value === undefined || value.trim() === '') return `${flag} needs a value`;
    values[key] = value.trim();
  }
  if (!values.email) return '--email is required';
  if (command === 'create') {
    if (!values.name) return '--name is required';
    if (values.tokenName) return '--token-name belongs to the token command';
    return { command, email: values.email, name: values.name, timeZone: values.timeZone };
  }
  if (values.name || values.timeZone) return '--name and --time-zone belong to the create command';
  return { command, email: values.email, tokenName: values.tokenName };
}

class UsageError extends Error {}

async function run(args: AdminCommand, db: DataSource, defaultTimeZone: string, clock: SystemClock): Promise<string[]> {
  const audit = new AuditService(db, clock);
  const staff = new StaffService(db, clock, audit, new HandoverService(db, new CapacityService()));
  const tokens = new TokensService(db, clock, audit);
  if (args.command === 'create') {
    // The same checks as POST /staff: one set of rules for a staff member, whatever the door.
    const input = plainToInstance(CreateStaffDto, {
      name: args.name,
      email: args.email,
      role: 'admin',
      timeZone: args.timeZone ?? defaultTimeZone,
    });
    const problems = validateSync(input, { whitelist: true, forbidNonWhitelisted: true });
    if (problems.length > 0) {
      throw new UsageError(problems.flatMap((p) => Object.values(p.constraints ?? {})).join('; '));
    }
    const admin = await staff.create(input);
    const issued = await tokens.issue(admin.id, 'first admin (command line)');
    return [`Created admin ${admin.name} <${admin.email}> (${admin.id}).`, 'Their token, shown once:', issued.token];
  }
  const admin = await db
    .getRepository(Staff)
    .createQueryBuilder('staff')
    .where('lower(staff.email) = lower(:email)', { email: args.email })
    .getOne();
  if (!admin || admin.role !== 'admin' || !admin.active) {
    throw new DomainError('not_found', `No active admin has the email ${args.email}; create one with: npm run admin -- create`);
  }
  const issued = await tokens.issue(admin.id, args.tokenName ?? 'command line');
  return [`New token "${issued.name}" for ${admin.name} <${admin.email}>, shown once:`, issued.token];
}

async function main(argv: string[]): Promise<number> {
  const args = parseAdminArgs(argv);
  if (typeof args === 'string') {
    process.stderr.write(`${args}\n${USAGE}\n`);
    return 2;
  }
  const env = loadEnv();
  let database: ResolvedDatabase | null = null;
  let db: DataSource | null = null;
  try {
    database = await resolveDatabase(env);
    await runMigrations(database.url);
    db = new DataSource({ ...dataSourceOptions(database.url, 2), logging: false });
    await db.initialize();
    const clock = new SystemClock(env.CLOCK_START ? new Date(env.CLOCK_START) : undefined);
    const lines = await run(args, db, env.DEFAULT_TIME_ZONE, clock);
    process.stdout.write(lines.join('\n') + '\n');
    return 0;
  } catch (error) {
    if (error instanceof UsageError) {
      process.stderr.write(`${error.message}\n`);
      return 2;
    }
    if (error instanceof DomainError) {
      const fields = error.errors.map((e) => `${e.field} ${e.reason}`).join('; ');
      process.stderr.write(`${error.message}${fields ? `: ${fields}` : ''}\n`);
      return error.kind === 'invalid' || error.kind === 'unprocessable' ? 2 : 1;
    }
    throw error;
  } finally {
    if (db?.isInitialized) await db.destroy().catch(() => undefined);
    if (database) await database.stop().catch(() => undefined);
  }
}

if (require.main === module) {
  void main(process.argv.slice(2))
    .catch((error: unknown) => {
      if (error instanceof InvalidConfigError) process.stderr.write(`${error.message}\nSee .env.example for every variable.\n`);
      else process.stderr.write(`The admin command failed: ${error instanceof Error ? error.message : String(error)}\n`);
      return 1;
    })
    .then((code) => process.exit(code));
}
