export * from './finding-transitions';
export * from './evaluation.service';
export * from './settings-cache';
export * from './evaluation.processor';
export * from './evaluation.module';
export * from './evaluation-write';
export * from './reevaluation';
export * from './silences';
