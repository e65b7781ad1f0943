export * from './test-cards.js';
export type { PaysimEventType, PaysimWebhook } from './events.js';
export { signatureHeader, type WebhookSwitches } from './webhook-dispatcher.js';
export * from './paysim.server.js';
export type { PaymentSnapshotBody } from './payment-views.js';
export * from './webhook-receiver.js';
export type { PaysimFaults } from './payment-operations.js';
export { paysimEnv } from './config.js';
