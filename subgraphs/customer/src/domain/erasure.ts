/** What a deleted account's personal fields become: nothing that identifies the person. */
export interface ErasedIdentity {
  email: string;
  firstName: string;
  lastName: string;
  passwordHash: string;
}

/**
 * The placeholder identity of a deleted account. The email stays unique (it embeds the id) and sits
 * under the reserved `.invalid` domain, so no mail can reach it; the
 * password hash is not of the scrypt form, so no password ever verifies against it.
 */
export function erasedIdentity(customerId: string): ErasedIdentity {
  return { email: `deleted-${customerId}@deleted.invalid`, firstName: 'Deleted', lastName: 'Customer', passwordHash: 'erased' };
}
