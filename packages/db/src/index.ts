export * from './embedded.js';
export * from './admin.js';
export * from './orm.js';
export * from './prepared.js';
export * from './query-log.js';
export * from './schema-lock.js';
