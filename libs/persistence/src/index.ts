export * from './entities';
export * from './data-source';
export * from './migrations';
export * from './migrate';
export * from './prepared';
