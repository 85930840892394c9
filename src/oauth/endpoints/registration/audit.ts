// Registration events in the tenant log (auth0-behaviour §1.8: Auth0 logs each one).
import type { LogEntry } from '../../../storage/ports.ts';
import type { OAuthError } from '../../errors.ts';
import { LIMITS } from './policies/limits.ts';
import type { RegistrationState } from './state.ts';

type NewLogEntry = Omit<LogEntry, 'id' | 'createdAt'>;

function who(state: RegistrationState): Pick<NewLogEntry, 'ip' | 'userAgent'> {
  return { ip: state.request.ip, userAgent: state.request.userAgent.slice(0, LIMITS.userAgentLength) };
}

/** Written in the transaction that stores the client. */
export function registrationEntry(state: RegistrationState, clientId: string): NewLogEntry {
  const m = state.metadata!;
  return {
    type: 'dcr_success',
    description: 'Dynamic client registration',
    ...who(state),
    clientId,
    details: {
      client_name: m.client_name,
      redirect_uris: m.redirect_uris,
      application_type: m.application_type,
      token_endpoint_auth_method: m.token_endpoint_auth_method,
      security_mode: state.tenant!.settings.dynamic_client_registration_security_mode,
    },
  };
}

/** A refused registration; a failure to log it is reported but never replaces the refusal. */
export async function auditRefusal(state: RegistrationState, error: OAuthError): Promise<void> {
  try {
    await state.deps.stores.logs.append({
      type: 'dcr_failure',
      description: 'Dynamic client registration refused',
      ...who(state),
      clientId: null,
      details: { status: error.status, error: error.error, error_description: error.description },
    });
  } catch (err) {
    state.deps.warn({ err }, 'could not audit a refused registration');
  }
}
