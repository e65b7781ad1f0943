export * from './context.js';
export * from './schema.js';
export * from './server.js';
export * from './service-client.js';
export * from './runtime.js';
export * from './local.js';
export * from './connection.js';
export * from './paging.js';
