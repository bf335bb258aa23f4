// The sandbox page: Preact, built by Vite into ./dist, which the app serves in sandbox mode.
// `npm run dev:web` serves it with live reload and forwards /sandbox/api to a running sandbox (PORT 3000).
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const root = fileURLToPath(new URL('.', import.meta.url));
const app = `http://localhost:${process.env.PORT ?? '3000'}`;

export default defineConfig({
  root,
  base: '/',
  // Preact's JSX runtime, without a plugin: Vite's own transformer (Oxc) does JSX.
  oxc: { jsx: { runtime: 'automatic', importSource: 'preact' } },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2022',
    reportCompressedSize: true,
  },
  server: {
    proxy: { '/sandbox/api': { target: app } },
  },
  clearScreen: false,
});
