/** The service goals: one row, absent until an admin first sets them. */
export const GOALS = `
  SELECT reply_within_minutes, satisfaction_at_least::float8 AS satisfaction_at_least,
         to_char(workday_start, 'HH24:MI') AS workday_start, to_char(workday_end, 'HH24:MI') AS workday_end,
         updated_at, updated_by::text AS updated_by
    FROM service_goals`;

/** Locks the row while a change is merged over it; none yet locks nothing (the upsert then settles a race). */
export const GOALS_FOR_UPDATE = `${GOALS} FOR UPDATE`;

export const SAVE_GOALS = `
  INSERT INTO service_goals (id, reply_within_minutes, satisfaction_at_least, workday_start, workday_end, updated_at, updated_by)
  VALUES (true, $1, $2, $3::time, $4::time, $5, $6)
  ON CONFLICT (id) DO UPDATE SET reply_within_minutes = EXCLUDED.reply_within_minutes,
         satisfaction_at_least = EXCLUDED.satisfaction_at_least, workday_start = EXCLUDED.workday_start,
         workday_end = EXCLUDED.workday_end, updated_at = EXCLUDED.updated_at, updated_by = EXCLUDED.updated_by`;
