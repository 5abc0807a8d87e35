import { Module } from '@nestjs/common';
import { RuntimeModule } from '@memfleet/platform';
import { AuthModule } from '../auth/auth.module';
import { HostsController } from './hosts.controller';
import { HostsService } from './hosts.service';

@Module({ imports: [RuntimeModule, AuthModule], controllers: [HostsController], providers: [HostsService] })
export class HostsModule {}
