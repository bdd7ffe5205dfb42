import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { defineConfig, type Plugin } from 'vite';

const BUNDLE = 'finesse-host-bridge.js';

/**
 * Writes dist/gadget.xml from the source spec, with the bundle's content
 * hash on its script URL so that a redeployed gadget can never be served
 * from a stale cache, and the protocol's JSON Schema beside it.
 */
function gadgetSpec(): Plugin {
  return {
    name: 'gadget-spec',
    generateBundle(_options, bundle) {
      const chunk = bundle[BUNDLE];
      if (!chunk || chunk.type !== 'chunk') {
        this.error(`the build did not produce ${BUNDLE}`);
      }

      const hash = createHash('sha256')
        .update(chunk.code)
        .digest('hex')
        .slice(0, 12);
      const spec = readFileSync('gadget.xml', 'utf8');
      if (!spec.includes('__BUNDLE_HASH__')) {
        this.error('gadget.xml has no __BUNDLE_HASH__ placeholder');
      }

      this.emitFile({
        type: 'asset',
        fileName: 'gadget.xml',
        source: spec.replaceAll('__BUNDLE_HASH__', hash),
      });
      // Integrators validate against the schema of the build they run.
      this.emitFile({
        type: 'asset',
        fileName: 'messages.schema.json',
        source: readFileSync('schema/messages.schema.json', 'utf8'),
      });
    },
  };
}

export default defineConfig({
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2022',
    // Terser squeezes the bundle about 3% smaller than the default minifier
    // and renames #private members, which the size budget needs.
    minify: 'terser',
    terserOptions: {
      ecma: 2022,
      toplevel: true,
      compress: { passes: 3 },
    },
    lib: {
      entry: 'gadget/main.ts',
      name: 'FinesseHostBridge',
      formats: ['iife'],
      fileName: () => BUNDLE,
    },
    rolldownOptions: {
      output: { minify: true, codeSplitting: false },
    },
  },
  plugins: [gadgetSpec()],
});
