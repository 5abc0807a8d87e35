import { ApiProperty } from '@nestjs/swagger';
import { IsString, Length } from 'class-validator';
import { ROLES } from '@memfleet/contracts';

export class CreateSessionDto {
  /** The API token to sign in with (viewer, operator or admin); only the session cookie is kept by the browser. */
  @IsString()
  @Length(1, 512)
  token: string;
}

export class SessionDto {
  id: string;
  /** How the session was signed in: with an API token, or through single sign-on. */
  @ApiProperty({ enum: ['token', 'oidc'] })
  via: string;
  /** The API token signed in with (the session ends with it); null for single sign-on. */
  tokenId: string | null;
  /** The token's name, or the single sign-on user. */
  name: string;
  @ApiProperty({ enum: ROLES })
  role: string;
  expiresAt: string;
}

export class CurrentSessionDto extends SessionDto {
  /** Send as the X-CSRF-Token header on every request that changes something. */
  csrfToken: string;
}

export class SessionListItemDto extends SessionDto {
  /** The single sign-on subject; null for a token session. */
  subject: string | null;
  createdAt: string;
  lastUsedAt: string | null;
}

export class SignInOptionsDto {
  /** Whether single sign-on is configured: the sign-in page then offers it at `ssoUrl`. */
  sso: boolean;
  /** Where the browser goes to sign in with single sign-on; null when it is not configured. */
  ssoUrl: string | null;
}
