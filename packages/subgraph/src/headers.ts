/**
 * Names of the HTTP headers the gateway, the subgraphs and their service calls exchange, in one
 * module that imports nothing, so any module of the platform can use them without an import circle.
 */

/** Header carrying the request id end to end. */
export const REQUEST_ID_HEADER = 'x-request-id';
/** Header in which the gateway tells subgraphs the caller's address. */
export const CLIENT_IP_HEADER = 'x-client-ip';
/** Header carrying the shared service credential between subgraphs; the gateway never forwards it. */
export const SERVICE_TOKEN_HEADER = 'x-service-token';
/** Header naming the calling service (for logs). */
export const SERVICE_NAME_HEADER = 'x-service-name';
