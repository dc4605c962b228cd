// Builds the UI into dist/, which is committed and embedded in the sitrep binary
// (crates/server/src/assets.rs), so `cargo build` needs no npm.
import { defineConfig } from 'vite';
import preact from '@preact/preset-vite';

export default defineConfig({
  plugins: [preact()],
  build: { outDir: 'dist', emptyOutDir: true, chunkSizeWarningLimit: 1200 },
  server: { proxy: { '/api': 'http://127.0.0.1:8080' } },
});
