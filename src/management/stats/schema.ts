// /api/v2/stats: Auth0's daily stats, and Latchkey's activity (per day and per hour).
import { Type } from 'typebox';

export const DailyStatsQuery = Type.Object({
  from: Type.Optional(Type.String({ pattern: '^\\d{8}$', description: 'First day (YYYYMMDD, UTC); default 30 days ago' })),
  to: Type.Optional(Type.String({ pattern: '^\\d{8}$', description: 'Last day (YYYYMMDD, UTC); default today' })),
});

export const DailyStats = Type.Object({
  date: Type.String({ format: 'date-time', description: 'Start of the day (UTC)' }),
  logins: Type.Integer({ description: 'Successful sign-ins that day' }),
  signups: Type.Integer({ description: 'Sign-ups that day' }),
  leaked_passwords: Type.Integer({ description: 'Always 0: Latchkey does not check breached passwords' }),
  updated_at: Type.String({ format: 'date-time' }),
  created_at: Type.String({ format: 'date-time' }),
});

const Bucket = Type.Object({
  start: Type.String({ format: 'date-time', description: 'Start of the bucket (UTC)' }),
  logins: Type.Integer({ description: 'Successful sign-ins (log type s)' }),
  failed_logins: Type.Integer({ description: 'Failed sign-ins (f, fp, fu, limit_wc)' }),
  registrations: Type.Integer({ description: 'Sign-ups and dynamic client registrations (ss, dcr_success)' }),
  tokens: Type.Integer({ description: 'Token responses (seacft, sertft, seccft)' }),
});

export const ActivityResponse = Type.Object({
  daily: Type.Array(Bucket, { description: 'The last 30 days, oldest first' }),
  hourly: Type.Array(Bucket, { description: 'The last 48 hours, oldest first' }),
  totals: Type.Object({
    users: Type.Integer(),
    applications: Type.Integer(),
    self_registered_applications: Type.Integer({ description: 'Applications that registered themselves (RFC 7591)' }),
  }),
});
