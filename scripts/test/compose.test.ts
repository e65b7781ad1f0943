import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from '@jest/globals';
import { parse } from 'yaml';
import { generateKeyPairPem } from '@shopgraph/auth';
import { ConfigError, SUBGRAPH_NAMES, type SubgraphName, loadConfig, subgraphEnv, type z } from '@shopgraph/config';
import { paysimEnv } from '@shopgraph/paysim';
import { gatewayEnv } from '../../gateway/src/config.js';
import { customerEnv } from '../../subgraphs/customer/src/config.js';
import { inventoryEnv } from '../../subgraphs/inventory/src/config.js';
import { orderEnv } from '../../subgraphs/order/src/config.js';
import { reviewEnv } from '../../subgraphs/review/src/config.js';

/**
 * docker-compose.yml read as Docker Compose reads it (YAML with merge keys, then `${…}`
 * interpolation), since no Docker engine runs on the development and CI machines.
 */
interface ComposeService {
  command?: string[];
  healthcheck?: { test?: string[] | string; disable?: boolean };
  depends_on?: Record<string, { condition?: string }> | string[];
  environment?: Record<string, string | number | boolean | null>;
  ports?: string[];
}

const COMPOSE_FILE = 'docker-compose.yml';
const raw = readFileSync(COMPOSE_FILE, 'utf8');

/** What the operator must provide: the secrets and the production-like values without a safe default. */
const REQUIRED = [
  'JWT_PRIVATE_KEY',
  'JWT_PUBLIC_KEY',
  'LOGIN_DEVICE_SECRET',
  'PAYMENT_WEBHOOK_SECRET',
  'POSTGRES_PASSWORD',
  'SERVICE_TOKEN',
  'SHOP_URL',
];

/** Values an operator could give them (valid ones: the processes' configurations check them). */
const keys = generateKeyPairPem();
const OPERATOR_ENV: Record<string, string> = {
  JWT_PRIVATE_KEY: keys.privateKey,
  JWT_PUBLIC_KEY: keys.publicKey,
  LOGIN_DEVICE_SECRET: randomBytes(32).toString('hex'),
  PAYMENT_WEBHOOK_SECRET: randomBytes(24).toString('hex'),
  POSTGRES_PASSWORD: randomBytes(12).toString('hex'),
  SERVICE_TOKEN: randomBytes(24).toString('hex'),
  SHOP_URL: 'https://shop.example.com',
};

/** `${NAME}`, `${NAME-default}`, `${NAME:-default}`, `${NAME?message}`, `${NAME:?message}`. */
const VARIABLE = /\$\{([A-Za-z_][A-Za-z0-9_]*)(?:(:?[?-])([^}]*))?\}/g;

/** Compose's interpolation of one string: a required variable that is missing throws its message. */
function interpolate(text: string, env: Record<string, string | undefined>): string {
  return text.replace(VARIABLE, (_match, name: string, operator: string | undefined, argument: string) => {
    const value = env[name];
    const missing = value === undefined || (operator?.startsWith(':') === true && value === '');
    if (!operator) return value ?? '';
    if (operator.endsWith('?')) {
      if (missing) throw new Error(`required variable ${name} is missing: ${argument}`);
      return value!;
    }
    return missing ? argument : value!;
  });
}

function interpolateAll(value: unknown, env: Record<string, string | undefined>): unknown {
  if (typeof value === 'string') return interpolate(value, env);
  if (Array.isArray(value)) return value.map((v) => interpolateAll(v, env));
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, interpolateAll(v, env)]));
  return value;
}

/** The services of the compose file with `env` as the operator's environment. */
function composeServices(env: Record<string, string | undefined>): Record<string, ComposeService> {
  const document = interpolateAll(parse(raw, { merge: true }), env) as { services: Record<string, ComposeService> };
  return document.services;
}

const services = composeServices(OPERATOR_ENV);

/** The configuration schemas a process reads at start-up, by its entry point. */
const OWN_SETTINGS: Partial<Record<SubgraphName, z.ZodType>> = {
  inventory: inventoryEnv,
  customer: customerEnv,
  order: orderEnv,
  review: reviewEnv,
};
const PROCESSES: Record<string, { source: string; schemas: z.ZodType[] }> = {
  'gateway/dist/index.js': { source: 'gateway/src/index.ts', schemas: [gatewayEnv] },
  'packages/paysim/dist/main.js': { source: 'packages/paysim/src/main.ts', schemas: [paysimEnv] },
  ...Object.fromEntries(
    SUBGRAPH_NAMES.map((name) => [
      `subgraphs/${name}/dist/index.js`,
      { source: `subgraphs/${name}/src/index.ts`, schemas: [subgraphEnv(name), ...(OWN_SETTINGS[name] ? [OWN_SETTINGS[name]] : [])] },
    ]),
  ),
};

/** The shopgraph processes of the stack: services whose command runs one of the entry points above. */
const appServices = Object.entries(services).filter(([, s]) => s.command?.[0] === 'node');
const envOf = (service: ComposeService): Record<string, string> =>
  Object.fromEntries(Object.entries(service.environment ?? {}).map(([k, v]) => [k, v === null ? '' : String(v)]));

/** Every problem the process's configuration finds in `env`. */
function configProblems(schemas: z.ZodType[], env: Record<string, string>): string[] {
  return schemas.flatMap((schema) => {
    try {
      loadConfig(schema, env);
      return [];
    } catch (error) {
      if (error instanceof ConfigError) return error.problems;
      throw error;
    }
  });
}

describe('docker-compose.yml', () => {
  it('runs every process of the stack once, each from an entry point that exists', () => {
    const entries = appServices.map(([, s]) => s.command![1]!).sort();
    expect(entries).toEqual(Object.keys(PROCESSES).sort());
    for (const entry of entries) expect(existsSync(PROCESSES[entry]!.source)).toBe(true);
    expect(Object.keys(services)).toEqual(expect.arrayContaining(['postgres', 'nats', 'redis']));
  });

  it('asks the operator for every secret and production-like value, and refuses to start without any of them', () => {
    const required = [...raw.matchAll(VARIABLE)].filter((m) => m[2]?.endsWith('?')).map((m) => m[1]!);
    expect([...new Set(required)].sort()).toEqual(REQUIRED);
    for (const name of REQUIRED) {
      expect(() => composeServices({ ...OPERATOR_ENV, [name]: undefined })).toThrow(`required variable ${name} is missing`);
      expect(() => composeServices({ ...OPERATOR_ENV, [name]: '' })).toThrow(`required variable ${name} is missing`);
    }
  });

  it('gives every service a health check; each shopgraph process checks its own /health/ready', () => {
    for (const [name, service] of Object.entries(services)) {
      const test = service.healthcheck?.test;
      expect({ name, test: Boolean(test?.length), disabled: service.healthcheck?.disable ?? false }).toEqual({
        name,
        test: true,
        disabled: false,
      });
    }
    for (const [name, service] of appServices) {
      expect({ name, test: [service.healthcheck!.test].flat().join(' ') }).toEqual({
        name,
        test: expect.stringContaining('/health/ready'),
      });
      expect({ name, port: envOf(service).PORT }).toEqual({ name, port: expect.stringMatching(/^\d+$/) });
    }
  });

  it('starts a service only once what it depends on is healthy (or done), and only on services that exist', () => {
    for (const [name, service] of Object.entries(services)) {
      if (!service.depends_on) continue;
      expect({ name, listForm: Array.isArray(service.depends_on) }).toEqual({ name, listForm: false });
      for (const [target, { condition }] of Object.entries(service.depends_on as Record<string, { condition?: string }>)) {
        expect({ name, target, exists: target in services }).toEqual({ name, target, exists: true });
        expect({ name, target, condition }).toEqual({
          name,
          target,
          condition: expect.stringMatching(/^(service_healthy|service_completed_successfully)$/),
        });
      }
    }
    // The database first; the gateway once every subgraph (and the customer's key set) answers.
    for (const name of SUBGRAPH_NAMES)
      expect(Object.keys(services[name]!.depends_on!)).toEqual(expect.arrayContaining(['postgres', 'nats']));
    expect(Object.keys(services.gateway!.depends_on!)).toEqual(expect.arrayContaining([...SUBGRAPH_NAMES, 'redis']));
  });

  it('gives every process all the settings its typed configuration requires in production', () => {
    for (const [name, service] of appServices) {
      const env = envOf(service);
      expect({ name, NODE_ENV: env.NODE_ENV }).toEqual({ name, NODE_ENV: 'production' });
      expect({ name, problems: configProblems(PROCESSES[service.command![1]!]!.schemas, env) }).toEqual({ name, problems: [] });
    }
  });

  it('wires the event bus to NATS and the gateway rate limits to Redis', () => {
    for (const name of SUBGRAPH_NAMES) {
      expect({ name, env: envOf(services[name]!) }).toMatchObject({
        name,
        env: { EVENT_TRANSPORT: 'nats', NATS_URL: 'nats://nats:4222' },
      });
    }
    expect(envOf(services.gateway!).REDIS_URL).toBe('redis://redis:6379');
  });

  it('points every service URL at a service of the stack on the port it listens on; published ports are unique', () => {
    const listensOn = (name: string): string | undefined =>
      ({ postgres: '5432', nats: '4222', redis: '6379' })[name] ?? (services[name] ? envOf(services[name]).PORT : undefined);
    for (const [name, service] of Object.entries(services)) {
      for (const [variable, value] of Object.entries(envOf(service))) {
        if (!/_URL$/.test(variable) || !value) continue;
        const url = new URL(value);
        if (!(url.hostname in services)) continue; // outside the stack (SMTP, the storefront)
        expect({ name, variable, port: url.port }).toEqual({ name, variable, port: listensOn(url.hostname) });
      }
    }
    const published = Object.values(services).flatMap((s) => (s.ports ?? []).map((p) => p.split(':').slice(0, -1).join(':')));
    expect(published.length).toBeGreaterThan(0);
    expect(new Set(published).size).toBe(published.length);
  });

  it('passes `docker compose config` where Docker Compose is installed', () => {
    const probe = spawnSync('docker', ['compose', 'version'], { encoding: 'utf8' });
    if (probe.status !== 0) {
      // No Compose here (TOOLCHAIN.md: no Docker engine on these machines): say why, rather than pass silently.
      expect(probe.error ? (probe.error as NodeJS.ErrnoException).code : probe.stderr).toMatch(
        /ENOENT|unknown command|not a docker command/,
      );
      return;
    }
    const config = spawnSync('docker', ['compose', '-f', COMPOSE_FILE, 'config', '--quiet'], {
      encoding: 'utf8',
      env: { ...process.env, ...OPERATOR_ENV },
    });
    expect({ status: config.status, stderr: config.stderr }).toEqual({ status: 0, stderr: '' });
  });
});
