import http from 'node:http';
import { freePort } from './processes';

/** The part of oidc-provider (no type declarations of its own) these tests use. */
interface ProviderInstance {
  callback(): http.RequestListener;
}
type ProviderClass = new (issuer: string, configuration: Record<string, unknown>) => ProviderInstance;
interface GrantLike {
  addOIDCScope(scope: string): void;
  save(): Promise<string>;
}
interface ProviderContext {
  oidc: { client: { clientId: string }; session: { accountId: string }; provider: { Grant: new (p: { clientId: string; accountId: string }) => GrantLike } };
}

export interface TestIssuer {
  url: string;
  close(): Promise<void>;
}

export const CLIENT_ID = 'memfleet-test';
export const CLIENT_SECRET = 'memfleet-test-client-secret';

/**
 * A real OpenID Connect provider (oidc-provider) on a loopback port: its development login form takes any
 * account name, whose `groups` claim is `groups[name]`. Consent is granted by itself (a first-party client).
 */
export async function startTestIssuer(redirectUrl: string, groups: Record<string, string[]>): Promise<TestIssuer> {
  // A module name in a variable: the package ships no type declarations, these are the ones above.
  const packageName = 'oidc-provider';
  const { default: Provider } = (await import(packageName)) as { default: ProviderClass };
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const provider = new Provider(url, {
    clients: [
      {
        client_id: CLIENT_ID,
        client_secret: CLIENT_SECRET,
        redirect_uris: [redirectUrl],
        grant_types: ['authorization_code'],
        response_types: ['code'],
        token_endpoint_auth_method: 'client_secret_basic',
      },
    ],
    findAccount: (_ctx: unknown, id: string) => ({
      accountId: id,
      claims: () => ({ sub: id, email: `${id}@example.com`, groups: groups[id] ?? [] }),
    }),
    claims: { openid: ['sub'], email: ['email'], groups: ['groups'] },
    scopes: ['openid', 'email', 'groups'],
    // Claims of granted scopes in the ID token too.
    conformIdTokenClaims: false,
    pkce: { required: () => true },
    cookies: { keys: ['oidc-test-cookie-key-0123456789'] },
    features: { devInteractions: { enabled: true } },
    loadExistingGrant: async (ctx: ProviderContext) => {
      const grant = new ctx.oidc.provider.Grant({ clientId: ctx.oidc.client.clientId, accountId: ctx.oidc.session.accountId });
      grant.addOIDCScope('openid email groups');
      await grant.save();
      return grant;
    },
  });
  const server = http.createServer(provider.callback());
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  return {
    url,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** Cookies per origin (host and port), as a browser keeps them closely enough for one flow. */
export class CookieJar {
  private readonly jar = new Map<string, Map<string, string>>();

  store(url: string, res: Response): void {
    const origin = new URL(url).host;
    const cookies = this.jar.get(origin) ?? new Map<string, string>();
    for (const line of res.headers.getSetCookie()) {
      const [pair, ...attrs] = line.split(/;\s*/);
      const eq = pair.indexOf('=');
      const name = pair.slice(0, eq);
      const value = pair.slice(eq + 1);
      const expired = attrs.some((a) => /^max-age=0$/i.test(a) || (/^expires=/i.test(a) && Date.parse(a.slice(8)) < Date.now()));
      if (expired || value === '') cookies.delete(name);
      else cookies.set(name, value);
    }
    this.jar.set(origin, cookies);
  }

  get(url: string, name: string): string | undefined {
    return this.jar.get(new URL(url).host)?.get(name);
  }

  set(url: string, name: string, value: string): void {
    const origin = new URL(url).host;
    this.jar.set(origin, (this.jar.get(origin) ?? new Map<string, string>()).set(name, value));
  }

  header(url: string): string {
    return [...(this.jar.get(new URL(url).host) ?? new Map<string, string>())].map(([k, v]) => `${k}=${v}`).join('; ');
  }

  /** One request without following redirects, cookies sent and kept. */
  async fetch(
    url: string,
    init: { method?: string; body?: URLSearchParams } = {},
  ): Promise<{ status: number; location: string | null; text: string; res: Response }> {
    const res = await fetch(url, { method: init.method ?? 'GET', body: init.body, redirect: 'manual', headers: { cookie: this.header(url) } });
    this.store(url, res);
    const location = res.headers.get('location');
    return { status: res.status, location: location === null ? null : new URL(location, url).href, text: await res.text(), res };
  }
}

/**
 * Follows the authorization request through the provider's login form as `account`, up to the redirect
 * back to memfleet: returns that callback URL (code, state, iss), not yet visited.
 */
export async function authorizeAs(jar: CookieJar, authorizationUrl: string, account: string, redirectUrl: string): Promise<string> {
  let url = authorizationUrl;
  for (let step = 0; step < 12; step++) {
    if (url.startsWith(redirectUrl)) return url;
    const page = await jar.fetch(url);
    if (page.location) {
      url = page.location;
      continue;
    }
    const prompt = /name="prompt" value="(\w+)"/.exec(page.text)?.[1];
    if (page.status !== 200 || !prompt) throw new Error(`unexpected answer ${page.status} at ${url}: ${page.text.slice(0, 300)}`);
    const form = new URLSearchParams(prompt === 'login' ? { prompt, login: account, password: 'any' } : { prompt });
    const submitted = await jar.fetch(url, { method: 'POST', body: form });
    if (!submitted.location) throw new Error(`the ${prompt} form answered ${submitted.status}: ${submitted.text.slice(0, 300)}`);
    url = submitted.location;
  }
  throw new Error('the authorization did not come back to memfleet');
}
