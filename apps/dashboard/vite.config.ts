import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

const here = path.dirname(fileURLToPath(import.meta.url));

// Built into apps/dashboard/dist, which the API serves at / with a single-page fallback.
export default defineConfig({
  root: here,
  base: '/',
  plugins: [react()],
  resolve: {
    // Types, and the label parser (labels.ts, no dependencies): the API and the agent parse labels the same way.
    alias: { '@memfleet/contracts': path.resolve(here, '../../libs/contracts/src') },
  },
  build: {
    outDir: path.join(here, 'dist'),
    emptyOutDir: true,
    sourcemap: true,
  },
  server: {
    // `npx vite --config apps/dashboard/vite.config.ts` against an API on :3000.
    proxy: { '/api': process.env.MEMFLEET_API ?? 'http://127.0.0.1:3000' },
  },
});
