import { Address } from './address.entity.js';
import { Customer } from './customer.entity.js';
import { RefreshToken } from './refresh-token.entity.js';

/** Every entity of the customer schema. */
export const entities = [Customer, RefreshToken, Address];
export { Address, Customer, RefreshToken };
