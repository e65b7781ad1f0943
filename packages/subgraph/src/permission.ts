import { Directive, type MiddlewareFn, UseMiddleware } from 'type-graphql';
import { requirePermission, type Permission } from '@shopgraph/auth';
import type { RequestContext } from './context.js';

/**
 * Declares the staff permission an admin field or mutation needs, and enforces it before the
 * resolver runs. The declaration is published as `@requiresPermission` (composed into the supergraph), so the supergraph
 * (and the permission matrix test read from it) shows what each field needs.
 */
export function RequiresPermission(permission: Permission, options: { service?: boolean } = {}): MethodDecorator {
  const declare = Directive(`@requiresPermission(permission: "${permission}")`);
  const guard: MiddlewareFn<RequestContext> = ({ context }, next) => {
    // `service`: another subgraph may read it too, with the internal service credential.
    if (!(options.service && context.identity.kind === 'service')) requirePermission(context.identity, permission);
    return next();
  };
  const enforce = UseMiddleware(guard);
  return (target, key, descriptor) => {
    declare(target, key, descriptor);
    enforce(target, key, descriptor);
  };
}
