export * from './audit-schedules.module';
export * from './audit-schedules.sync';
export * from './scheduled-audit.processor';
