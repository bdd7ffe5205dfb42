import { defineConfig, type Plugin } from 'vite';

// The declarations come from tsc into types/; this file beside the module
// lets `import … from './finesse-host-bridge-client.js'` find them.
function typesBeside(): Plugin {
  return {
    name: 'types-beside',
    generateBundle() {
      this.emitFile({
        type: 'asset',
        fileName: 'finesse-host-bridge-client.d.ts',
        source: "export * from './types/host/index.js';\n",
      });
    },
  };
}

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
  plugins: [typesBeside()],
});
