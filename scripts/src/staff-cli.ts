/**
 * `npm run staff -- create <email> [--role OWNER] [--name "<name>"] [--password-stdin]` creates an
 * active staff member directly in the customer subgraph's database (`DATABASE_URL`, or the embedded
 * database that `npm start` runs): the way to a first owner when no one can sign in yet. It prints
 * a generated password, or takes one line from standard input with `--password-stdin`.
 */
import 'reflect-metadata';
import { randomBytes } from 'node:crypto';
import { text } from 'node:stream/consumers';
import { parseArgs } from 'node:util';
import { STAFF_ROLES, isStaffRole } from '@shopgraph/auth';
import { definition } from '@shopgraph/customer/definition';
import { createStaffMember } from '@shopgraph/customer/staff';
import { openDatabase } from '@shopgraph/db';
import { createLogger } from '@shopgraph/observability';
import { resolveLocalDatabase } from '@shopgraph/subgraph';

const USAGE = `usage: npm run staff -- create <email> [--role ${STAFF_ROLES.join('|')}] [--name "<name>"] [--password-stdin]`;

function usage(problem?: string): never {
  if (problem) console.error(problem);
  console.error(USAGE);
  process.exit(2);
}

const parsed = (() => {
  try {
    return parseArgs({
      allowPositionals: true,
      options: {
        role: { type: 'string', default: 'OWNER' },
        name: { type: 'string' },
        'password-stdin': { type: 'boolean', default: false },
      },
    });
  } catch (error) {
    return usage((error as Error).message);
  }
})();
const [command, email, ...extra] = parsed.positionals;
const { role, name, 'password-stdin': fromStdin } = parsed.values;
if (command !== 'create' || !email || extra.length) usage();
if (!isStaffRole(role)) usage(`unknown role ${role}`);

/** A random password the policy accepts (letters and digits, 24 characters). */
function generatedPassword(): string {
  for (;;) {
    const candidate = randomBytes(18).toString('base64url');
    if (/[A-Za-z]/.test(candidate) && /[0-9]/.test(candidate)) return candidate;
  }
}

const password = fromStdin ? (await text(process.stdin)).replace(/\r?\n$/, '') : generatedPassword();
const logger = createLogger('staff-cli', 'warn');
const url = process.env.DATABASE_URL ?? (await resolveLocalDatabase(logger));
const orm = await openDatabase({ url, schema: definition.name, entities: definition.entities, migrations: definition.migrations, logger });
let status = 0;
try {
  const created = await createStaffMember(orm.em.fork(), { email, role, password, name: name ?? email.split('@')[0]! });
  if (created.member) {
    console.log(`created ${created.member.role} ${created.member.email} (${created.member.id}); sign in with staffLogin`);
    if (!fromStdin) console.log(`password: ${password}`);
  } else {
    for (const error of created.userErrors) console.error(`${error.field?.at(-1) ?? 'input'}: ${error.message}`);
    status = 1;
  }
} finally {
  await orm.close();
}
process.exit(status);
