// Registration events in the tenant log (auth0-behaviour §1.8: Auth0 logs each one).
import type { LogEntry } from '../../../storage/ports.ts';
import type { OAuthError } from '../../errors.ts';
import { LIMITS } from './policies/limits.ts';
import type { NewRegistration, RegistrationRequest, WithMetadata, WithTenant } from './state.ts';

type NewLogEntry = Omit<LogEntry, 'id' | 'createdAt'>;

function who(request: RegistrationRequest): Pick<NewLogEntry, 'ip' | 'userAgent'> {
  return { ip: request.ip, userAgent: request.userAgent.slice(0, LIMITS.userAgentLength) };
}

/** Written in the transaction that stores the client. */
export function registrationEntry(state: Pick<NewRegistration, 'request'> & WithTenant & WithMetadata, clientId: string): NewLogEntry {
  const m = state.metadata;
  return {
    type: 'dcr_success',
    description: 'Dynamic client registration',
    ...who(state.request),
    clientId,
    details: {
      client_name: m.client_name,
      redirect_uris: m.redirect_uris,
      application_type: m.application_type,
      token_endpoint_auth_method: m.token_endpoint_auth_method,
      security_mode: state.tenant.settings.dynamic_client_registration_security_mode,
    },
  };
}

/** Refusals that are not audited: 429s beyond one a second per bucket, so a flood cannot fill the log. */
const unaudited = new WeakSet<Error>();

export function withoutAudit<E extends Error>(error: E): E {
  unaudited.add(error);
  return error;
}

export function isAudited(error: Error): boolean {
  return !unaudited.has(error);
}

/** A refused registration; a failure to log it is reported but never replaces the refusal. */
export async function auditRefusal(state: Pick<NewRegistration, 'request' | 'stores' | 'warn'>, error: OAuthError): Promise<void> {
  try {
    await state.stores.logs.append({
      type: 'dcr_failure',
      description: 'Dynamic client registration refused',
      ...who(state.request),
      clientId: null,
      details: { status: error.status, error: error.error, error_description: error.description },
    });
  } catch (err) {
    state.warn({ err }, 'could not audit a refused registration');
  }
}
