import { Customer } from './customer.entity.js';

/** Every entity of the customer schema. */
export const entities = [Customer];
export { Customer };
