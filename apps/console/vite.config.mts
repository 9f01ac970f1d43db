import preact from '@preact/preset-vite';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const here = dirname(fileURLToPath(import.meta.url));

// The control plane serves dist/apps/console/public at `/` under a CSP of `default-src 'self'`: everything is
// emitted as files (no inline script or style, no data: URLs for assets) and nothing is fetched from elsewhere.
export default defineConfig({
  root: here,
  base: '/',
  plugins: [preact()],
  build: {
    outDir: resolve(here, '../../dist/apps/console/public'),
    emptyOutDir: true,
    assetsInlineLimit: 0,
    modulePreload: { polyfill: false },
    sourcemap: true,
  },
  logLevel: 'warn',
});
