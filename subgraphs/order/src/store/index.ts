export * from './rows.js';
export * from './cart.sql.js';
export * from './checkout-session.sql.js';
export * from './payment.sql.js';
export * from './provider-event.sql.js';
