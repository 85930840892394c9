// The configuration's documentation comes from the declarations in src/config/config.ts:
// README.md's table must be what they generate, and `latchkey --help` must list every variable.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { CONFIG_VARIABLES, loadConfig } from '../../src/config/config.ts';
import { configHelp, configTable, TABLE_END, TABLE_START, withConfigTable } from '../../src/config/docs.ts';
import { documentation, documentedDefault } from '../../src/config/variable.ts';
import { MAIN_HELP } from '../../src/cli/index.ts';

const readme = fs.readFileSync(new URL('../../README.md', import.meta.url), 'utf8');

describe('configuration documentation', () => {
  it('README.md carries the table the declarations generate', () => {
    const start = readme.indexOf(TABLE_START);
    const end = readme.indexOf(TABLE_END);
    assert.ok(start !== -1 && end > start, `README.md must hold the markers ${TABLE_START} and ${TABLE_END}`);
    const inReadme = readme.slice(start + TABLE_START.length, end).trim();
    assert.ok(
      inReadme === configTable() && withConfigTable(readme) === readme,
      "README.md's Configuration table differs from the declarations in src/config/config.ts: run `npm run docs:config`",
    );
  });

  it('documents every variable with a text and a default', () => {
    const names = CONFIG_VARIABLES.map((v) => v.name);
    assert.equal(new Set(names).size, names.length, 'each variable once');
    for (const v of CONFIG_VARIABLES) {
      assert.ok(documentation(v).length > 10, `${v.name} has a text`);
      assert.ok(documentedDefault(v).length > 0, `${v.name} has a default`);
    }
    for (const name of [
      'PORT',
      'HOST',
      'DATA_DIR',
      'DATABASE_URL',
      'PUBLIC_URL',
      'LATCHKEY_MASTER_KEY',
      'LOG_LEVEL',
      'TRUST_PROXY',
      'LATCHKEY_RATE_LIMITS',
      'LOG_RETENTION_DAYS',
      'DATABASE_POOL_SIZE',
      'DATABASE_CONNECT_TIMEOUT_MS',
      'DATABASE_STATEMENT_TIMEOUT_MS',
    ]) {
      assert.ok(names.includes(name), name);
    }
  });

  it('the documented defaults are the ones loadConfig applies', () => {
    const c = loadConfig({});
    const shown = Object.fromEntries(CONFIG_VARIABLES.map((v) => [v.name, documentedDefault(v)]));
    assert.equal(shown.PORT, `\`${c.port}\``);
    assert.equal(shown.HOST, `\`${c.host}\``);
    assert.equal(shown.LOG_LEVEL, `\`${c.logLevel}\``);
    assert.equal(shown.TRUST_PROXY, `\`${c.trustProxy}\``);
    assert.equal(shown.LATCHKEY_RATE_LIMITS, c.rateLimits ? '`on`' : '`off`');
    assert.equal(shown.LOG_RETENTION_DAYS, `\`${c.logRetentionDays}\``);
    assert.equal(shown.DATABASE_POOL_SIZE, `\`${c.databasePool.size}\``);
    assert.equal(shown.DATABASE_CONNECT_TIMEOUT_MS, `\`${c.databasePool.connectMs}\``);
    assert.equal(shown.DATABASE_STATEMENT_TIMEOUT_MS, `\`${c.databasePool.statementMs}\``);
    assert.equal(shown.DATABASE_URL, 'unset');
    assert.equal(c.databaseUrl, undefined);
  });

  it('`latchkey --help` lists every variable with the same text, wrapped to 80 columns', () => {
    assert.ok(MAIN_HELP.includes(configHelp()));
    const flat = MAIN_HELP.replace(/\s+/g, ' ');
    for (const v of CONFIG_VARIABLES) {
      assert.match(MAIN_HELP, new RegExp(`^  ${v.name} \\(default: `, 'm'));
      const words = documentation(v).replaceAll('**', '').replaceAll('`', '').replace(/\s+/g, ' ');
      assert.ok(flat.includes(words), `${v.name}'s text in --help`);
    }
    for (const line of configHelp().split('\n')) assert.ok(line.length <= 80 || !line.slice(6).includes(' '), line);
  });
});
