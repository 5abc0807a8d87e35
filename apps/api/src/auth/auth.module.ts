import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { RuntimeModule } from '@memfleet/platform';
import { AccessRedis } from './access-redis';
import { AuthGuard } from './auth.guard';
import { RateLimits } from './rate-limits';
import { SessionService } from './session.service';
import { TokenService } from './token.service';

/** Bearer tokens and session cookies: every route goes through the guard unless marked @Public(). */
@Module({
  imports: [RuntimeModule],
  providers: [AccessRedis, TokenService, SessionService, RateLimits, { provide: APP_GUARD, useClass: AuthGuard }],
  exports: [TokenService, SessionService, RateLimits],
})
export class AuthModule {}
