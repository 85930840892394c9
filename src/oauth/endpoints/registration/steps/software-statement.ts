// The software statement step (RFC 7591 §2.3), before the metadata is read: a statement from a
// trusted issuer is verified and its claims take precedence over the plain metadata, so that
// the merged metadata then meets the same validation and registration_policy as any other.
import { InvalidSoftwareStatement, UnapprovedSoftwareStatement } from '../../../errors.ts';
import { member } from '../policies/fields.ts';
import { metadataClaims, readStatement, trustedIssuer, verifyStatement } from '../policies/software-statement.ts';
import type { NewRegistration, WithBody, WithSoftwareStatement, WithTenant } from '../state.ts';

type State = Pick<NewRegistration, 'issuer' | 'outbound' | 'warn' | 'stores' | 'request'> & WithTenant & WithBody;

/**
 * A tenant without software_statement_issuers does not process statements: RFC 7591 §2.3 lets a
 * server ignore them, and the registration is then what the plain metadata says (nothing echoed).
 * require_software_statement refuses a registration without one as invalid_software_statement:
 * §3.2.2's unapproved_software_statement is for a statement presented but not trusted.
 */
export async function verifySoftwareStatement(state: State): Promise<(WithBody & WithSoftwareStatement) | void> {
  const policy = state.tenant.settings.registration_policy;
  const statement = member(state.body, 'software_statement');
  if (statement === undefined) {
    if (policy.require_software_statement) {
      throw new InvalidSoftwareStatement(
        'software_statement is required: this tenant registers only clients with a statement signed by an issuer it trusts (registration_policy.require_software_statement)',
      );
    }
    return;
  }
  const issuers = policy.software_statement_issuers;
  if (!issuers) {
    if (policy.require_software_statement) throw new UnapprovedSoftwareStatement('this tenant trusts no software statement issuer');
    return;
  }
  const { iss } = readStatement(statement);
  const issuer = trustedIssuer(issuers, iss);
  const jws = statement as string;
  const payload = await verifyStatement(jws, issuer, { ...state, tenantId: state.stores.tenantId });
  const claims = metadataClaims(payload);
  const softwareId = typeof claims.software_id === 'string' ? claims.software_id : undefined;
  return {
    body: { ...state.body, ...claims },
    softwareStatement: { jws, iss, ...(softwareId !== undefined && { software_id: softwareId }) },
  };
}
