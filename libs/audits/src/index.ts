export * from './audit-runner';
export * from './audit-starter';
export * from './audits.module';
export * from './audits.processor';
export * from './audits.scheduler';
export * from './pattern-headlines';
export * from './audit-delivery';
