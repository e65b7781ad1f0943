export * from './identity.js';
export * from './tokens.js';
export * from './headers.js';
export * from './permissions.js';
