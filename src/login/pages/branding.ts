import { html, type SafeHtml } from '../../web/html.ts';

/** The app's logo when it has an https/data logo_uri, else a monogram of its name. */
export function appMark(app: { name: string; logo_uri?: string }): SafeHtml {
  if (app.logo_uri && /^(https:|data:image\/)/i.test(app.logo_uri)) return html`<img class="logo" src="${app.logo_uri}" alt="${app.name} logo">`;
  const letter = (app.name.trim()[0] ?? '?').toUpperCase();
  return html`<div class="monogram" aria-hidden="true">${letter}</div>`;
}
