// /api/v2/logs query and response (auth0-behaviour: Auth0 `GET /api/v2/logs`, SDK `Log`).
import { Type } from 'typebox';
import { FieldsQuery, OffsetQuery } from '../pagination.ts';

export const LogListQuery = Type.Object({
  ...OffsetQuery,
  ...FieldsQuery,
  sort: Type.Optional(Type.Literal('date:-1', { description: 'Field to sort by and direction; Latchkey returns the newest first (date:-1)' })),
  q: Type.Optional(
    Type.String({
      maxLength: 1000,
      description:
        'Query in Lucene query string syntax; Latchkey understands type:VALUE, type:(A OR B), client_id:VALUE, user_id:VALUE and date:[FROM TO TO] (ISO 8601, * for an open end), joined with AND.',
    }),
  ),
});

export const LogResponse = Type.Object({
  log_id: Type.String({ description: 'Unique ID of the event; ids sort by time' }),
  date: Type.String({ format: 'date-time', description: 'Date when the event occurred in ISO 8601 format' }),
  type: Type.String({
    description:
      'Type of event: s, f, fp, fu, limit_wc, ss, fs, slo, seacft, feacft, sertft, fertft, seccft, feccft, sapi, fapi, dcr_success, dcr_failure, ...',
  }),
  description: Type.String({ description: 'Description of this event' }),
  ip: Type.Optional(Type.String({ description: 'IP address of the log event source' })),
  user_agent: Type.Optional(Type.String({ description: 'User agent string from the client device that caused the event' })),
  client_id: Type.Optional(Type.String({ description: 'ID of the client (application)' })),
  client_name: Type.Optional(Type.String({ description: 'Name of the client (application)' })),
  user_id: Type.Optional(Type.String({ description: 'ID of the user involved in the event' })),
  user_name: Type.Optional(Type.String({ description: 'Name of the user involved in the event' })),
  details: Type.Object({}, { additionalProperties: true, description: 'Additional details about this event' }),
});
