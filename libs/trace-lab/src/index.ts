export * from './trace-types';
export * from './trace-errors';
export * from './trace-reader';
export * from './trace-file';
export * from './analyze-trace';
export * from './trace-stats';
export * from './trace-replay';
export * from './models';
