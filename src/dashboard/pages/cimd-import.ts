// Applications > Import from metadata URL: the operator names a Client ID Metadata Document,
// sees what it maps to (or why it cannot be used), then imports it. Nothing is saved before.
import { html, type SafeHtml } from '../../web/html.ts';
import { APP_TYPE_LABELS, csrfInput, formAlert, inputField, pageHead, type Errors } from '../components.ts';

export interface CimdPreview {
  client_id?: string;
  errors: string[];
  validation: { valid: boolean; violations: string[]; warnings: string[] };
  mapped_fields: Record<string, unknown> & { external_client_id: string };
}

export interface CimdImportInput {
  base: string;
  csrf: string;
  url: string;
  errors: Errors;
  alert?: string;
  preview?: CimdPreview;
}

const list = (items: unknown): string => (Array.isArray(items) ? items.map(String).join(', ') : '');

function mapped(p: CimdPreview): SafeHtml {
  const m = p.mapped_fields;
  const row = (label: string, value: unknown) => (value === undefined || value === '' ? '' : html`<dt>${label}</dt><dd>${String(value)}</dd>`);
  return html`<dl class="kv" id="mapped-fields">
${row('Name', m.name)}
${row('Verified domain', new URL(m.external_client_id).host)}
${row('Type', APP_TYPE_LABELS[String(m.app_type)] ?? m.app_type)}
${row('Callback URLs', list(m.callbacks))}
${row('Grant types', list(m.grant_types))}
${row('Token endpoint authentication', m.token_endpoint_auth_method)}
${row('Logo', m.logo_uri)}
${row('JWK Set URL', m.jwks_uri)}
</dl>`;
}

function previewPanel(i: CimdImportInput, p: CimdPreview): SafeHtml {
  const v = p.validation;
  const warnings = v.warnings.length ? html`<ul class="warnings" aria-label="Warnings">${v.warnings.map((w) => html`<li>${w}</li>`)}</ul>` : '';
  if (!v.valid) {
    return html`<section class="panel" aria-labelledby="preview-heading" id="preview">
<div class="panel-head"><h2 id="preview-heading">This document cannot be imported</h2><p>Fix the document at its URL, then preview it again.</p></div>
<ul class="violations" aria-label="Problems">${v.violations.map((x) => html`<li>${x}</li>`)}</ul>
${warnings}
</section>`;
  }
  return html`<section class="panel" aria-labelledby="preview-heading" id="preview">
<div class="panel-head"><h2 id="preview-heading">Preview</h2><p>${p.client_id ? 'This application was imported before: importing again refreshes it from its document.' : 'Importing creates this third-party application. Its client ID is the document’s URL.'}</p></div>
${mapped(p)}
${warnings}
<form method="post" action="${i.base}/applications/import">
${csrfInput(i.csrf)}
<input type="hidden" name="external_client_id" value="${p.mapped_fields.external_client_id}">
<input type="hidden" name="step" value="save">
<div class="actions"><button class="btn" type="submit">${p.client_id ? 'Refresh application' : 'Import application'}</button></div>
</form>
</section>`;
}

export function cimdImportPage(i: CimdImportInput): SafeHtml {
  return html`${pageHead('Import from metadata URL', {
    crumbs: [{ label: 'Applications', href: `${i.base}/applications` }],
    lead: 'An application that publishes a Client ID Metadata Document (as MCP clients do) is imported from its https URL. The document stays the source of truth: refresh the application when it changes.',
  })}
${formAlert(i.alert, i.errors.external_client_id ? 'external_client_id' : undefined)}
<form method="post" action="${i.base}/applications/import" novalidate>
${csrfInput(i.csrf)}
<input type="hidden" name="step" value="preview">
<section class="panel" aria-labelledby="url-heading">
<div class="panel-head"><h2 id="url-heading">Metadata document</h2><p>Nothing is saved until you import the previewed application.</p></div>
${inputField({ name: 'external_client_id', label: 'Metadata document URL', type: 'url', value: i.url, errors: i.errors, required: true, autocomplete: 'off', hint: 'https URL with a path, e.g. https://app.example.com/oauth/client.json' })}
</section>
<div class="actions"><button class="btn secondary" type="submit">Preview</button></div>
</form>
${i.preview ? previewPanel(i, i.preview) : ''}`;
}

/** On an imported application's page: where its metadata comes from, and the refresh. */
export function metadataPanel(base: string, csrf: string, clientHref: string, url: string): SafeHtml {
  return html`<section class="panel" aria-labelledby="metadata-heading" id="client-metadata">
<div class="panel-head"><h2 id="metadata-heading">Client ID Metadata Document</h2><p>This application’s client ID is the URL of its metadata document, which stays the source of truth. Refresh to take in changes to it.</p></div>
<dl class="kv"><dt>Document URL</dt><dd><span class="code">${url}</span></dd><dt>Verified domain</dt><dd><strong>${new URL(url).host}</strong></dd></dl>
<form method="post" action="${clientHref}/refresh-metadata">
${csrfInput(csrf)}
<div class="actions"><button class="btn secondary" type="submit">Refresh metadata</button></div>
</form>
</section>`;
}
