export * from './data-source';
export * from './migrations';
export * from './migrate';
export * from './prepared';
export * from './generate-sql';
export * from './repositories';
export * from './database-unavailable';
export * from './guarded-client';
