import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// The browser app lives in src/web and builds to dist/web, which the Kith server serves on its own port.
// In development (`npm run dev:web`) Vite proxies /api to a running server (KITH_API, default :3000).
export default defineConfig(({ command }) => {
  // A build is always for production: a NODE_ENV inherited from a test runner would ship React's dev build.
  if (command === 'build') process.env.NODE_ENV = 'production';
  return {
    root: 'src/web',
    plugins: [react()],
    build: {
      outDir: '../../dist/web',
      emptyOutDir: true,
      sourcemap: false,
      manifest: true,
      chunkSizeWarningLimit: 800,
    },
    server: {
      proxy: { '/api': process.env.KITH_API ?? 'http://127.0.0.1:3000' },
    },
  };
});
