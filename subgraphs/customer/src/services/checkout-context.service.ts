import type { EntityManager } from '@mikro-orm/postgresql';
import { PreparedSql } from '@shopgraph/db';
import type { CardBrand } from '@shopgraph/contracts/payment-method';
import type { Standing } from '../domain/standing.js';
import { standings } from './standing.service.js';

/** An address of the book, with whether it is a default. */
export interface ContextAddress {
  id: string;
  fullName: string;
  line1: string;
  line2: string | null;
  city: string;
  region: string | null;
  postalCode: string | null;
  countryCode: string;
  phone: string | null;
  isDefaultShipping: boolean;
  isDefaultBilling: boolean;
}

/** A saved card as checkout sees it. */
export interface ContextPaymentMethod {
  id: string;
  providerToken: string;
  brand: CardBrand;
  last4: string;
  expiryMonth: number;
  expiryYear: number;
}

/** What the order subgraph's checkout needs of a customer, read together. */
export interface CustomerCheckoutFacts {
  customerId: string;
  email: string;
  addresses: ContextAddress[];
  paymentMethods: ContextPaymentMethod[];
  loyaltyPoints: number;
  standing: Standing;
}

/**
 * One statement for the customer, the address book (oldest first, default flags), the saved cards
 * (oldest first) and the loyalty balance. The default flags use `is not distinct from` so that an
 * account without a default gets false, not SQL null. It runs on every checkout update, so it goes straight to
 * the pool as a named prepared statement instead of three ORM queries and their entity building.
 */
const CHECKOUT_FACTS = `select c.id, c.email,
    coalesce((select json_agg(json_build_object(
        'id', a.id, 'fullName', a.full_name, 'line1', a.line1, 'line2', a.line2, 'city', a.city, 'region', a.region,
        'postalCode', a.postal_code, 'countryCode', a.country_code, 'phone', a.phone,
        'isDefaultShipping', a.id is not distinct from c.default_shipping_address_id,
        'isDefaultBilling', a.id is not distinct from c.default_billing_address_id)
        order by a.created_at, a.id)
      from customer.address a where a.customer_id = c.id), '[]'::json) as addresses,
    coalesce((select json_agg(json_build_object(
        'id', p.id, 'providerToken', p.provider_token, 'brand', p.brand, 'last4', p.last4,
        'expiryMonth', p.expiry_month, 'expiryYear', p.expiry_year)
        order by p.created_at, p.id)
      from customer.payment_method p where p.customer_id = c.id), '[]'::json) as payment_methods,
    (select coalesce(sum(e.points), 0) from customer.loyalty_entry e where e.customer_id = c.id) as points
  from customer.customer c where c.id = $1`;

type FactsRow = { id: string; email: string; addresses: ContextAddress[]; payment_methods: ContextPaymentMethod[]; points: string };

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A customer's checkout facts in two statements (the facts and the ledger stats), or null for an unknown customer. */
export async function checkoutFacts(em: EntityManager, customerId: string): Promise<CustomerCheckoutFacts | null> {
  if (!UUID.test(customerId)) return null;
  const sql = await PreparedSql.of(em);
  const [row, [standing]] = await Promise.all([
    sql.row<FactsRow>('customer.checkout-facts', CHECKOUT_FACTS, [customerId]),
    standings(em, [customerId]),
  ]);
  if (!row) return null;
  return {
    customerId: row.id,
    email: row.email,
    addresses: row.addresses,
    paymentMethods: row.payment_methods,
    loyaltyPoints: Number(row.points),
    standing: standing!,
  };
}
