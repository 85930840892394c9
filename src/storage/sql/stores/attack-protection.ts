import { defaultBruteForceProtection, type BruteForceProtection } from '../../../domain/brute-force.ts';
import type { AttackProtectionStore } from '../../ports.ts';
import type { TenantScope } from '../tenant-scope.ts';

const parse = (data: string | undefined): BruteForceProtection => ({ ...defaultBruteForceProtection(), ...(data ? (JSON.parse(data) as object) : {}) });

export class SqlAttackProtectionStore implements AttackProtectionStore {
  constructor(
    private readonly scope: TenantScope,
    private readonly dialect: 'sqlite' | 'postgres',
  ) {}

  async bruteForce() {
    const row = await this.scope.selectFrom('attack_protection').select('brute_force_protection').executeTakeFirst();
    return parse(row?.brute_force_protection);
  }

  async updateBruteForce(change: (current: BruteForceProtection) => BruteForceProtection) {
    return this.scope.atomically(async (s) => {
      // The row exists before it is read and locked, so concurrent updates apply one after the other.
      await s
        .insertInto('attack_protection', { brute_force_protection: JSON.stringify(defaultBruteForceProtection()), updated_at: Date.now() })
        .onConflict((oc) => oc.column('tenant_id').doNothing())
        .execute();
      const read = s.selectFrom('attack_protection').select('brute_force_protection');
      const row = await (this.dialect === 'postgres' ? read.forUpdate() : read).executeTakeFirstOrThrow();
      const next = change(parse(row.brute_force_protection));
      await s
        .updateTable('attack_protection')
        .set({ brute_force_protection: JSON.stringify(next), updated_at: Date.now() })
        .execute();
      return next;
    });
  }
}
