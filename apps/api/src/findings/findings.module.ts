import { Module } from '@nestjs/common';
import { RuntimeModule } from '@memfleet/platform';
import { FindingsController } from './findings.controller';
import { FindingsService } from './findings.service';

@Module({ imports: [RuntimeModule], controllers: [FindingsController], providers: [FindingsService] })
export class FindingsModule {}
