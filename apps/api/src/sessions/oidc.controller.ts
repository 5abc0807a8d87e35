import { Controller, Get, Req, Res } from '@nestjs/common';
import { ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { Public } from '../auth/auth.decorators';
import { ProblemDto } from '../common/problem.dto';
import { SignInOptionsDto } from './dto/sessions.dto';
import { OidcService } from './oidc.service';

const LOGIN_URL = '/api/v1/sessions/oidc/login';

@ApiTags('auth')
@Controller('api/v1/sessions')
export class OidcController {
  constructor(private readonly oidc: OidcService) {}

  @Get('options')
  @Public()
  @ApiOperation({ summary: 'How the sign-in page may sign in: whether single sign-on is configured' })
  @ApiResponse({ status: 200, type: SignInOptionsDto })
  options(): SignInOptionsDto {
    return { sso: this.oidc.enabled, ssoUrl: this.oidc.enabled ? LOGIN_URL : null };
  }

  @Get('oidc/login')
  @Public()
  @ApiOperation({ summary: 'Single sign-on: redirects to the OpenID Connect issuer (authorization code + PKCE)' })
  @ApiResponse({ status: 303, description: 'To the issuer; or to /?sso_error=unavailable when its discovery document cannot be read' })
  @ApiResponse({ status: 404, type: ProblemDto, description: 'Single sign-on is not configured' })
  login(@Req() req: Request, @Res() res: Response): Promise<void> {
    return this.oidc.login(req, res);
  }

  @Get('oidc/callback')
  @Public()
  @ApiOperation({
    summary: 'Single sign-on: the issuer redirects here; opens a session with the mapped role',
    description:
      'On success sets the session cookie and redirects to /. On failure redirects to /?sso_error=<code>: state (no matching sign-in in this browser), denied (the issuer refused), provider (code exchange or ID token refused, e.g. a wrong PKCE verifier), no-role (no MEMFLEET_OIDC_ROLES value in the role claim), unavailable (the issuer cannot be reached).',
  })
  @ApiResponse({ status: 303, description: 'To / signed in, or to /?sso_error=<code>' })
  @ApiResponse({ status: 404, type: ProblemDto, description: 'Single sign-on is not configured' })
  callback(@Req() req: Request, @Res() res: Response): Promise<void> {
    return this.oidc.callback(req, res);
  }
}
