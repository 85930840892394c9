import { html, type SafeHtml } from '../../../../web/html.ts';

/**
 * response_mode=web_message (Auth0, auth0-spa-js): posts
 * `{ type: 'authorization_response', response }` to the window that opened this page (popup
 * sign-in) or framed it (silent sign-in), for `targetOrigin` only. The data travels in
 * attributes, escaped as HTML, so nothing a client sent can become script.
 */
export function webMessagePage(i: { targetOrigin: string; response: Record<string, string>; nonce: string }): SafeHtml {
  return html`<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><meta name="referrer" content="no-referrer"><title>Signing in</title></head>
<body data-target-origin="${i.targetOrigin}" data-response="${JSON.stringify(i.response)}">
<script nonce="${i.nonce}">
(function () {
  var data = document.body.dataset;
  var target = window.opener || window.parent;
  target.postMessage({ type: 'authorization_response', response: JSON.parse(data.response) }, data.targetOrigin);
})();
</script>
</body>
</html>`;
}
