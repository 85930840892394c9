// The dashboard frame: a top bar (product, tenant and its switcher, the operator, sign-out),
// a navigation column and the page. Same palette and type as the login pages; inline CSS
// under the per-response nonce (login/layout.ts sendPage sets the CSP).
import { html, SafeHtml } from '../web/html.ts';
import { documentHead } from '../web/layout.ts';
import type { Tenant } from '../domain/tenant.ts';

const CSS = `
:root{--primary:#4f46e5;--primary-dark:#4338ca;--primary-soft:#eef2ff;--text:#1f2937;--muted:#6b7280;--border:#d1d5db;--line:#e5e7eb;--bg:#eef0f5;--danger:#b91c1c;--danger-bg:#fef2f2;--ok:#047857;--ok-bg:#ecfdf5}
*{box-sizing:border-box}
html,body{margin:0;padding:0}
body{background:var(--bg);color:var(--text);font:15px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif}
a{color:var(--primary)}
a:hover{color:var(--primary-dark)}
a:focus-visible,button:focus-visible,summary:focus-visible{outline:3px solid rgba(79,70,229,.45);outline-offset:2px;border-radius:4px}
.skip{position:absolute;left:-999px;top:8px;background:#fff;padding:8px 12px;border-radius:6px;z-index:10}
.skip:focus{left:8px}
.visually-hidden{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}
.topbar{display:flex;align-items:center;gap:16px;height:60px;padding:0 24px;background:#fff;border-bottom:1px solid var(--line)}
.product{display:flex;align-items:center;gap:10px;font-weight:700;font-size:16px;color:var(--text);text-decoration:none;margin-right:8px}
.product .mark{width:30px;height:30px;border-radius:8px;background:var(--primary);color:#fff;display:flex;align-items:center;justify-content:center;font-size:15px}
.tenant-box{display:flex;align-items:center;gap:10px;padding-left:16px;border-left:1px solid var(--line)}
.tenant-name{font-weight:600}
.tenant-domain{color:var(--muted);font-size:13px}
.switcher{display:flex;gap:6px;align-items:center}
.topbar .spacer{flex:1}
.who{color:var(--muted);font-size:14px}
.shell{display:flex;min-height:calc(100vh - 60px)}
.sidenav{width:220px;flex:none;padding:20px 12px;background:#fff;border-right:1px solid var(--line)}
.sidenav ul{list-style:none;margin:0;padding:0}
.sidenav a{display:block;padding:8px 12px;border-radius:6px;color:var(--text);text-decoration:none;font-weight:500;margin-bottom:2px}
.sidenav a:hover{background:#f3f4f6}
.sidenav a[aria-current=page]{background:var(--primary-soft);color:var(--primary-dark);font-weight:600}
.content{flex:1;min-width:0;padding:28px 36px 48px;max-width:1120px}
.crumbs{font-size:14px;color:var(--muted);margin:0 0 6px}
.crumbs a{color:var(--muted)}
.page-head{display:flex;align-items:flex-start;justify-content:space-between;gap:16px;margin-bottom:20px}
h1{font-size:26px;font-weight:650;margin:0}
h2{font-size:18px;font-weight:600;margin:0 0 4px}
.lead{color:var(--muted);margin:4px 0 0}
.panel{background:#fff;border:1px solid var(--line);border-radius:10px;padding:24px;margin-bottom:20px}
.panel.danger{border-color:#fecaca;margin-top:24px}
.panel-head{margin-bottom:16px}
.panel-head p{margin:0;color:var(--muted);font-size:14px}
.field{margin:0 0 18px;max-width:640px}
.field:last-child{margin-bottom:0}
label,.label{display:block;font-size:14px;font-weight:600;margin:0 0 6px}
.hint{color:var(--muted);font-size:13px;margin:4px 0 0}
input[type=text],input[type=email],input[type=password],input[type=number],input[type=search],input[type=url],input[type=date],select,textarea{width:100%;padding:9px 12px;border:1px solid var(--border);border-radius:6px;font:inherit;color:inherit;background:#fff}
textarea{min-height:88px;font-family:ui-monospace,SFMono-Regular,Menlo,monospace;font-size:13px;resize:vertical}
input:focus,select:focus,textarea:focus{outline:none;border-color:var(--primary);box-shadow:0 0 0 3px rgba(79,70,229,.25)}
[aria-invalid=true]{border-color:var(--danger)}
.error{color:var(--danger);font-size:13px;font-weight:500;margin:6px 0 0}
fieldset{border:0;margin:0 0 18px;padding:0;max-width:640px}
legend{font-size:14px;font-weight:600;margin:0 0 8px;padding:0}
.check{display:flex;gap:10px;align-items:flex-start;margin:0 0 8px;font-weight:400}
.check input{margin:3px 0 0;width:16px;height:16px;accent-color:var(--primary);flex:none}
.check .label{margin:0;font-weight:500}
.check span.desc{display:block;color:var(--muted);font-size:13px;font-weight:400}
.switch-row{display:flex;gap:12px;align-items:flex-start;padding:14px 16px;border:1px solid var(--line);border-radius:8px;background:#fafafa;max-width:640px;margin-bottom:18px}
.switch-row input{width:18px;height:18px;margin-top:2px;accent-color:var(--primary);flex:none}
.switch-row label{margin:0}
.grid-2{display:grid;grid-template-columns:repeat(2,minmax(0,1fr));gap:0 20px;max-width:640px}
.btn{display:inline-flex;align-items:center;justify-content:center;gap:6px;padding:9px 16px;border-radius:6px;border:1px solid var(--primary);background:var(--primary);color:#fff;font:inherit;font-weight:600;font-size:14px;cursor:pointer;text-decoration:none;white-space:nowrap}
.btn:hover{background:var(--primary-dark);color:#fff}
.btn.secondary{background:#fff;color:var(--text);border-color:var(--border)}
.btn.secondary:hover{background:#f9fafb;color:var(--text)}
.btn.danger{background:var(--danger);border-color:var(--danger);color:#fff}
.btn.danger:hover{background:#991b1b}
.btn.danger-outline{background:#fff;color:var(--danger);border-color:#fca5a5}
.btn.danger-outline:hover{background:var(--danger-bg);color:var(--danger)}
.btn.small{padding:5px 10px;font-size:13px}
.actions{display:flex;gap:10px;align-items:center;margin-top:22px}
form + .panel{margin-top:20px}
.formlet{margin-top:22px}
.alert{border-radius:8px;padding:12px 16px;margin:0 0 20px;font-size:14px;background:var(--danger-bg);color:var(--danger);border:1px solid #fecaca}
.alert a{color:var(--danger);font-weight:600}
.notice{border-radius:8px;padding:12px 16px;margin:0 0 20px;font-size:14px;background:var(--ok-bg);color:var(--ok);border:1px solid #a7f3d0}
.toolbar{display:flex;gap:8px;align-items:flex-end;margin-bottom:16px}
.tabs{display:flex;gap:4px;border-bottom:1px solid var(--line);margin:0 0 20px}.tabs a{padding:8px 14px;color:var(--muted);text-decoration:none;font-weight:500;border-bottom:2px solid transparent;margin-bottom:-1px}.tabs a:hover{color:var(--text)}.tabs a[aria-current=page]{color:var(--primary-dark);border-bottom-color:var(--primary)}
.toolbar .field{margin:0;flex:1;max-width:420px}
.toolbar .btn{padding-top:10px;padding-bottom:10px}
.toolbar-block{margin-bottom:16px}
.toolbar-block .toolbar{margin-bottom:4px}
.toolbar-block .hint{margin:0}
table{width:100%;border-collapse:collapse;background:#fff;font-size:14px}
.table-wrap{background:#fff;border:1px solid var(--line);border-radius:10px;overflow:auto}
th{text-align:left;font-size:12px;font-weight:600;text-transform:uppercase;letter-spacing:.04em;color:var(--muted);background:#f9fafb;padding:10px 16px;border-bottom:1px solid var(--line);white-space:nowrap}
td{padding:12px 16px;border-bottom:1px solid var(--line);vertical-align:top}
tr:last-child td{border-bottom:0}
td .sub{display:block;color:var(--muted);font-size:13px;margin-top:2px}
.copy-row{display:flex;gap:8px;align-items:center}.copy-row input{flex:1;font-family:ui-monospace,SFMono-Regular,Menlo,monospace}
td.actions-cell{white-space:nowrap;text-align:right}
td.nowrap{white-space:nowrap}
td.pick{width:1%;padding-right:0}
td.pick input{width:16px;height:16px;margin:2px 0 0}
td.actions-cell form{display:inline}
.name-link{font-weight:600;text-decoration:none}
.name-link:hover{text-decoration:underline}
.code,code{font-family:ui-monospace,SFMono-Regular,Menlo,monospace;font-size:13px;background:#f3f4f6;border-radius:4px;padding:2px 6px;word-break:break-all}
.badges{display:inline-flex;flex-wrap:wrap;gap:6px;margin-left:6px;vertical-align:middle}
.badge{display:inline-block;padding:1px 8px;border-radius:999px;font-size:12px;font-weight:600;background:#f3f4f6;color:#374151;border:1px solid var(--line);white-space:nowrap}
.badge.third-party{background:#fff7ed;color:#9a3412;border-color:#fed7aa}
.badge.dynamic{background:var(--primary-soft);color:var(--primary-dark);border-color:#c7d2fe}
.badge.cimd{background:#ecfeff;color:#155e75;border-color:#a5f3fc}
.violations{margin:0;padding-left:20px;color:var(--danger)}
.warnings{margin:12px 0 0;padding-left:20px;color:#92400e}
.badge.ok{background:var(--ok-bg);color:var(--ok);border-color:#a7f3d0}
.badge.bad{background:var(--danger-bg);color:var(--danger);border-color:#fecaca}
.muted{color:var(--muted)}
.small{font-size:13px}
.ua{max-width:320px;word-break:break-word;font-size:13px;color:#374151}
.pager{display:flex;align-items:center;justify-content:space-between;margin-top:14px;color:var(--muted);font-size:14px}
.pager .links{display:flex;gap:8px}
.pager .disabled{opacity:.5;pointer-events:none}
.empty{padding:40px 16px;text-align:center;color:var(--muted)}
.kv{display:grid;grid-template-columns:200px 1fr;gap:10px 16px;margin:0;font-size:14px}
.kv dt{color:var(--muted);font-weight:500}
.kv dd{margin:0;min-width:0}
details.secret summary{cursor:pointer;color:var(--primary);font-weight:600;display:inline-block}
details.secret code{display:block;margin-top:8px;padding:8px 10px}
.stats{display:grid;grid-template-columns:repeat(auto-fit,minmax(200px,1fr));gap:16px;margin-bottom:4px}
.stat{padding:18px 20px}
.stat-label{color:var(--muted);font-size:13px;font-weight:600;text-transform:uppercase;letter-spacing:.04em}
.stat-value{font-size:30px;font-weight:650;line-height:1.2;margin-top:4px}
.stat-sub{color:var(--muted);font-size:13px}
.window-tabs{display:flex;gap:8px;margin:0 0 16px}
.charts{display:grid;grid-template-columns:repeat(auto-fit,minmax(420px,1fr));gap:0 20px}
.chart{padding:18px 20px}
.chart-head{display:flex;align-items:baseline;justify-content:space-between;margin-bottom:8px}
.chart-total{font-size:22px;font-weight:650}
.chart svg{display:block}
.chart-data{margin-top:8px;font-size:13px}
.chart-data summary{cursor:pointer;color:var(--primary);font-weight:600}
.chart-data .table-wrap{max-height:240px;margin-top:8px}
.filters{display:grid;grid-template-columns:1.3fr 1fr 1fr .8fr .8fr;gap:14px;align-items:start}
@media (max-width:1100px){.filters{grid-template-columns:1fr 1fr}}
.filters .field{margin:0;max-width:none}
.filters-panel .actions{margin-top:16px}
.tabs{display:flex;gap:4px;border-bottom:1px solid var(--line);margin:0 0 20px}
.tabs a{padding:8px 14px;text-decoration:none;color:var(--muted);font-weight:600;border-bottom:2px solid transparent;margin-bottom:-1px}
.tabs a[aria-current=page]{color:var(--primary-dark);border-bottom-color:var(--primary)}
.scopes-table input{padding:7px 10px}
.scopes-table td{padding:8px 12px}
.radio-cards{display:grid;gap:8px}
.radio-cards .check{border:1px solid var(--line);border-radius:8px;padding:12px 14px;margin:0}
@media (max-width:800px){.shell{flex-direction:column}.sidenav{width:auto;border-right:0;border-bottom:1px solid var(--line)}.sidenav ul{display:flex;flex-wrap:wrap;gap:4px}.content{padding:20px}.grid-2{grid-template-columns:1fr}.kv{grid-template-columns:1fr}.tenant-domain,.who{display:none}}
`;

export type Section = 'activity' | 'applications' | 'apis' | 'users' | 'roles' | 'logs' | 'registrations' | 'settings';

const NAV: readonly { section: Section; label: string; path: string }[] = [
  { section: 'activity', label: 'Activity', path: 'activity' },
  { section: 'applications', label: 'Applications', path: 'applications' },
  { section: 'apis', label: 'APIs', path: 'apis' },
  { section: 'users', label: 'Users', path: 'users' },
  { section: 'roles', label: 'Roles', path: 'roles' },
  { section: 'logs', label: 'Logs', path: 'logs' },
  { section: 'registrations', label: 'Registration log', path: 'logs/registrations' },
  { section: 'settings', label: 'Settings', path: 'settings' },
];

export interface ShellInput {
  title: string;
  section: Section;
  tenant: Tenant;
  tenants: readonly Tenant[];
  operatorEmail: string;
  csrf: string;
  nonce: string;
  body: SafeHtml;
}

export const tenantBase = (tenant: Pick<Tenant, 'name'>): string => `/dashboard/${encodeURIComponent(tenant.name)}`;

function switcher(i: ShellInput): SafeHtml {
  if (i.tenants.length < 2) return html``;
  return html`<form class="switcher" method="get" action="/dashboard/switch">
<label class="visually-hidden" for="tenant-switch">Tenant</label>
<input type="hidden" name="section" value="${NAV.find((n) => n.section === i.section)!.path}">
<select id="tenant-switch" name="tenant">${i.tenants.map((t) => html`<option value="${t.name}"${t.id === i.tenant.id ? html` selected` : ''}>${t.settings.friendly_name} (${t.name})</option>`)}</select>
<button class="btn small secondary" type="submit" id="tenant-switch-button">Switch</button>
</form>`;
}

// Progressive enhancement only: choosing a tenant switches without pressing the button.
const SWITCH_SCRIPT = `var s=document.getElementById('tenant-switch');if(s){s.addEventListener('change',function(){s.form.submit()});}`;

export function shell(i: ShellInput): SafeHtml {
  const base = tenantBase(i.tenant);
  return html`<!doctype html>
<html lang="en">
${documentHead(`${i.title} · ${i.tenant.settings.friendly_name} · Latchkey Dashboard`, CSS, i.nonce)}
<body>
<a class="skip" href="#main">Skip to content</a>
<header class="topbar">
<a class="product" href="${base}/activity"><span class="mark" aria-hidden="true">L</span>Latchkey</a>
<div class="tenant-box">
<div><div class="tenant-name" id="current-tenant">${i.tenant.settings.friendly_name}</div><div class="tenant-domain">${i.tenant.domain}</div></div>
${switcher(i)}
</div>
<div class="spacer"></div>
<span class="who">${i.operatorEmail}</span>
<form method="post" action="/dashboard/logout"><input type="hidden" name="csrf" value="${i.csrf}"><button class="btn small secondary" type="submit">Sign out</button></form>
</header>
<div class="shell">
<nav class="sidenav" aria-label="Main">
<ul>${NAV.map((n) => html`<li><a href="${base}/${n.path}"${n.section === i.section ? html` aria-current="page"` : ''}>${n.label}</a></li>`)}</ul>
</nav>
<main class="content" id="main" tabindex="-1">
${i.body}
</main>
</div>
<script nonce="${i.nonce}">${new SafeHtml(SWITCH_SCRIPT)}</script>
</body>
</html>`;
}
