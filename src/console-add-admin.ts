/**
 * `npm run console:add-admin -- <username> [display name]`: creates the first (or another) console administrator.
 * There is no default password: it is read from CONSOLE_ADMIN_PASSWORD when set, otherwise typed twice (hidden on
 * a terminal; two lines when piped). The databases are migrated first, as `npm run migrate` does.
 */
import readline from 'node:readline';
import { Writable } from 'node:stream';
import { loadConfig } from './config';
import { createLogger } from './logger';
import { openDatabases, prepareDatabases } from './databases';
import { sources } from './sources';
import { ConsoleUserError, createConsoleUser } from '../auth/console-users';

/** Reads `count` lines from standard input; on a terminal, prompts for each without echoing what is typed. */
async function readSecretLines(prompts: string[]): Promise<string[]> {
  const tty = process.stdin.isTTY === true;
  let muted = false;
  const output = new Writable({
    write(chunk, _encoding, done) {
      if (!muted) process.stderr.write(chunk);
      done();
    },
  });
  const rl = readline.createInterface({ input: process.stdin, output, terminal: tty });
  // The iterator buffers: piped lines that arrive together are all kept, not lost between prompts.
  const next = rl[Symbol.asyncIterator]();
  const lines: string[] = [];
  try {
    for (const prompt of prompts) {
      if (tty) process.stderr.write(prompt);
      muted = true;
      const line = await next.next();
      muted = false;
      if (tty) process.stderr.write('\n');
      if (line.done) throw new Error('standard input ended before the password was given twice');
      lines.push(line.value);
    }
  } finally {
    rl.close();
  }
  return lines;
}

async function main(): Promise<void> {
  const [username, ...nameParts] = process.argv.slice(2);
  if (!username) {
    process.stderr.write('usage: npm run console:add-admin -- <username> [display name]\n');
    process.exit(2);
  }
  let password = process.env.CONSOLE_ADMIN_PASSWORD;
  if (!password) {
    const [first, second] = await readSecretLines(['Password: ', 'Password again: ']);
    if (first !== second) {
      process.stderr.write('The two passwords differ; nothing was created.\n');
      process.exit(2);
    }
    password = first;
  }
  const config = loadConfig(sources.map((s) => s.name));
  const logger = createLogger(
    config.logLevel === 'info' ? 'warn' : config.logLevel,
    config.env !== 'production',
    2,
  );
  const databases = await openDatabases(config, logger);
  try {
    await prepareDatabases(
      databases,
      { projectRoot: config.projectRoot, seed: false, scale: 1, progress: false },
      logger,
    );
    const person = await createConsoleUser(
      databases.bySource.get('directory')!.knex(),
      {
        username,
        displayName: nameParts.join(' ') || username,
        departmentCode: null,
        roles: ['ADMIN'],
        password,
      },
      'console:add-admin',
      'created from the command line',
    );
    process.stdout.write(`console administrator ${person.username} created\n`);
  } catch (error) {
    if (!(error instanceof ConsoleUserError)) throw error;
    process.stderr.write(`${error.message} (${error.field}); nothing was created.\n`);
    process.exitCode = 2;
  } finally {
    await databases.close();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${(error as Error).stack ?? String(error)}\n`);
  process.exit(1);
});
