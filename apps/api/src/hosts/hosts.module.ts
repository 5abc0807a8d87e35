import { Module } from '@nestjs/common';
import { RuntimeModule } from '@memfleet/platform';
import { ActivityModule } from '../activity/activity.module';
import { AuthModule } from '../auth/auth.module';
import { HostsController } from './hosts.controller';
import { HostHistoryService } from './host-history.service';
import { HostsService } from './hosts.service';

@Module({ imports: [RuntimeModule, AuthModule, ActivityModule], controllers: [HostsController], providers: [HostsService, HostHistoryService] })
export class HostsModule {}
