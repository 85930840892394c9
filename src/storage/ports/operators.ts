// Dashboard operators and their sessions (not tenant-scoped).
import type { Operator } from '../../domain/operator.ts';
import type { OperatorSession } from '../../domain/session.ts';

export interface OperatorStore {
  create(op: { id: string; email: string; passwordHash: string }): Promise<Operator>;
  findByEmail(email: string): Promise<Operator | undefined>;
  findById(id: string): Promise<Operator | undefined>;
  grantTenant(operatorId: string, tenantId: string, role: 'owner'): Promise<void>;
  tenantIds(operatorId: string): Promise<string[]>;
  /** Operators who own the tenant. */
  ownerIds(tenantId: string): Promise<string[]>;
}

export interface OperatorSessionStore {
  create(idHash: string, session: OperatorSession): Promise<void>;
  /** The session if neither its absolute nor its idle end has passed. */
  findActive(idHash: string, now: Date): Promise<OperatorSession | undefined>;
  touch(idHash: string, idleExpiresAt: Date): Promise<void>;
  delete(idHash: string): Promise<boolean>;
  /** Forgets sessions whose absolute or idle end has passed; returns how many. */
  deleteExpired(now: Date): Promise<number>;
}
