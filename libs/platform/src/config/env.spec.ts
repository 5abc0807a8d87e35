import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { configTable } from './config-table';
import { ConfigError, loadConfig, oidcConfig, type AppConfig } from './env';
import { ENV_VARIABLES, type EnvVariable } from './env.schema';

type Schema = EnvVariable['schema'] & { type?: string; minimum?: number; maximum?: number; anyOf?: { const: string }[] };

/** A valid value other than the default, as text, and the value the loader should make of it. */
function sample(v: EnvVariable): { raw: string; value: unknown } {
  const s = v.schema as Schema;
  if (s.type === 'integer') {
    // An optional integer without a default (a port) takes its first example.
    const n = s.default === undefined ? (s.examples![0] as number) : s.default === s.maximum ? s.minimum! : (s.default as number) + 1;
    return { raw: String(n), value: n };
  }
  if (s.type === 'boolean') return { raw: String(!s.default), value: !s.default };
  if (s.anyOf) {
    const other = s.anyOf.map((o) => o.const).find((c) => c !== s.default)!;
    return { raw: other, value: other };
  }
  assert.ok(s.examples?.length, `${v.name}: a text variable declares examples (the tests use the first)`);
  return { raw: String(s.examples[0]), value: s.examples[0] };
}

/** A value the schema refuses, or null when it accepts any text. */
function wrong(v: EnvVariable): string | null {
  const s = v.schema as Schema & { pattern?: string; minLength?: number };
  if (s.type === 'integer') return String(s.maximum! + 1);
  if (s.type === 'boolean') return 'maybe';
  if (s.anyOf) return 'loudest';
  if (s.pattern) return 'nonsense://x';
  if (s.minLength && s.minLength > 1) return 'tooshort';
  return null;
}

function changedFields(a: AppConfig, b: AppConfig): (keyof AppConfig)[] {
  return (Object.keys(a) as (keyof AppConfig)[]).filter((k) => a[k] !== b[k]);
}

describe('environment configuration', () => {
  const defaults = loadConfig({});

  it('reads every declared variable into exactly one field, with the declared default when unset', () => {
    const covered = new Set<keyof AppConfig>();
    for (const v of ENV_VARIABLES) {
      const { raw, value } = sample(v);
      const loaded = loadConfig({ [v.name]: raw });
      const changed = changedFields(defaults, loaded);
      assert.equal(changed.length, 1, `${v.name}=${raw} should change one config field, changed ${JSON.stringify(changed)}`);
      const [field] = changed;
      assert.equal(loaded[field], value, `${v.name}=${raw} → ${field}`);
      assert.equal(defaults[field], v.schema.default ?? null, `${field} unset: the declared default of ${v.name}`);
      assert.ok(!covered.has(field), `${field} is read from two variables`);
      covered.add(field);
    }
    assert.deepEqual([...covered].sort(), Object.keys(defaults).sort(), 'every config field comes from a declared variable');
  });

  it('treats an empty value as unset, except where it means none', () => {
    const empty = loadConfig(Object.fromEntries(ENV_VARIABLES.map((v) => [v.name, ''])));
    assert.deepEqual({ ...empty, auditCron: defaults.auditCron }, defaults);
    assert.equal(empty.auditCron, null, 'MEMFLEET_AUDIT_CRON= creates no default schedule');
  });

  it('reads MEMFLEET_AUDIT_CRON as a cron expression, and stops on one that is not, naming it', () => {
    assert.equal(defaults.auditCron, '0 6 * * *');
    assert.equal(loadConfig({ MEMFLEET_AUDIT_CRON: '*/5 * * * * *' }).auditCron, '*/5 * * * * *');
    for (const raw of ['61 * * * *', 'daily'])
      assert.throws(
        () => loadConfig({ MEMFLEET_AUDIT_CRON: raw }),
        (e: Error) => e instanceof ConfigError && e.message.startsWith(`MEMFLEET_AUDIT_CRON=${raw} is invalid: expected a cron expression`),
      );
  });

  it('stops on a wrong value of any variable, naming it and what it accepts, never echoing a secret', () => {
    for (const v of ENV_VARIABLES) {
      const raw = wrong(v);
      if (raw === null) continue;
      assert.throws(
        () => loadConfig({ [v.name]: raw }),
        (e: Error) => {
          assert.ok(e instanceof ConfigError, `${v.name}: ${e.message}`);
          assert.ok(e.message.startsWith(v.schema.secret ? `${v.name} is invalid: expected ` : `${v.name}=${raw} is invalid: expected `), e.message);
          if (v.schema.secret) assert.ok(!e.message.includes(raw), `${v.name}: the secret value is not echoed`);
          return true;
        },
      );
    }
    assert.throws(() => loadConfig({ PORT: 'eighty' }), /PORT=eighty is invalid: expected an integer from 0 to 65535/);
    assert.throws(() => loadConfig({ MEMFLEET_JOB_ATTEMPTS: '2.5' }), /MEMFLEET_JOB_ATTEMPTS=2.5 is invalid: expected an integer from 1 to 100/);
    assert.throws(() => loadConfig({ MEMFLEET_METRICS_PUBLIC: 'yes' }), /MEMFLEET_METRICS_PUBLIC=yes is invalid: expected true or false \(also 1 or 0\)/);
    assert.throws(() => loadConfig({ DATABASE_URL: 'mysql://x' }), /DATABASE_URL is invalid: expected postgres:\/\/user@host:port\/db/);
    assert.throws(() => loadConfig({ MEMFLEET_ADMIN_TOKEN: 'short' }), /MEMFLEET_ADMIN_TOKEN is invalid: expected at least 16 characters/);
    assert.throws(() => loadConfig({ LOG_LEVEL: 'loud' }), /LOG_LEVEL=loud is invalid: expected one of fatal, error, warn, info, debug, trace, silent/);
  });

  it('accepts 1/0 for booleans as before', () => {
    assert.equal(loadConfig({ MEMFLEET_RUN_WORKERS: '1' }).runWorkers, true);
    assert.equal(loadConfig({ MEMFLEET_RUN_WORKERS: '0' }).runWorkers, false);
  });

  it('documents every variable in the configuration table, with its default and accepted values', () => {
    const table = configTable();
    assert.equal(table.split('\n').length, ENV_VARIABLES.length + 2);
    assert.match(table, /\| `PORT` \| `3000` \| an integer from 0 to 65535 \| HTTP port of the API\. \|/);
    assert.match(table, /\| `DATABASE_URL` \| \(unset: embedded PGlite\) \| postgres:\/\/user@host:port\/db \|/);
  });

  it('reads the single sign-on variables together, refusing an incomplete set or plain HTTP off loopback, naming the variable', () => {
    assert.equal(oidcConfig(defaults), null);
    const oidc = (env: Record<string, string>) => () => oidcConfig(loadConfig(env));
    const full = {
      MEMFLEET_OIDC_ISSUER: 'https://login.example.com',
      MEMFLEET_OIDC_CLIENT_ID: 'memfleet',
      MEMFLEET_OIDC_ROLES: 'admin:sre-admins, operator:sre',
    };
    assert.deepEqual(oidc(full)(), {
      issuer: 'https://login.example.com',
      clientId: 'memfleet',
      clientSecret: null,
      redirectUrl: 'http://localhost:3000/api/v1/sessions/oidc/callback',
      scopes: 'openid email profile',
      roleClaim: 'groups',
      roles: [
        { role: 'admin', value: 'sre-admins' },
        { role: 'operator', value: 'sre' },
      ],
    });
    assert.equal(oidc({ ...full, MEMFLEET_OIDC_ISSUER: 'http://127.0.0.1:9000' })()?.issuer, 'http://127.0.0.1:9000');
    assert.throws(
      oidc({ ...full, MEMFLEET_OIDC_ISSUER: 'http://login.example.com' }),
      /MEMFLEET_OIDC_ISSUER=http:\/\/login.example.com is invalid: expected an https URL/,
    );
    assert.throws(oidc({ ...full, MEMFLEET_OIDC_CLIENT_ID: '' }), /MEMFLEET_OIDC_CLIENT_ID is not set, but MEMFLEET_OIDC_ISSUER is/);
    assert.throws(oidc({ ...full, MEMFLEET_OIDC_ROLES: '' }), /MEMFLEET_OIDC_ROLES is not set/);
    assert.throws(oidc({ MEMFLEET_OIDC_CLIENT_ID: 'memfleet' }), /MEMFLEET_OIDC_CLIENT_ID is set, but MEMFLEET_OIDC_ISSUER is not/);
    assert.throws(
      () => loadConfig({ MEMFLEET_OIDC_ROLES: 'root:wheel' }),
      /MEMFLEET_OIDC_ROLES=root:wheel is invalid: expected comma-separated role:claim-value pairs/,
    );
  });
});
