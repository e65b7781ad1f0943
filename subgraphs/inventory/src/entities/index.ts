import { StockLevel } from './stock-level.entity.js';
import { Warehouse } from './warehouse.entity.js';

/** Every entity of the inventory schema. */
export const entities = [Warehouse, StockLevel];
export { StockLevel, Warehouse };
