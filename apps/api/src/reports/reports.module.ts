import { Module } from '@nestjs/common';
import { RuntimeModule } from '@memfleet/platform';
import { ActivityModule } from '../activity/activity.module';
import { FailedReportsController } from './failed-reports.controller';
import { FailedReportsService } from './failed-reports.service';
import { ReportQueriesService } from './report-queries.service';
import { ReportsController } from './reports.controller';
import { ReportsService } from './reports.service';

@Module({
  imports: [RuntimeModule, ActivityModule],
  controllers: [ReportsController, FailedReportsController],
  providers: [ReportsService, ReportQueriesService, FailedReportsService],
})
export class ReportsModule {}
