/**
 * The scale tests (`npm run test:scale`, through scripts/scale-test.mjs): `*.scale.test.ts` files, which
 * need NATS and Redis running; `npm test` leaves them out so that it needs only Node and npm.
 */
import base from './jest.config.js';

export default {
  ...base,
  testMatch: ['<rootDir>/**/*.scale.test.ts'],
  testPathIgnorePatterns: ['/node_modules/', '/dist/'],
  // The files share one NATS and one Redis, and some start whole stacks: one at a time on two cores.
  maxWorkers: 1,
};
