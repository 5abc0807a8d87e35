export * from './housekeeping.module';
export * from './housekeeping.processor';
export * from './housekeeping.scheduler';
export * from './startup-tasks';
export * from './stranded-reports';
