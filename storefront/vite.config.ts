import react from '@vitejs/plugin-react';
import { defaultClientConditions, defineConfig } from 'vite';

/** The storefront: built into dist/, which the gateway serves at `/` on its own origin (no CORS, no proxy). */
export default defineConfig({
  plugins: [react()],
  // Workspace packages from their TypeScript sources (the `source` export condition), as in the tests.
  resolve: { conditions: ['source', ...defaultClientConditions] },
  // In `vite dev`, API calls go to a gateway started by `npm start`.
  server: { proxy: { '/graphql': { target: 'http://127.0.0.1:4000', ws: true } } },
  build: { outDir: 'dist', emptyOutDir: true, sourcemap: true },
});
