export * from './rows.js';
export * from './cart.sql.js';
export * from './checkout-session.sql.js';
