import { html, type SafeHtml } from '../../../../web/html.ts';

/**
 * OAuth 2.0 Form Post Response Mode §2: an auto-submitting form to the redirect URI.
 * Without JavaScript the user presses the button.
 */
export function formPostPage(i: { action: string; fields: Record<string, string>; nonce: string }): SafeHtml {
  return html`<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><meta name="referrer" content="no-referrer"><title>Continue</title></head>
<body>
<form method="post" action="${i.action}" id="response">
${Object.entries(i.fields).map(([k, v]) => html`<input type="hidden" name="${k}" value="${v}">`)}
<noscript><button type="submit">Continue</button></noscript>
</form>
<script nonce="${i.nonce}">document.getElementById('response').submit();</script>
</body>
</html>`;
}
