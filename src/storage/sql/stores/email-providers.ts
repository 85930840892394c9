import type { Selectable } from 'kysely';
import type { EmailProvider, EmailProviderInput } from '../../../domain/email-provider.ts';
import type { EmailProviderStore } from '../../ports.ts';
import type { SecretBox } from '../../secret-box.ts';
import type { EmailProvidersTable } from '../schema.ts';
import type { TenantScope } from '../tenant-scope.ts';
import { isUniqueViolation } from '../errors.ts';

export class SqlEmailProviderStore implements EmailProviderStore {
  constructor(
    private readonly scope: TenantScope,
    private readonly box: SecretBox,
  ) {}

  // Binds the sealed password to its tenant so it cannot be moved to another row.
  private aad(): string {
    return `smtp_pass:${this.scope.tenantId}`;
  }

  private toProvider(r: Selectable<EmailProvidersTable>): EmailProvider {
    return {
      name: 'smtp',
      smtpHost: r.smtp_host,
      smtpPort: Number(r.smtp_port),
      smtpUser: r.smtp_user,
      smtpPass: r.smtp_pass_sealed === null ? null : this.box.open(r.smtp_pass_sealed, this.aad()),
      defaultFromAddress: r.default_from_address,
      enabled: Number(r.enabled) === 1,
      createdAt: new Date(Number(r.created_at)),
      updatedAt: new Date(Number(r.updated_at)),
    };
  }

  private columns(p: EmailProviderInput) {
    return {
      name: p.name,
      smtp_host: p.smtpHost,
      smtp_port: p.smtpPort,
      smtp_user: p.smtpUser,
      smtp_pass_sealed: p.smtpPass === null ? null : this.box.seal(p.smtpPass, this.aad()),
      default_from_address: p.defaultFromAddress,
      enabled: p.enabled ? 1 : 0,
      updated_at: Date.now(),
    };
  }

  async get() {
    const row = await this.scope.selectFrom('email_providers').selectAll().executeTakeFirst();
    return row && this.toProvider(row);
  }

  async create(p: EmailProviderInput) {
    const cols = this.columns(p);
    try {
      await this.scope.insertInto('email_providers', { ...cols, created_at: cols.updated_at }).execute();
      return true;
    } catch (err) {
      if (isUniqueViolation(err)) return false;
      throw err;
    }
  }

  async replace(p: EmailProviderInput) {
    const res = await this.scope.updateTable('email_providers').set(this.columns(p)).executeTakeFirst();
    return Number(res.numUpdatedRows) > 0;
  }
}
