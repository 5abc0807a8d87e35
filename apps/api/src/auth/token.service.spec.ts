import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { TokensRepository } from '@memfleet/persistence';
import type { AccessRedis } from './access-redis';
import { hashToken } from './token-hash';
import { TokenService } from './token.service';

const TOKEN = 'mfa_single-flight-token-0123456789';

/**
 * A Redis whose GET takes the epoch's value when it is sent (as Redis, which answers commands in
 * order) and whose reply the test releases, and a token table the test revokes from.
 */
function fixture(opts: { manual?: boolean } = {}) {
  const state = { epoch: '0', gets: 0, lookups: 0, down: false, tokens: new Set([hashToken(TOKEN)]) };
  const replies: (() => void)[] = [];
  const client = {
    get: (): Promise<string> => {
      state.gets++;
      if (state.down) return Promise.reject(new Error('Connection is closed.'));
      const value = state.epoch;
      return new Promise((resolve) => {
        const reply = () => resolve(value);
        if (opts.manual) replies.push(reply);
        else setImmediate(reply);
      });
    },
    incr: (): Promise<number> => {
      state.epoch = String(Number(state.epoch) + 1);
      return Promise.resolve(Number(state.epoch));
    },
  };
  const redis = { client, key: (name: string) => `test:access:${name}` } as unknown as AccessRedis;
  const tokens = {
    useAgentToken: (hash: string) => {
      state.lookups++;
      const row = { id: 't1', host_id: 'h1', machine_id: 'm1', dmi_product_uuid: '' };
      return Promise.resolve(state.tokens.has(hash) ? row : null);
    },
    useApiToken: () => Promise.resolve(null),
  } as unknown as TokensRepository;
  /** Lets every reply released so far, and what it unblocks, run. */
  const settle = () => new Promise((r) => setImmediate(r));
  const release = async () => {
    replies.shift()?.();
    await settle();
  };
  return { service: new TokenService(tokens, redis), state, replies, release, settle, redis };
}

describe('TokenService revocation epoch', () => {
  it('concurrent checks share reads: one in flight, and one for every request that arrived during it', async () => {
    const { service, state } = fixture();
    const checks = await Promise.all(Array.from({ length: 20 }, () => service.check(TOKEN)));
    assert.ok(checks.every((c) => c.ok));
    assert.equal(state.gets, 2, 'the first request reads; the 19 that arrived while it was in flight share the next read');
    await service.check(TOKEN);
    assert.equal(state.gets, 3, 'a request that arrives with no read in flight reads at once');
  });

  it('a request arriving while a read is in flight does not take its answer: it sees a revocation made meanwhile', async () => {
    const { service, state, replies, release, redis } = fixture({ manual: true });
    const warm = service.check(TOKEN);
    await release();
    assert.equal((await warm).ok, true);
    assert.equal(state.lookups, 1, 'looked up once, now cached');

    // A read goes out (Redis answers it with epoch 0 at once), its reply still on the way...
    const before = service.check(TOKEN);
    assert.equal(replies.length, 1);
    // ...when another process revokes the token and publishes a new epoch (and the revoker is answered).
    state.tokens.clear();
    await redis.client!.incr('epoch');
    const after = service.check(TOKEN);
    assert.equal(state.gets, 2, 'no second read is sent while one is in flight');

    await release(); // the old epoch's reply: the request that arrived before the revocation may still pass
    assert.equal((await before).ok, true);
    assert.equal(replies.length, 1, 'the later request waits for a read sent once the first was answered');
    await release();
    assert.deepEqual(await after, { ok: false, reason: 'unknown' });
    assert.equal(state.gets, 3);
  });

  it('while Redis is away every check looks its token up, and requests waiting on a failed read send no read of their own', async () => {
    const { service, state } = fixture();
    await service.check(TOKEN);
    state.down = true;
    const lookups = state.lookups;
    const gets = state.gets;
    const checks = await Promise.all(Array.from({ length: 5 }, () => service.check(TOKEN)));
    assert.ok(checks.every((c) => c.ok));
    assert.equal(state.gets - gets, 1, 'one failed read, shared by the requests that arrived during it');
    assert.equal(state.lookups - lookups, 5, 'no cache while the epoch cannot be read');
    state.tokens.clear(); // revoked while Redis was away (its epoch could not be published)
    assert.deepEqual(await service.check(TOKEN), { ok: false, reason: 'unknown' });

    state.down = false;
    state.tokens.add(hashToken(TOKEN));
    await service.check(TOKEN);
    const cached = state.lookups;
    await service.check(TOKEN);
    assert.equal(state.lookups, cached, 'cache back on once the epoch reads again');
  });

  it('a read that fails drops the cache for everyone who shared it', async () => {
    const { service, state } = fixture();
    await service.check(TOKEN);
    state.down = true;
    state.tokens.clear();
    const [a, b] = await Promise.all([service.check(TOKEN), service.check(TOKEN)]);
    assert.deepEqual(
      [a, b],
      [
        { ok: false, reason: 'unknown' },
        { ok: false, reason: 'unknown' },
      ],
    );
  });
});
