/**
 * Runs each source's background upkeep (`SourceDefinition.maintain`) on a timer, one run per source at a time.
 */
import type { Logger } from 'pino';
import type { HubDatabases } from './databases';
import { sources } from './sources';

/**
 * Starts the upkeep loop: a first run right away, then `intervalMs` after each run ends (so a slow run never
 * overlaps the next). Failures are logged and retried at the next tick; a source that is down is skipped.
 * Returns `stop()`, which cancels the timer; a run in progress ends when the pools close.
 */
export function startMaintenance(
  databases: HubDatabases,
  intervalMs: number,
  logger: Logger,
): { stop(): void } {
  let timer: NodeJS.Timeout | undefined;
  let stopped = false;
  const tasks = maintenanceTasks(databases);
  if (intervalMs <= 0 || !tasks.length) return { stop() {} };
  const tick = async () => {
    for (const task of tasks) {
      if (stopped) return;
      try {
        await task.run(logger);
      } catch (err) {
        if (!stopped)
          logger.warn({ err, source: task.name }, 'source upkeep failed; retrying at the next tick');
      }
    }
    if (!stopped) timer = setTimeout(() => void tick(), intervalMs).unref();
  };
  timer = setTimeout(() => void tick(), 0).unref();
  return {
    stop() {
      stopped = true;
      clearTimeout(timer);
    },
  };
}

/** Runs every source's upkeep once, now, and waits for it (after seeding: summaries ready before the first query). */
export async function runMaintenanceOnce(databases: HubDatabases, logger: Logger): Promise<void> {
  for (const task of maintenanceTasks(databases)) await task.run(logger);
}

/** The upkeep of each open source that has one, bound to its database. */
function maintenanceTasks(databases: HubDatabases): { name: string; run(logger: Logger): Promise<void> }[] {
  return sources.flatMap((source) => {
    const db = databases.bySource.get(source.name);
    const maintain = source.maintain;
    return maintain && db
      ? [{ name: source.name, run: (logger: Logger) => maintain.call(source, db, logger) }]
      : [];
  });
}
