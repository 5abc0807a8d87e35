import { Module } from '@nestjs/common';
import { RuntimeModule } from '@memfleet/platform';
import { ReportQueriesService } from './report-queries.service';
import { ReportsController } from './reports.controller';
import { ReportsService } from './reports.service';

@Module({ imports: [RuntimeModule], controllers: [ReportsController], providers: [ReportsService, ReportQueriesService] })
export class ReportsModule {}
