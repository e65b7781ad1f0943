export * from './step.js';
export * from './workflow.js';
export * from './tables.js';
export * from './metrics.js';
export * from './recovery.js';
export * from './engine.js';
export * from './testing.js';
