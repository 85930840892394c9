// A confirmation step that needs no JavaScript: the dangerous button lives on its own page.
import { html, type SafeHtml } from '../../web/html.ts';
import { csrfInput, pageHead, type Crumb } from '../components.ts';

export interface ConfirmInput {
  title: string;
  crumbs: Crumb[];
  message: SafeHtml;
  action: string;
  csrf: string;
  confirmLabel: string;
  cancelHref: string;
}

export function confirmPage(i: ConfirmInput): SafeHtml {
  return html`${pageHead(i.title, { crumbs: i.crumbs })}
<section class="panel danger">
${i.message}
<form method="post" action="${i.action}">
${csrfInput(i.csrf)}
<div class="actions"><button class="btn danger" type="submit">${i.confirmLabel}</button><a class="btn secondary" href="${i.cancelHref}">Cancel</a></div>
</form>
</section>`;
}
