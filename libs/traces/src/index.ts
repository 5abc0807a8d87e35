export * from './trace-store';
export * from './trace-uploads';
export * from './traces.module';
export * from './traces.processor';
export * from './traces.scheduler';
