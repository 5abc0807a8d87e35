export * from './finding-transitions';
export * from './evaluation.service';
export * from './settings-cache';
export * from './evaluation.processor';
export * from './runtime';
export * from './evaluation.sql';
export * from './reevaluation';
export * from './history-sample';
