import { InvalidRequest } from '../../../errors.ts';
import type { AuthorizeRequest, WithPrompts } from '../context.ts';

const PROMPTS = ['none', 'login', 'consent', 'select_account'];

/** OIDC Core §3.1.2.1: `prompt` (none alone, or any of login/consent/select_account) and `max_age`. */
export function handlePrompt({ params }: Pick<AuthorizeRequest, 'params'>): WithPrompts {
  const prompts = (params.prompt ?? '').split(' ').filter(Boolean);
  const unknown = prompts.find((p) => !PROMPTS.includes(p));
  if (unknown) throw new InvalidRequest(`Unsupported prompt value: ${unknown}`);
  if (prompts.includes('none') && prompts.length > 1) throw new InvalidRequest('prompt=none cannot be combined with other prompt values.');
  const maxAge = params.max_age;
  if (maxAge !== undefined && !/^\d{1,10}$/.test(maxAge)) throw new InvalidRequest('max_age must be a non-negative integer.');
  return { prompts: new Set(prompts), maxAge: maxAge === undefined ? undefined : Number(maxAge) };
}
