import { Module } from '@nestjs/common';
import { RuntimeModule } from '@memfleet/platform';
import { ActivityModule } from '../activity/activity.module';
import { AuthModule } from '../auth/auth.module';
import { OidcController } from './oidc.controller';
import { OidcService } from './oidc.service';
import { SessionsController } from './sessions.controller';
import { SessionsService } from './sessions.service';

/** Browser sessions: sign-in with a token or by single sign-on, sign-out, and admin revocation. */
@Module({
  imports: [RuntimeModule, AuthModule, ActivityModule],
  controllers: [OidcController, SessionsController],
  providers: [SessionsService, OidcService],
  exports: [SessionsService],
})
export class SessionsModule {}
