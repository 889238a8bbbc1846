/**
 * What one audit record costs on its own: the hub's AuditStore appending copies of a real record with nothing
 * else running, CPU measured in this process (the writer) and in PostgreSQL.
 *
 * Why: scenario 5 compares the hub with and without its audit trail under load, where the shared machine's noise
 * is as large as the difference. This measurement has no load beside it, so it gives the least CPU a record can
 * cost here, and with it the most audit on ÷ off can reach on scenario 5's query.
 */
import { randomUUID } from 'node:crypto';
import pino from 'pino';
import { AuditStore, type AuditEntry } from '../../audit/store';
import { startCpuMeter } from './cpu';

export interface AuditFloor {
  records: number;
  /** Appenders waiting on their commit at once: each batch carries this many records. */
  appenders: number;
  recordsPerSecond: number;
  /** CPU ms per record in the writing process (this one) and in PostgreSQL. */
  writerMs: number;
  postgresMs: number;
}

/** Marks the copies in the trail, so an auditor of the benchmark database can tell them from requests. */
export const FLOOR_OPERATION_NAME = 'BenchAuditRecordFloor';

/**
 * Appends copies of the newest record `clientId` made (new request id and time, operation name
 * FLOOR_OPERATION_NAME) for `seconds`, from `appenders` concurrent writers, after a one-second warm-up.
 * Returns null when that client has no record yet.
 */
export async function measureAuditFloor(options: {
  directoryUrl: string;
  postmasterPid: number;
  clientId: string;
  appenders: number;
  seconds: number;
}): Promise<AuditFloor | null> {
  const store = new AuditStore(options.directoryUrl, pino({ level: 'silent' }));
  try {
    const [model] = await store.reader().records({ clientId: options.clientId, limit: 1 });
    if (!model) return null;
    const { seq: _seq, prevHash: _prev, hash: _hash, ...content } = model;
    const copy = (): AuditEntry => ({
      ...content,
      requestId: randomUUID(),
      recordedAt: new Date().toISOString(),
      operationName: FLOOR_OPERATION_NAME,
    });
    const run = async (ms: number) => {
      let appended = 0;
      const end = Date.now() + ms;
      await Promise.all(
        Array.from({ length: options.appenders }, async () => {
          while (Date.now() < end) {
            await store.append(copy());
            appended++;
          }
        }),
      );
      return appended;
    };
    await run(1000);
    const meter = startCpuMeter([process.pid], options.postmasterPid);
    const started = Date.now();
    const records = await run(options.seconds * 1000);
    const cpu = meter.stop(records);
    return {
      records,
      appenders: options.appenders,
      recordsPerSecond: records / ((Date.now() - started) / 1000),
      writerMs: cpu.server,
      postgresMs: cpu.postgres,
    };
  } finally {
    await store.close();
  }
}
