import { DEFAULT_PORTS, DEV_PAYMENT_WEBHOOK_SECRET, PAYSIM_DEFAULT_PORT } from '@shopgraph/config';
import { z } from 'zod';

/** Settings of the payment simulator process (`main.ts`). */
export const paysimEnv = z
  .object({
    NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
    PORT: z.coerce.number().int().min(0).max(65535).default(PAYSIM_DEFAULT_PORT),
    HOST: z.string().default('127.0.0.1'),
    DATABASE_URL: z
      .string({ error: 'DATABASE_URL is required: paysim keeps its state in the schema "paysim" of that database (npm start passes it)' })
      .url(),
    ORDER_URL: z.string().url().default(`http://127.0.0.1:${DEFAULT_PORTS.order}/graphql`),
    /** Where webhooks go; by default the order subgraph's webhook route on the host of ORDER_URL. */
    PAYSIM_WEBHOOK_URL: z.string().url().optional(),
    PAYMENT_WEBHOOK_SECRET: z.string().min(16, 'must be at least 16 characters').default(DEV_PAYMENT_WEBHOOK_SECRET),
    LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  })
  .superRefine((c, ctx) => {
    if (c.NODE_ENV === 'production' && c.PAYMENT_WEBHOOK_SECRET === DEV_PAYMENT_WEBHOOK_SECRET) {
      ctx.addIssue({
        code: 'custom',
        path: ['PAYMENT_WEBHOOK_SECRET'],
        message: 'must be set in production (the development default is public)',
      });
    }
  });
