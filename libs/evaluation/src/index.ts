export * from './stable-json';
export * from './finding-transitions';
export * from './evaluation.service';
export * from './settings-cache';
export * from './evaluation.processor';
export * from './runtime';
