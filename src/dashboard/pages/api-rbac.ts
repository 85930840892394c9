// An API page's RBAC panel: enforce policies, and the dialect of its access tokens.
import { html, type SafeHtml } from '../../web/html.ts';
import { csrfInput, formAlert, selectField } from '../components.ts';

export interface RbacSettings {
  enforce_policies: boolean;
  token_dialect: string;
}

const DIALECTS = [
  { value: 'access_token', label: 'Access token (Auth0)' },
  { value: 'access_token_authz', label: 'Access token with permissions (Auth0)' },
  { value: 'rfc9068_profile', label: 'RFC 9068 JWT access token' },
  { value: 'rfc9068_profile_authz', label: 'RFC 9068 JWT access token with permissions' },
];

export function rbacPanel(i: { href: string; csrf: string; values: RbacSettings; alert?: string }): SafeHtml {
  return html`<section class="panel" aria-labelledby="rbac-heading">
<div class="panel-head"><h2 id="rbac-heading">RBAC settings</h2><p>Role-based access control for users’ tokens. Machine-to-machine tokens keep the scopes of their grant.</p></div>
${formAlert(i.alert)}
<form method="post" action="${i.href}/rbac" novalidate>
${csrfInput(i.csrf)}
<div class="field"><label class="check" for="enforce_policies"><input type="checkbox" id="enforce_policies" name="enforce_policies" value="on"${i.values.enforce_policies ? html` checked` : ''}><span><span class="label">Enable RBAC</span><span class="desc">Users’ tokens carry only the requested scopes they hold as permissions, through their roles or directly.</span></span></label></div>
${selectField({ name: 'token_dialect', label: 'Token dialect', value: i.values.token_dialect, options: DIALECTS, hint: 'The “with permissions” dialects add a permissions claim and need RBAC enabled.' })}
<div class="actions"><button class="btn" type="submit">Save RBAC settings</button></div>
</form>
</section>`;
}
