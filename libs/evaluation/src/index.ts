export * from './finding-transitions';
export * from './evaluation.service';
export * from './settings-cache';
export * from './evaluation.processor';
export * from './runtime';
export * from './evaluation-write';
export * from './reevaluation';
