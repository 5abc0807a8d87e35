import { Body, Controller, Delete, Get, HttpCode, Param, Post, Req, Res } from '@nestjs/common';
import { ApiOperation, ApiResponse, ApiSecurity, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { CurrentPrincipal, Public, RequireRole } from '../auth/auth.decorators';
import type { Principal } from '../auth/principal';
import { ProblemDto } from '../common/problem.dto';
import { uuidParam } from '../common/uuid-param';
import { CreateSessionDto, CurrentSessionDto, SessionListItemDto } from './dto/sessions.dto';
import { SessionsService } from './sessions.service';

@ApiTags('auth')
@ApiSecurity('bearer')
@ApiResponse({ status: 401, type: ProblemDto })
@RequireRole('viewer')
@Controller('api/v1/sessions')
export class SessionsController {
  constructor(private readonly sessions: SessionsService) {}

  @Post()
  @Public()
  @HttpCode(201)
  @ApiOperation({
    summary: 'Sign in with an API token: sets the session cookie (httpOnly, SameSite=Strict) and returns the CSRF token',
    description:
      'The session lasts MEMFLEET_SESSION_HOURS, never beyond the token’s expiry, and ends when the token is revoked. Requests signed in by the cookie that change something must send `X-CSRF-Token`.',
  })
  @ApiResponse({
    status: 201,
    type: CurrentSessionDto,
    headers: { 'Set-Cookie': { description: 'memfleet_session=…; Path=/api; HttpOnly; SameSite=Strict[; Secure]', schema: { type: 'string' } } },
  })
  @ApiResponse({ status: 400, type: ProblemDto })
  @ApiResponse({ status: 403, type: ProblemDto, description: 'An agent token' })
  create(@Body() dto: CreateSessionDto, @Req() req: Request, @Res({ passthrough: true }) res: Response): Promise<CurrentSessionDto> {
    return this.sessions.signInWithToken(dto.token, req, res);
  }

  @Get('current')
  @ApiOperation({ summary: 'The session of the cookie, with its CSRF token (a new tab asks for it)' })
  @ApiResponse({ status: 200, type: CurrentSessionDto })
  @ApiResponse({ status: 404, type: ProblemDto, description: 'Called with a bearer token, not a session' })
  current(@CurrentPrincipal() p: Principal, @Req() req: Request): Promise<CurrentSessionDto> {
    return this.sessions.current(p, req);
  }

  @Delete('current')
  @HttpCode(204)
  @ApiOperation({ summary: 'Sign out: ends the session of the cookie and clears it' })
  @ApiResponse({ status: 204 })
  @ApiResponse({ status: 403, type: ProblemDto, description: 'No X-CSRF-Token, or another session’s' })
  @ApiResponse({ status: 404, type: ProblemDto, description: 'Called with a bearer token, not a session' })
  signOut(@CurrentPrincipal() p: Principal, @Req() req: Request, @Res({ passthrough: true }) res: Response): Promise<void> {
    return this.sessions.signOut(p, req, res);
  }

  @Get()
  @RequireRole('admin')
  @ApiOperation({ summary: 'Open sessions, newest first (admin)' })
  @ApiResponse({ status: 200, type: [SessionListItemDto] })
  @ApiResponse({ status: 403, type: ProblemDto })
  list(): Promise<SessionListItemDto[]> {
    return this.sessions.list();
  }

  @Delete(':id')
  @RequireRole('admin')
  @HttpCode(204)
  @ApiOperation({ summary: 'End a session (admin)' })
  @ApiResponse({ status: 204 })
  @ApiResponse({ status: 400, type: ProblemDto })
  @ApiResponse({ status: 403, type: ProblemDto })
  @ApiResponse({ status: 404, type: ProblemDto })
  revoke(@Param('id', uuidParam('id')) id: string, @CurrentPrincipal() p: Principal): Promise<void> {
    return this.sessions.revoke(id, p);
  }
}
