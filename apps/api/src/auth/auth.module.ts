import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { RuntimeModule } from '@memfleet/platform';
import { AuthGuard } from './auth.guard';
import { TokenService } from './token.service';

/** Bearer tokens: every route goes through the guard unless marked @Public(). */
@Module({ imports: [RuntimeModule], providers: [TokenService, { provide: APP_GUARD, useClass: AuthGuard }], exports: [TokenService] })
export class AuthModule {}
