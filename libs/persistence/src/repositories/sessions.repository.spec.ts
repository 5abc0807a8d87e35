import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { migratedDataSource } from '../../../../test/helpers/throwaway-db';
import { SessionsRepository } from './sessions.repository';
import { TokensRepository } from './tokens.repository';

describe('SessionsRepository on the real PostgreSQL', () => {
  let ds: DataSource;
  let close: () => Promise<void>;
  let sessions: SessionsRepository;
  let tokens: TokensRepository;
  let n = 0;
  const hash = () => String(++n).padStart(64, '0');

  before(async () => {
    ({ ds, close } = await migratedDataSource());
    sessions = new SessionsRepository(ds);
    tokens = new TokensRepository(ds);
  });
  after(async () => close());

  const token = (expiresAt: Date | null = null) => tokens.createApiToken({ name: `t${n}`, role: 'operator', tokenHash: hash(), createdBy: null, expiresAt });

  it('opens a session for `hours`, or until its token expires if sooner, and resolves it by hash', async () => {
    const tokenId = await token();
    const h = hash();
    const made = await sessions.createSession({ idHash: h, via: 'token', tokenId, subject: null, name: 'ci', role: 'operator', hours: 2 });
    assert.ok(Math.abs(made.expiresAt.getTime() - (Date.now() + 2 * 3_600_000)) < 60_000);
    assert.deepEqual(await sessions.useSession(h), { id: made.id, via: 'token', tokenId, name: 'ci', role: 'operator', expiresAt: made.expiresAt });

    const soon = new Date(Date.now() + 600_000);
    const shortId = await token(soon);
    const capped = await sessions.createSession({ idHash: hash(), via: 'token', tokenId: shortId, subject: null, name: 's', role: 'operator', hours: 12 });
    assert.equal(capped.expiresAt.getTime(), soon.getTime());
  });

  it('refuses a session that was revoked, expired, or whose token was revoked or expired', async () => {
    const tokenId = await token();
    const [a, b, c] = [hash(), hash(), hash()];
    const sa = await sessions.createSession({ idHash: a, via: 'token', tokenId, subject: null, name: 'a', role: 'operator', hours: 1 });
    const sb = await sessions.createSession({ idHash: b, via: 'oidc', tokenId: null, subject: 'bob', name: 'sso:bob', role: 'admin', hours: 1 });
    await sessions.createSession({ idHash: c, via: 'token', tokenId, subject: null, name: 'c', role: 'operator', hours: 1 });
    assert.equal(await sessions.revokeSession(sa.id), 'a');
    assert.equal(await sessions.revokeSession(sa.id), null);
    assert.equal(await sessions.useSession(a), null);
    await ds.query(`UPDATE sessions SET expires_at = now() - interval '1 second' WHERE id = $1`, [sb.id]);
    assert.equal(await sessions.useSession(b), null);
    assert.ok(await sessions.useSession(c));
    await ds.query(`UPDATE api_tokens SET expires_at = now() - interval '1 second' WHERE id = $1`, [tokenId]);
    assert.equal(await sessions.useSession(c), null, 'the token expired');
    assert.equal((await sessions.listSessions()).filter((s) => s.tokenId === tokenId).length, 0);
  });

  it('revokes every session of a token at once, and no other', async () => {
    const [t1, t2] = [await token(), await token()];
    for (const t of [t1, t1, t2])
      await sessions.createSession({ idHash: hash(), via: 'token', tokenId: t, subject: null, name: 'x', role: 'viewer', hours: 1 });
    assert.equal(await sessions.revokeTokenSessions(t1), 2);
    const open = await sessions.listSessions();
    assert.equal(open.filter((s) => s.tokenId === t1).length, 0);
    assert.equal(open.filter((s) => s.tokenId === t2).length, 1);
    assert.equal(await sessions.activeSession(randomUUID()), null);
  });

  it('keeps a token session bound to its token and a single sign-on one without', async () => {
    await assert.rejects(
      sessions.createSession({ idHash: hash(), via: 'oidc', tokenId: await token(), subject: 's', name: 'x', role: 'viewer', hours: 1 }),
      /CHK_sessions_origin/,
    );
    await assert.rejects(
      sessions.createSession({ idHash: hash(), via: 'token', tokenId: null, subject: null, name: 'x', role: 'viewer', hours: 1 }),
      /CHK_sessions_origin/,
    );
  });
});
