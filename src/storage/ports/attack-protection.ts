// A tenant's attack-protection settings (Auth0's /api/v2/attack-protection).
import type { BruteForceProtection } from '../../domain/brute-force.ts';

export interface AttackProtectionStore {
  /** The tenant's brute-force protection, Auth0's defaults when never set. */
  bruteForce(): Promise<BruteForceProtection>;
  /** Applies `change` to the current settings in one transaction and returns the result. */
  updateBruteForce(change: (current: BruteForceProtection) => BruteForceProtection): Promise<BruteForceProtection>;
}
