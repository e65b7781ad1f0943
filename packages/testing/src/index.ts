export * from './client.js';
export * from './database.js';
export * from './stack.js';
