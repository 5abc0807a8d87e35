import { Module } from '@nestjs/common';
import { RuntimeModule } from '@memfleet/platform';
import { TraceUploads } from './trace-uploads';
import { TracesProcessor } from './traces.processor';
import { TracesScheduler } from './traces.scheduler';

/** Allocation traces: storing an upload and queueing it (TraceUploads), the AnalyzeTrace and sweep handlers, the sweep's schedule. */
@Module({ imports: [RuntimeModule], providers: [TraceUploads, TracesProcessor, TracesScheduler], exports: [TraceUploads] })
export class TracesModule {}
