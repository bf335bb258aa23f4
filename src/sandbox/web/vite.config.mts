// The sandbox page: Preact, built by Vite into ./dist, which the app serves in sandbox mode.
// `npm run dev:web` serves it with live reload and forwards /sandbox/api to a running sandbox (PORT 3000).
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const root = fileURLToPath(new URL('.', import.meta.url));
// The sandbox listens on 127.0.0.1 (HOST unset) and answers only requests addressed to itself.
const app = `http://127.0.0.1:${process.env.PORT ?? '3000'}`;

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
    proxy: {
      // This dev server is a trusted forwarder: requests reach the sandbox as if from its own page
      // (Host and Origin of the sandbox), which refuses any other address or origin.
      '/sandbox/api': {
        target: app,
        changeOrigin: true,
        configure: (proxy) => {
          proxy.on('proxyReq', (req) => {
            if (req.getHeader('origin') !== undefined) req.setHeader('origin', app);
          });
        },
      },
    },
  },
  clearScreen: false,
});
