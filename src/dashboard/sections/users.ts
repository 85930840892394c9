// Users: list and search, create, block/unblock (one PATCH), delete (after a confirmation page).
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Services } from '../../services/container.ts';
import { DATABASE_CONNECTION } from '../../domain/user.ts';
import { html } from '../../web/html.ts';
import { fieldError, formBody, safeReturnTo, text } from '../form.ts';
import { noticeOf, redirectWithNotice, render, tenantPage } from '../context.ts';
import { seg } from '../api-client.ts';
import { newUserPage, userListPage, type UserView } from '../pages/users.ts';
import { confirmPage } from '../pages/confirm.ts';
import { must, withNotice } from './common.ts';

const PER_PAGE = 20;
const NOTICES = { created: 'User created.', blocked: 'User blocked: they can no longer sign in.', unblocked: 'User unblocked.', deleted: 'User deleted.' };
const NOT_SAVED = 'Nothing was saved. Fix the field marked below and try again.';

const idOf = (request: FastifyRequest) => (request.params as { id: string }).id;

/** The API's PasswordStrengthError is about the password field. */
function userFieldError(error: { message: string; statusCode: number; error: string }) {
  if (/^PasswordStrengthError: /.test(error.message)) return { field: 'password', message: error.message.replace(/^PasswordStrengthError: /, '') };
  if (error.statusCode === 409) return { field: 'email', message: 'A user with this email already exists.' };
  return fieldError(error, { email: 'email', password: 'password' });
}

export function registerUserPages(app: FastifyInstance, root: FastifyInstance, services: Services): void {
  tenantPage(app, root, services, 'GET', '/users', async (c, request, reply) => {
    const query = request.query as Record<string, unknown>;
    const q = typeof query.q === 'string' ? query.q.trim().slice(0, 200) : '';
    const n = Number(query.page);
    const page = Number.isSafeInteger(n) && n > 0 ? n : 0;
    const res = must(await c.api.get<{ total: number; users: UserView[] }>('/users', { page, per_page: PER_PAGE, include_totals: true, q }));
    const href = (p: number) => `${c.base}/users?${new URLSearchParams({ ...(q ? { q } : {}), page: String(p) })}`;
    const body = userListPage({
      base: c.base,
      csrf: c.csrf,
      users: res.users,
      q,
      self: href(page),
      page: { page, perPage: PER_PAGE, total: res.total, href, noun: 'users' },
      ...withNotice(noticeOf(request, NOTICES)),
    });
    return render(reply, c, 'Users', 'users', body);
  });

  tenantPage(app, root, services, 'GET', '/users/new', async (c, _request, reply) =>
    render(reply, c, 'Create user', 'users', newUserPage({ base: c.base, csrf: c.csrf, values: {}, errors: {} })),
  );

  tenantPage(app, root, services, 'POST', '/users/new', async (c, request, reply) => {
    const body = formBody(request);
    const email = text(body, 'email');
    const password = typeof body.password === 'string' ? body.password : '';
    const errors: Record<string, string> = {};
    if (!email) errors.email = 'This field is required.';
    if (!password) errors.password = 'This field is required.';
    const res = Object.keys(errors).length
      ? undefined
      : await c.api.call<UserView>('POST', '/users', { body: { email, password, connection: DATABASE_CONNECTION } });
    if (res?.ok) return redirectWithNotice(reply, `${c.base}/users?${new URLSearchParams({ q: email })}`, 'created');
    const e = res ? userFieldError(res.error) : { field: Object.keys(errors)[0]!, message: '' };
    if (res && e.field) errors[e.field] = e.message;
    const page = newUserPage({
      base: c.base,
      csrf: c.csrf,
      values: { email },
      errors,
      alert: e.field ? NOT_SAVED : `Nothing was saved: ${e.message}`,
      ...(e.field ? { firstError: e.field } : {}),
    });
    return render(reply, c, 'Create user', 'users', page, res?.status ?? 400);
  });

  tenantPage(app, root, services, 'GET', '/users/:id/block', async (c, _request, reply) => reply.redirect(`${c.base}/users`, 303));

  tenantPage(app, root, services, 'POST', '/users/:id/block', async (c, request, reply) => {
    const body = formBody(request);
    const blocked = text(body, 'blocked') === 'true';
    must(await c.api.call('PATCH', `/users/${seg(idOf(request))}`, { body: { blocked } }), 'User not found');
    const back = safeReturnTo(text(body, 'return_to'));
    return redirectWithNotice(reply, back.startsWith(`${c.base}/users`) ? back : `${c.base}/users`, blocked ? 'blocked' : 'unblocked');
  });

  tenantPage(app, root, services, 'GET', '/users/:id/delete', async (c, request, reply) => {
    const user = must(await c.api.get<UserView>(`/users/${seg(idOf(request))}`), 'User not found');
    const href = `${c.base}/users/${seg(user.user_id)}`;
    const body = confirmPage({
      title: 'Delete this user?',
      crumbs: [{ label: 'Users', href: `${c.base}/users` }],
      message: html`<p><strong>${user.email}</strong> will be deleted and can no longer sign in. This cannot be undone.</p>`,
      action: `${href}/delete`,
      csrf: c.csrf,
      confirmLabel: 'Delete user',
      cancelHref: `${c.base}/users`,
    });
    return render(reply, c, 'Delete user', 'users', body);
  });

  tenantPage(app, root, services, 'POST', '/users/:id/delete', async (c, request, reply) => {
    must(await c.api.call('DELETE', `/users/${seg(idOf(request))}`), 'User not found');
    return redirectWithNotice(reply, `${c.base}/users`, 'deleted');
  });
}
