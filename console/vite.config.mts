/**
 * The console's build (Vite 8). `npm run build:console` writes console/dist, which the hub serves at /console
 * (src/console-app.ts); `npm run dev:console` serves it with hot reload and forwards the API to a running hub
 * (HUB_URL, default http://127.0.0.1:4000).
 *
 * No @vitejs/plugin-react: Vite's own transformer compiles JSX with React's automatic runtime, and the plugin's
 * optional Babel peers conflict with jest's Babel 7 in one npm tree. Edits reload the page in development; the
 * session survives (its refresh cookie), so nothing but component state is lost.
 */
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { fileURLToPath } from 'node:url';
import { defineConfig, type Plugin } from 'vite';

/**
 * Writes a Brotli and a gzip copy beside each script, style sheet, font and SVG over 1 KiB, which the hub sends
 * to browsers that accept them (@fastify/static `preCompressed`): GraphiQL's editor goes from 2.8 MB to about
 * 0.6 MB on the wire, and nothing is compressed per request.
 */
function precompress(): Plugin {
  return {
    name: 'hub-precompress',
    apply: 'build',
    writeBundle(options) {
      const dir = options.dir!;
      const visit = (folder: string) => {
        for (const entry of fs.readdirSync(folder, { withFileTypes: true })) {
          const file = path.join(folder, entry.name);
          if (entry.isDirectory()) visit(file);
          else if (/\.(js|css|ttf|svg|json|html)$/.test(entry.name) && fs.statSync(file).size > 1024) {
            const body = fs.readFileSync(file);
            // Quality 9, not the default 11: 1.5 s instead of 20 s for the whole console, 5 % larger.
            const params = { [zlib.constants.BROTLI_PARAM_QUALITY]: 9 };
            fs.writeFileSync(`${file}.br`, zlib.brotliCompressSync(body, { params }));
            fs.writeFileSync(`${file}.gz`, zlib.gzipSync(body, { level: 9 }));
          }
        }
      };
      visit(dir);
    },
  };
}

const hub = process.env.HUB_URL ?? 'http://127.0.0.1:4000';

export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  // Served by the hub under /console/: every asset URL starts there.
  base: '/console/',
  plugins: [precompress()],
  oxc: { jsx: { runtime: 'automatic' } },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    // GraphiQL's editor (Monaco) alone is ~4 MB before compression; it is loaded only on the query page.
    chunkSizeWarningLimit: 5000,
    reportCompressedSize: false,
    rolldownOptions: {
      // GraphiQL's dependencies mark modules "use client" for React Server Components, which a browser bundle
      // has no use for.
      onwarn(warning, warn) {
        if (warning.code !== 'MODULE_LEVEL_DIRECTIVE') warn(warning);
      },
    },
  },
  worker: { format: 'es' },
  // GraphiQL's worker set-up imports its workers with Vite's `?worker`: the dependency pre-bundler cannot load
  // those, so GraphiQL is served as it is in development (the build handles them either way).
  optimizeDeps: {
    exclude: ['graphiql', '@graphiql/react', '@graphiql/plugin-doc-explorer', '@graphiql/plugin-history'],
  },
  server: {
    host: '127.0.0.1',
    port: Number(process.env.CONSOLE_DEV_PORT ?? 5173),
    strictPort: true,
    proxy: { '/graphql': hub, '/console/api': hub },
  },
});
