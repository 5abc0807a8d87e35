import { Inject, Injectable, Logger } from '@nestjs/common';
import { parse } from 'cookie';
import type { Request, Response } from 'express';
import * as oidc from 'openid-client';
import { APP_CONFIG, oidcConfig, type AppConfig, type OidcConfig } from '@memfleet/platform';
import { ProblemException } from '../common/problem.exception';
import { roleOfClaim } from './oidc-roles';
import { SessionsService } from './sessions.service';

/** The browser's half of a login in progress: state, PKCE verifier and nonce, kept in a short httpOnly cookie. */
export const LOGIN_COOKIE = 'memfleet_oidc';
const LOGIN_PATH = '/api/v1/sessions/oidc';
const LOGIN_MINUTES = 10;

/** Why a single sign-on failed, as the dashboard's sign-in page explains it (`/?sso_error=<code>`). */
export type SsoError = 'state' | 'denied' | 'provider' | 'no-role' | 'unavailable';

class SsoFailure extends Error {
  constructor(
    readonly code: SsoError,
    message: string,
  ) {
    super(message);
  }
}

interface LoginState {
  state: string;
  verifier: string;
  nonce: string;
}

/**
 * Single sign-on through an OpenID Connect issuer: authorization code with PKCE (S256), state and nonce;
 * the ID token is verified by openid-client (signature against the issuer's JWKS, issuer, audience,
 * expiry, nonce). The role comes from MEMFLEET_OIDC_ROLE_CLAIM in the ID token, else in userinfo.
 */
@Injectable()
export class OidcService {
  private readonly logger = new Logger('oidc');
  private discovered: Promise<oidc.Configuration> | null = null;
  private readonly oidc: OidcConfig | null;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly sessions: SessionsService,
  ) {
    this.oidc = oidcConfig(config);
  }

  get enabled(): boolean {
    return this.oidc !== null;
  }

  /** Sends the browser to the issuer, remembering state, verifier and nonce in the login cookie. */
  async login(req: Request, res: Response): Promise<void> {
    const cfg = this.settings();
    let client: oidc.Configuration;
    try {
      client = await this.client(cfg);
    } catch {
      return res.redirect(303, failurePath('unavailable'));
    }
    const login: LoginState = { state: oidc.randomState(), verifier: oidc.randomPKCECodeVerifier(), nonce: oidc.randomNonce() };
    const url = oidc.buildAuthorizationUrl(client, {
      redirect_uri: cfg.redirectUrl,
      scope: cfg.scopes,
      code_challenge: await oidc.calculatePKCECodeChallenge(login.verifier),
      code_challenge_method: 'S256',
      state: login.state,
      nonce: login.nonce,
    });
    res.cookie(LOGIN_COOKIE, Buffer.from(JSON.stringify(login)).toString('base64url'), {
      ...this.loginCookieOptions(req),
      maxAge: LOGIN_MINUTES * 60_000,
    });
    res.redirect(303, url.href);
  }

  /** The issuer's redirect back: checks state, exchanges the code with the verifier, maps the role, opens a session. */
  async callback(req: Request, res: Response): Promise<void> {
    const cfg = this.settings();
    const login = loginStateOf(req);
    res.clearCookie(LOGIN_COOKIE, this.loginCookieOptions(req));
    try {
      const query = req.query as Record<string, unknown>;
      if (typeof query.error === 'string') throw new SsoFailure('denied', `the issuer answered ${query.error}: ${String(query.error_description ?? '')}`);
      if (!login || typeof query.state !== 'string' || query.state !== login.state)
        throw new SsoFailure('state', 'the state does not match a sign-in started in this browser (or it took over 10 minutes)');
      const client = await this.client(cfg).catch((err: Error) => {
        throw new SsoFailure('unavailable', `discovery failed: ${err.message}`);
      });
      const current = new URL(cfg.redirectUrl);
      current.search = new URL(req.originalUrl, 'http://callback').search;
      const tokens = await oidc
        .authorizationCodeGrant(client, current, {
          pkceCodeVerifier: login.verifier,
          expectedState: login.state,
          expectedNonce: login.nonce,
          idTokenExpected: true,
        })
        .catch((err: Error) => {
          throw new SsoFailure('provider', `the code exchange or ID token was refused: ${err.message}`);
        });
      const claims = tokens.claims()!;
      let roleValue: unknown = claims[cfg.roleClaim];
      let info: Record<string, unknown> = {};
      if (roleValue === undefined) {
        info = await oidc.fetchUserInfo(client, tokens.access_token, claims.sub).catch((err: Error) => {
          throw new SsoFailure('provider', `userinfo failed: ${err.message}`);
        });
        roleValue = info[cfg.roleClaim];
      }
      const role = roleOfClaim(roleValue, cfg.roles);
      const who = [claims.email, info.email, claims.preferred_username, info.preferred_username, claims.sub].find((v) => typeof v === 'string' && v) as string;
      if (!role)
        throw new SsoFailure('no-role', `${who} has no ${cfg.roleClaim} value mapped in MEMFLEET_OIDC_ROLES (has ${JSON.stringify(roleValue ?? null)})`);
      await this.sessions.open({ via: 'oidc', tokenId: null, subject: claims.sub.slice(0, 256), name: `sso:${who}`.slice(0, 256), role }, req, res);
      res.redirect(303, '/');
    } catch (err) {
      if (!(err instanceof SsoFailure)) throw err;
      this.logger.warn(`single sign-on refused (${err.code}): ${err.message}`);
      res.redirect(303, failurePath(err.code));
    }
  }

  private settings(): OidcConfig {
    if (!this.oidc) throw new ProblemException(404, 'sso-not-configured', 'Single sign-on is not configured (MEMFLEET_OIDC_ISSUER is unset).');
    return this.oidc;
  }

  /** The issuer's metadata, read on first use (a start-up does not wait for the issuer) and read again after a failure. */
  private client(cfg: OidcConfig): Promise<oidc.Configuration> {
    this.discovered ??= oidc
      .discovery(
        new URL(cfg.issuer),
        cfg.clientId,
        cfg.clientSecret ?? undefined,
        cfg.clientSecret ? oidc.ClientSecretBasic(cfg.clientSecret) : oidc.None(),
        // The configuration allows plain HTTP only for an issuer on a loopback address.
        { execute: new URL(cfg.issuer).protocol === 'http:' ? [oidc.allowInsecureRequests] : [] },
      )
      .catch((err: Error) => {
        this.discovered = null;
        this.logger.warn(`OpenID Connect discovery at ${cfg.issuer} failed: ${err.message}`);
        throw err;
      });
    return this.discovered;
  }

  // Lax, not Strict: the issuer's redirect back is a cross-site navigation, which Strict cookies skip.
  private loginCookieOptions(req: Request) {
    return { httpOnly: true, sameSite: 'lax' as const, secure: this.config.tlsCert !== null || req.secure, path: LOGIN_PATH };
  }
}

const failurePath = (code: SsoError) => `/?sso_error=${code}`;

function loginStateOf(req: Request): LoginState | null {
  const raw = parse(req.headers.cookie ?? '')[LOGIN_COOKIE];
  if (!raw) return null;
  try {
    const v = JSON.parse(Buffer.from(raw, 'base64url').toString()) as Partial<LoginState>;
    return typeof v.state === 'string' && typeof v.verifier === 'string' && typeof v.nonce === 'string' ? (v as LoginState) : null;
  } catch {
    return null;
  }
}
