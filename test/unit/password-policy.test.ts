// Auth0's password policies: each level's rules, min_length, personal info and the dictionary.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { failedPasswordRule, passwordRules } from '../../src/domain/password-policy.ts';

const fails = (password: string, o: Parameters<typeof failedPasswordRule>[1], who = {}) => failedPasswordRule(password, o, who)?.code;

test('none: any non-empty password', () => {
  assert.equal(fails('a', { password_policy: 'none' }), undefined);
  assert.equal(fails('', { password_policy: 'none' }), 'length');
});

test('low: at least 6 characters', () => {
  assert.equal(fails('abcde', { password_policy: 'low' }), 'length');
  assert.equal(fails('abcdef', { password_policy: 'low' }), undefined);
});

test('fair: 8 characters with lower case, upper case and a number', () => {
  assert.equal(fails('Abcde1', { password_policy: 'fair' }), 'length');
  assert.equal(fails('abcdefg1', { password_policy: 'fair' }), 'all_character_types');
  assert.equal(fails('Abcdefg1', { password_policy: 'fair' }), undefined);
});

test('good (the default): 8 characters, 3 of the 4 character types', () => {
  assert.equal(fails('abcdefgh', {}), 'character_types');
  assert.equal(fails('abcdefg1', {}), 'character_types');
  assert.equal(fails('abcdef1!', {}), undefined);
  assert.equal(fails('Abcdefg1', { password_policy: 'good' }), undefined);
});

test('excellent: 10 characters, 3 types, no 3 identical characters in a row', () => {
  assert.equal(fails('Abcdefg1!', { password_policy: 'excellent' }), 'length');
  assert.equal(fails('Abcdeeeg1!', { password_policy: 'excellent' }), 'identical_chars');
  assert.equal(fails('Abcdeefg1!', { password_policy: 'excellent' }), undefined);
});

test('min_length replaces the policy length; personal info and the dictionary when enabled', () => {
  assert.equal(fails('Abcdefg1', { password_complexity_options: { min_length: 12 } }), 'length');
  assert.equal(passwordRules({ password_complexity_options: { min_length: 12 } })[0]!.message, 'At least 12 characters');
  const who = { email: 'alice.smith@example.com', name: 'Alice Smith' };
  assert.equal(fails('Alice.smith9', { password_no_personal_info: { enable: true } }, who), 'no_personal_info');
  assert.equal(fails('Alice.smith9', {}, who), undefined);
  assert.equal(fails('Password1', { password_policy: 'fair', password_dictionary: { enable: true } }), 'not_in_dictionary');
  assert.equal(fails('Tangerine-7', { password_dictionary: { enable: true, dictionary: ['tangerine-7'] } }), 'not_in_dictionary');
});
