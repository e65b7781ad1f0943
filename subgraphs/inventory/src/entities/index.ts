import { Reservation, ReservationStatus } from './reservation.entity.js';
import { ReservationLine } from './reservation-line.entity.js';
import { StockLevel } from './stock-level.entity.js';
import { StockMovement, StockMovementKind } from './stock-movement.entity.js';
import { Warehouse } from './warehouse.entity.js';

/** Every entity of the inventory schema. */
export const entities = [Warehouse, StockLevel, StockMovement, Reservation, ReservationLine];
export { Reservation, ReservationLine, ReservationStatus, StockLevel, StockMovement, StockMovementKind, Warehouse };
