import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { RuntimeModule } from '@memfleet/platform';
import { AccessRedis } from './access-redis';
import { AuthGuard } from './auth.guard';
import { RateLimits } from './rate-limits';
import { TokenService } from './token.service';

/** Bearer tokens: every route goes through the guard unless marked @Public(). */
@Module({
  imports: [RuntimeModule],
  providers: [AccessRedis, TokenService, RateLimits, { provide: APP_GUARD, useClass: AuthGuard }],
  exports: [TokenService, RateLimits],
})
export class AuthModule {}
