// The activity view: totals, then one bar chart per series (sign-ins, failed sign-ins,
// registrations, tokens issued) over 30 days or 48 hours. Charts are server-rendered SVG (no
// script): each is an image with a title and a description, each bar carries its value as a
// tooltip, and the numbers are also in a table beside it.
import { html, type SafeHtml } from '../../web/html.ts';
import { pageHead } from '../components.ts';
import type { Bucket, SeriesName } from '../../management/stats/service.ts';

export type Window = 'days' | 'hours';

export interface ActivityView {
  daily: Bucket[];
  hourly: Bucket[];
  totals: { users: number; applications: number; self_registered_applications: number };
}

const SERIES: readonly { name: SeriesName; title: string; color: string; what: string }[] = [
  { name: 'logins', title: 'Sign-ins', color: '#4f46e5', what: 'successful sign-ins' },
  { name: 'failed_logins', title: 'Failed sign-ins', color: '#b91c1c', what: 'failed sign-ins' },
  { name: 'registrations', title: 'New registrations', color: '#047857', what: 'sign-ups and self-registered applications' },
  { name: 'tokens', title: 'Tokens issued', color: '#0e7490', what: 'token responses' },
];

const W = 520;
const H = 170;
const TOP = 14;
const BOTTOM = 22;
const LEFT = 34;

function label(start: string, window: Window): string {
  const d = new Date(start);
  const month = d.toLocaleString('en', { month: 'short', timeZone: 'UTC' });
  return window === 'days' ? `${month} ${d.getUTCDate()}` : `${month} ${d.getUTCDate()}, ${String(d.getUTCHours()).padStart(2, '0')}:00`;
}

function chart(id: string, title: string, color: string, what: string, buckets: Bucket[], name: SeriesName, window: Window): SafeHtml {
  const values = buckets.map((b) => b[name]);
  const max = Math.max(1, ...values);
  const total = values.reduce((a, b) => a + b, 0);
  const slot = (W - LEFT) / values.length;
  const plot = H - TOP - BOTTOM;
  const span = window === 'days' ? 'the last 30 days (UTC)' : 'the last 48 hours (UTC)';
  const busiest = values.indexOf(Math.max(...values));
  const desc = total
    ? `${total} ${what} in ${span}; the most, ${values[busiest]}, ${window === 'days' ? 'on' : 'at'} ${label(buckets[busiest]!.start, window)}.`
    : `No ${what} in ${span}.`;
  const bars = values.map((v, i) => {
    const h = v === 0 ? 0 : Math.max(2, (v / max) * plot);
    const x = LEFT + i * slot + slot * 0.15;
    return html`<rect class="bar" data-value="${v}" x="${x.toFixed(1)}" y="${(TOP + plot - h).toFixed(1)}" width="${(slot * 0.7).toFixed(1)}" height="${h.toFixed(1)}" fill="${color}" rx="1.5"><title>${label(buckets[i]!.start, window)}: ${v}</title></rect>`;
  });
  const first = label(buckets[0]!.start, window);
  const last = label(buckets[buckets.length - 1]!.start, window);
  return html`<section class="panel chart" aria-labelledby="${id}-title">
<div class="chart-head"><h2 id="${id}-title">${title}</h2><span class="chart-total" id="${id}-total">${total}</span></div>
<svg id="${id}" role="img" aria-labelledby="${id}-svg-title ${id}-svg-desc" viewBox="0 0 ${W} ${H}" width="100%" preserveAspectRatio="xMidYMid meet">
<title id="${id}-svg-title">${title}, ${span}</title>
<desc id="${id}-svg-desc">${desc}</desc>
<line x1="${LEFT}" y1="${TOP + plot}" x2="${W}" y2="${TOP + plot}" stroke="#d1d5db"/>
<line x1="${LEFT}" y1="${TOP}" x2="${W}" y2="${TOP}" stroke="#eef0f5"/>
<text x="${LEFT - 6}" y="${TOP + 4}" text-anchor="end" font-size="11" fill="#6b7280">${max}</text>
<text x="${LEFT - 6}" y="${TOP + plot + 4}" text-anchor="end" font-size="11" fill="#6b7280">0</text>
${bars}
<text x="${LEFT}" y="${H - 5}" font-size="11" fill="#6b7280">${first}</text>
<text x="${W}" y="${H - 5}" text-anchor="end" font-size="11" fill="#6b7280">${last}</text>
</svg>
<details class="chart-data"><summary>Show the numbers</summary>
<div class="table-wrap"><table>
<caption class="visually-hidden">${title}, ${span}</caption>
<thead><tr><th scope="col">${window === 'days' ? 'Day' : 'Hour'}</th><th scope="col">${title}</th></tr></thead>
<tbody>${buckets.map((b) => html`<tr><td>${label(b.start, window)}</td><td>${b[name]}</td></tr>`)}</tbody>
</table></div>
</details>
</section>`;
}

function stat(id: string, title: string, value: number, sub?: SafeHtml): SafeHtml {
  return html`<div class="panel stat"><div class="stat-label">${title}</div><div class="stat-value" id="${id}">${value}</div>${sub ?? ''}</div>`;
}

export function activityPage(i: { base: string; view: ActivityView; window: Window }): SafeHtml {
  const buckets = i.window === 'days' ? i.view.daily : i.view.hourly;
  const t = i.view.totals;
  const tab = (w: Window, text: string) =>
    html`<a class="btn small ${i.window === w ? '' : 'secondary'}" href="${i.base}/activity${w === 'hours' ? '?window=hours' : ''}"${i.window === w ? html` aria-current="page"` : ''}>${text}</a>`;
  return html`${pageHead('Activity', { lead: html`Sign-ins, failures, registrations and tokens, from the tenant log (kept for the server’s log retention).` })}
<div class="stats">
${stat('total-users', 'Users', t.users)}
${stat('total-applications', 'Applications', t.applications, html`<div class="stat-sub"><span id="total-self-registered">${t.self_registered_applications}</span> self-registered</div>`)}
</div>
<nav class="window-tabs" aria-label="Time range">${tab('days', 'Last 30 days')} ${tab('hours', 'Last 48 hours')}</nav>
<div class="charts">
${SERIES.map((s) => chart(`chart-${s.name.replace('_', '-')}`, s.title, s.color, s.what, buckets, s.name, i.window))}
</div>
<p class="hint">Times are UTC. See every event under <a href="${i.base}/logs">Logs</a>.</p>`;
}
