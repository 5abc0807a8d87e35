import { Module, RequestMethod, type MiddlewareConsumer, type NestModule } from '@nestjs/common';
import { RuntimeModule } from '@memfleet/platform';
import { ActivityModule } from '../activity/activity.module';
import { AuthModule } from '../auth/auth.module';
import { FailedReportsController } from './failed-reports.controller';
import { FailedReportsService } from './failed-reports.service';
import { RawReportRoute } from './raw-report-route';
import { ReportIntake } from './report-intake';
import { ReportQueriesService } from './report-queries.service';
import { ReportsController } from './reports.controller';
import { ReportsService } from './reports.service';

@Module({
  imports: [RuntimeModule, AuthModule, ActivityModule],
  controllers: [ReportsController, FailedReportsController],
  providers: [ReportsService, ReportQueriesService, FailedReportsService, ReportIntake, RawReportRoute],
})
export class ReportsModule implements NestModule {
  configure(consumer: MiddlewareConsumer): void {
    // Serves the route itself and never calls next() on success: ReportsController.create is not entered.
    consumer.apply(RawReportRoute).forRoutes({ path: 'api/v1/reports', method: RequestMethod.POST });
  }
}
