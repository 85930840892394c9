// /api/v2/attack-protection/brute-force-protection and /api/v2/user-blocks (Auth0's shapes).
import { Type } from 'typebox';
import { BRUTE_FORCE_MODES, BRUTE_FORCE_SHIELDS, MAX_ATTEMPTS_RANGE } from '../../domain/brute-force.ts';

const fields = {
  enabled: Type.Boolean({ description: 'Whether brute-force protection is active' }),
  shields: Type.Array(Type.Union(BRUTE_FORCE_SHIELDS.map((s) => Type.Literal(s))), {
    uniqueItems: true,
    description: 'What happens when the threshold is reached: block, user_notification',
  }),
  mode: Type.Union(
    BRUTE_FORCE_MODES.map((m) => Type.Literal(m)),
    { description: 'count_per_identifier_and_ip (an IPv6 /64 as one address) or count_per_identifier (whatever the address)' },
  ),
  max_attempts: Type.Integer({ ...MAX_ATTEMPTS_RANGE, description: 'Consecutive failed logins that trigger the shields' }),
  allowlist: Type.Array(Type.String({ minLength: 1, maxLength: 49 }), {
    maxItems: 100,
    description: 'IPv4 or IPv6 addresses and CIDR ranges never counted or blocked',
  }),
};

export const BruteForceProtectionResponse = Type.Object(fields, { additionalProperties: false });

export const BruteForceProtectionPatch = Type.Partial(Type.Object(fields), { additionalProperties: false });

const Identifier = Type.String({ minLength: 1, maxLength: 320, description: 'The email address the blocks are for' });
const ConsiderEnablement = Type.Optional(
  Type.Boolean({ description: 'true: no blocks are listed while brute-force protection is disabled or does not block' }),
);

export const UserBlocksQuery = Type.Object({ identifier: Identifier, consider_brute_force_enablement: ConsiderEnablement }, { additionalProperties: false });
export const UserBlocksByIdQuery = Type.Object({ consider_brute_force_enablement: ConsiderEnablement }, { additionalProperties: false });
export const UnblockQuery = Type.Object({ identifier: Identifier }, { additionalProperties: false });

export const UserBlocksResponse = Type.Object({
  blocked_for: Type.Array(
    Type.Object({
      identifier: Type.String(),
      ip: Type.Optional(Type.String({ description: 'The client address (an IPv6 /64 as a range); absent when counted per identifier' })),
      connection: Type.String(),
    }),
  ),
});
