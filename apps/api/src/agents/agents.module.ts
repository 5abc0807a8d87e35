import { Module } from '@nestjs/common';
import { RuntimeModule } from '@memfleet/platform';
import { AgentsController } from './agents.controller';
import { AgentsService } from './agents.service';

@Module({ imports: [RuntimeModule], controllers: [AgentsController], providers: [AgentsService] })
export class AgentsModule {}
