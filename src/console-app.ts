/**
 * The web console (issue 14), served by the hub itself at /console from console/dist (built by Vite).
 *
 * - Hashed assets (/console/assets/*) are immutable for a year; index.html is revalidated every time, so a new
 *   build is picked up at the next page load. Vite writes a Brotli and a gzip copy of each large asset, sent to
 *   browsers that accept them.
 * - Every console response carries a strict Content-Security-Policy: scripts, workers, styles, fonts and
 *   connections from the hub only (no CDN, no outside fonts), no plugins, no framing, no <base> rewrites.
 * - Any other path under /console/ is one of the console's pages: answered with index.html, whose router shows it.
 */
import fs from 'node:fs';
import path from 'node:path';
import { spawn } from 'node:child_process';
import type { FastifyInstance, FastifyReply } from 'fastify';
import fastifyStatic from '@fastify/static';
import type { Logger } from 'pino';

export const CONSOLE_PATH = '/console/';
const ASSETS = '/console/assets/';

/**
 * 'unsafe-inline' for styles only: GraphiQL's editor (Monaco) and ECharts' tooltips set styles from script at run
 * time. No script, worker or connection may come from anywhere but the hub.
 */
export const CONSOLE_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "worker-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  // GraphiQL's style sheet carries its fonts inline, as data: URLs (part of the bundle, not fetched).
  "font-src 'self' data:",
  "connect-src 'self'",
  "manifest-src 'self'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

function secureHeaders(reply: FastifyReply): void {
  reply.header('content-security-policy', CONSOLE_CSP);
  reply.header('x-content-type-options', 'nosniff');
  reply.header('referrer-policy', 'no-referrer');
  reply.header('cross-origin-opener-policy', 'same-origin');
  reply.header('cross-origin-resource-policy', 'same-origin');
  reply.header('permissions-policy', 'camera=(), microphone=(), geolocation=(), payment=()');
}

/** The built console's folder under the project root. */
export function consoleDist(projectRoot: string): string {
  return path.join(projectRoot, 'console', 'dist');
}

/**
 * Serves the console from `dist`. When it has not been built, /console answers 503 saying how to build it (the
 * API is unaffected).
 */
export async function registerConsoleApp(app: FastifyInstance, dist: string): Promise<void> {
  // Every answer under /console carries the headers, not only the files sent: redirects, 404s of files removed
  // since start, range errors, and the 503 of an unbuilt console too.
  app.addHook('onSend', async (request, reply) => {
    if (
      request.url.startsWith('/console') &&
      !request.url.startsWith('/console/api/') &&
      !reply.hasHeader('content-security-policy')
    )
      secureHeaders(reply);
  });
  const index = path.join(dist, 'index.html');
  if (!fs.existsSync(index)) {
    app.get('/console', (_request, reply) => notBuilt(reply));
    app.get('/console/*', (_request, reply) => notBuilt(reply));
    return;
  }
  const indexHtml = fs.readFileSync(index);
  const sendIndex = (reply: FastifyReply) => {
    secureHeaders(reply);
    return reply.header('cache-control', 'no-cache').type('text/html; charset=utf-8').send(indexHtml);
  };
  await app.register(fastifyStatic, {
    root: dist,
    prefix: CONSOLE_PATH,
    // Routes for the files present at start (a build replaces the folder, and a restart serves it); any other
    // path falls to the page route below.
    wildcard: false,
    index: false,
    preCompressed: true,
    cacheControl: false,
    setHeaders(reply, file) {
      secureHeaders(reply);
      reply.header(
        'cache-control',
        file.includes(`${path.sep}assets${path.sep}`)
          ? 'public, max-age=31536000, immutable'
          : // index.html names the hashed assets of one build: revalidated, so a new build is seen at once.
            file.endsWith('index.html')
            ? 'no-cache'
            : 'public, max-age=300',
      );
    },
  });
  app.get('/console', (_request, reply) => reply.redirect(CONSOLE_PATH, 301));
  app.get('/console/*', (request, reply) => {
    // A missing hashed asset is a 404 (a stale page asking for an old build), not the index page.
    if (request.url.startsWith(ASSETS)) {
      secureHeaders(reply);
      return reply.code(404).send({ error: 'NOT_FOUND', message: 'No such console asset: reload the page.' });
    }
    return sendIndex(reply);
  });
}

function notBuilt(reply: FastifyReply) {
  return reply
    .code(503)
    .type('text/plain; charset=utf-8')
    .send('The console has not been built: run `npm run build:console` (or `npm start`, which builds it).\n');
}

/** The newest modification time of the console's sources (its src folder, index.html and Vite config). */
function newestSource(consoleRoot: string): number {
  let newest = 0;
  const visit = (entry: string) => {
    const stat = fs.statSync(entry);
    if (stat.isDirectory()) for (const name of fs.readdirSync(entry)) visit(path.join(entry, name));
    else newest = Math.max(newest, stat.mtimeMs);
  };
  for (const name of ['src', 'public', 'index.html', 'vite.config.mts']) {
    const entry = path.join(consoleRoot, name);
    if (fs.existsSync(entry)) visit(entry);
  }
  return newest;
}

/** Vite's command-line script in the project's node_modules, or null when Vite is not installed. */
export function viteCommand(projectRoot: string): string | null {
  try {
    // Vite's exports name no bin file: find the package, then its command line.
    const root = path.dirname(require.resolve('vite/package.json', { paths: [projectRoot] }));
    return path.join(root, 'bin', 'vite.js');
  } catch {
    return null;
  }
}

/**
 * Builds the console when it is missing or older than its sources (`npm start` calls this), with Vite's own
 * progress on the terminal. Resolves false, after logging why, when it cannot be built (Vite not installed, as in
 * a production install without dev dependencies): the hub then runs without the console.
 */
export async function ensureConsoleBuilt(projectRoot: string, logger: Logger): Promise<boolean> {
  const consoleRoot = path.join(projectRoot, 'console');
  const built = path.join(consoleDist(projectRoot), 'index.html');
  if (fs.existsSync(built) && fs.statSync(built).mtimeMs >= newestSource(consoleRoot)) return true;
  const vite = viteCommand(projectRoot);
  if (!vite) {
    logger.warn(
      'the console is not built and Vite is not installed: run `npm install`, then `npm run build:console`',
    );
    return false;
  }
  logger.info('building the console (once, or after its sources change)');
  const started = Date.now();
  const code = await new Promise<number | null>((resolve) => {
    const child = spawn(
      process.execPath,
      [vite, 'build', '--config', path.join(consoleRoot, 'vite.config.mts')],
      {
        cwd: projectRoot,
        stdio: ['ignore', 'inherit', 'inherit'],
      },
    );
    child.on('exit', resolve);
    child.on('error', () => resolve(null));
  });
  if (code !== 0) {
    logger.error(
      { exitCode: code },
      'the console build failed; the hub runs without it (see the output above)',
    );
    return false;
  }
  logger.info({ seconds: (Date.now() - started) / 1000 }, 'console built');
  return true;
}
