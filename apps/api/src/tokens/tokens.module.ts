import { Module } from '@nestjs/common';
import { RuntimeModule } from '@memfleet/platform';
import { ActivityModule } from '../activity/activity.module';
import { AuthModule } from '../auth/auth.module';
import { TokensController } from './tokens.controller';
import { TokensService } from './tokens.service';

@Module({ imports: [RuntimeModule, AuthModule, ActivityModule], controllers: [TokensController], providers: [TokensService] })
export class TokensModule {}
