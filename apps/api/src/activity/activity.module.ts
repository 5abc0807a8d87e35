import { Module } from '@nestjs/common';
import { RuntimeModule } from '@memfleet/platform';
import { ActivityController } from './activity.controller';
import { ActivityService } from './activity.service';

/** The activity log: ActivityService is exported for every feature that records an action. */
@Module({ imports: [RuntimeModule], controllers: [ActivityController], providers: [ActivityService], exports: [ActivityService] })
export class ActivityModule {}
