import { Module } from '@nestjs/common';
import { RuntimeModule } from '@memfleet/platform';
import { ActivityModule } from '../activity/activity.module';
import { AuthModule } from '../auth/auth.module';
import { AgentTokensController } from './agent-tokens.controller';
import { AgentTokensService } from './agent-tokens.service';
import { AgentsController } from './agents.controller';
import { AgentsService } from './agents.service';
import { EnrollSecretsController } from './enroll-secrets.controller';
import { EnrollSecretsService } from './enroll-secrets.service';

/** Enrolment: enroll secrets, the enroll itself, agent tokens and re-enroll grants, and the rules agents check with. */
@Module({
  imports: [RuntimeModule, AuthModule, ActivityModule],
  controllers: [AgentsController, AgentTokensController, EnrollSecretsController],
  providers: [AgentsService, AgentTokensService, EnrollSecretsService],
})
export class AgentsModule {}
