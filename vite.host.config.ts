import { defineConfig } from 'vite';

/**
 * The host-side client: an ES module for the host application, built
 * apart from the gadget into dist/host/ (its type declarations come from
 * tsconfig.host.json).
 */
export default defineConfig({
  build: {
    outDir: 'dist/host',
    emptyOutDir: true,
    target: 'es2021',
    lib: {
      entry: 'src/host/index.ts',
      formats: ['es'],
      fileName: () => 'finesse-host-bridge-client.js',
    },
    rolldownOptions: {
      output: { minify: true, codeSplitting: false },
    },
  },
});
