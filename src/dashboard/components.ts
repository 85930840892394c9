// Small typed pieces shared by the pages: labelled fields with their inline error, page
// headings, notices, pagers, badges and dates.
import { html, type SafeHtml } from '../web/html.ts';

export type Errors = Readonly<Record<string, string>>;

interface FieldBase {
  name: string;
  label: string;
  errors?: Errors;
  hint?: string;
  /** element id; defaults to the name */
  id?: string;
}

function describedBy(f: FieldBase): { attrs: SafeHtml; after: SafeHtml } {
  const id = f.id ?? f.name;
  const error = f.errors?.[f.name];
  const ids = [f.hint ? `${id}-hint` : '', error ? `${id}-error` : ''].filter(Boolean).join(' ');
  return {
    attrs: html`${ids ? html` aria-describedby="${ids}"` : ''}${error ? html` aria-invalid="true"` : ''}`,
    after: html`${f.hint ? html`<p class="hint" id="${id}-hint">${f.hint}</p>` : ''}${error ? html`<p class="error" id="${id}-error">${error}</p>` : ''}`,
  };
}

export function inputField(f: FieldBase & { value?: string | number; type?: string; required?: boolean; autocomplete?: string; extra?: SafeHtml }): SafeHtml {
  const id = f.id ?? f.name;
  const d = describedBy(f);
  return html`<div class="field">
<label for="${id}">${f.label}</label>
<input id="${id}" name="${f.name}" type="${f.type ?? 'text'}" value="${f.value ?? ''}"${f.required ? html` required` : ''}${f.autocomplete ? html` autocomplete="${f.autocomplete}"` : ''}${f.extra ?? ''}${d.attrs}>
${d.after}
</div>`;
}

export function textareaField(f: FieldBase & { value?: string; rows?: number }): SafeHtml {
  const id = f.id ?? f.name;
  const d = describedBy(f);
  return html`<div class="field">
<label for="${id}">${f.label}</label>
<textarea id="${id}" name="${f.name}" rows="${f.rows ?? 3}" spellcheck="false"${d.attrs}>${f.value ?? ''}</textarea>
${d.after}
</div>`;
}

export function selectField(f: FieldBase & { value: string; options: readonly { value: string; label: string }[] }): SafeHtml {
  const id = f.id ?? f.name;
  const d = describedBy(f);
  return html`<div class="field">
<label for="${id}">${f.label}</label>
<select id="${id}" name="${f.name}"${d.attrs}>${f.options.map((o) => html`<option value="${o.value}"${o.value === f.value ? html` selected` : ''}>${o.label}</option>`)}</select>
${d.after}
</div>`;
}

/** A group of checkboxes or radios with one legend and one error. */
export function choiceGroup(
  f: FieldBase & {
    type: 'checkbox' | 'radio';
    checked: readonly string[];
    options: readonly { value: string; label: string; description?: string }[];
    cards?: boolean;
  },
): SafeHtml {
  const error = f.errors?.[f.name];
  return html`<fieldset id="${f.id ?? f.name}"${error ? html` aria-describedby="${f.name}-error"` : ''}>
<legend>${f.label}</legend>
${f.hint ? html`<p class="hint">${f.hint}</p>` : ''}
<div${f.cards ? html` class="radio-cards"` : ''}>${f.options.map(
    (o, i) =>
      html`<label class="check" for="${f.name}-${i}"><input type="${f.type}" id="${f.name}-${i}" name="${f.name}" value="${o.value}"${f.checked.includes(o.value) ? html` checked` : ''}><span><span class="label">${o.label}</span>${o.description ? html`<span class="desc">${o.description}</span>` : ''}</span></label>`,
  )}</div>
${error ? html`<p class="error" id="${f.name}-error">${error}</p>` : ''}
</fieldset>`;
}

export function csrfInput(csrf: string): SafeHtml {
  return html`<input type="hidden" name="csrf" value="${csrf}">`;
}

export interface Crumb {
  label: string;
  href: string;
}

export function pageHead(title: string, opts: { lead?: string | SafeHtml; crumbs?: Crumb[]; action?: SafeHtml; badges?: SafeHtml } = {}): SafeHtml {
  return html`${opts.crumbs?.length ? html`<nav aria-label="Breadcrumb"><p class="crumbs">${opts.crumbs.map((c) => html`<a href="${c.href}">${c.label}</a> / `)}</p></nav>` : ''}
<div class="page-head"><div><h1>${title}${opts.badges ? html`<span class="badges">${opts.badges}</span>` : ''}</h1>${opts.lead ? html`<p class="lead">${opts.lead}</p>` : ''}</div>${opts.action ?? ''}</div>`;
}

/** The form-level message; links to the first field in error so keyboard users get there. */
export function formAlert(message: string | undefined, firstField?: string): SafeHtml {
  if (!message) return html``;
  return html`<div class="alert" role="alert" id="form-error">${message}${firstField ? html` <a href="#${firstField}">Go to the field</a>` : ''}</div>`;
}

export function notice(message: string | undefined): SafeHtml {
  return message ? html`<div class="notice" role="status">${message}</div>` : html``;
}

/** "2026-05-03 14:02 UTC": unambiguous for owners in any time zone. */
export function formatDate(iso: string | undefined): string {
  if (!iso) return '';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return `${d.toISOString().slice(0, 10)} ${d.toISOString().slice(11, 16)} UTC`;
}

export function time(iso: string | undefined): SafeHtml {
  return iso ? html`<time datetime="${iso}">${formatDate(iso)}</time>` : html`<span class="muted">—</span>`;
}

export interface PageInfo {
  page: number;
  perPage: number;
  total: number;
  /** link to a page, keeping the other query parameters */
  href(page: number): string;
  noun: string;
}

export function pager(p: PageInfo): SafeHtml {
  if (p.total === 0) return html``;
  const first = p.page * p.perPage + 1;
  const last = Math.min(p.total, (p.page + 1) * p.perPage);
  const hasPrev = p.page > 0;
  const hasNext = last < p.total;
  return html`<nav class="pager" aria-label="Pages">
<span>Showing ${first}–${last} of ${p.total} ${p.noun}</span>
<span class="links">${hasPrev ? html`<a class="btn small secondary" rel="prev" href="${p.href(p.page - 1)}">Previous</a>` : ''}${hasNext ? html`<a class="btn small secondary" rel="next" href="${p.href(p.page + 1)}">Next</a>` : ''}</span>
</nav>`;
}

export const APP_TYPE_LABELS: Record<string, string> = {
  regular_web: 'Regular web application',
  spa: 'Single-page application',
  native: 'Native',
  non_interactive: 'Machine to machine',
};
