export * from './event.js';
export * from './tables.js';
export * from './outbox.js';
export * from './inbox.js';
export * from './bus.js';
export * from './relay.js';
export * from './pg-boss-bus.js';
export * from './metrics.js';
