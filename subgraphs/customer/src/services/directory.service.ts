import type { EntityManager, FilterQuery } from '@mikro-orm/postgresql';
import { newestFirstPage } from '@shopgraph/subgraph';
import { Customer } from '../entities/index.js';

/** Escapes LIKE wildcards so a search term matches literally. */
function likePattern(term: string): string {
  return `%${term.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/** Customers newest first, optionally those whose email or name contains `search` (case-insensitive). */
export function searchCustomers(em: EntityManager, search: string | undefined, first: number, after?: string) {
  const term = search?.trim();
  const where: FilterQuery<Customer> = term
    ? {
        $or: [
          { email: { $ilike: likePattern(term) } },
          { firstName: { $ilike: likePattern(term) } },
          { lastName: { $ilike: likePattern(term) } },
        ],
      }
    : {};
  return newestFirstPage(em, Customer, where, first, after);
}
