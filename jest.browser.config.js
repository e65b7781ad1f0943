/**
 * Jest for the browser tests (`npm run test:browser`, scripts/browser-test.mjs): playwright-core driving
 * Debian's chromium against a test stack whose gateway serves the built storefront. One file at a time:
 * each starts a whole stack and a browser, and the machine has two cores.
 */
import base from './jest.config.js';

export default {
  ...base,
  testMatch: ['<rootDir>/storefront/test/**/*.browser.test.ts'],
  testPathIgnorePatterns: ['/node_modules/', '/dist/'],
  maxWorkers: 1,
  testTimeout: 300000,
};
