/**
 * A fair gate in front of a source's connection pool: at most `capacity` statements run at once (the pool's
 * size, so the pool itself never queues), at most `perClient` of them for any one client, and when a slot frees
 * the clients waiting take turns (round robin), whoever queued most.
 *
 * Why: the pool's own queue is first come, first served with a 3 s wait limit, so one client sending 200
 * concurrent summaries filled it and other clients' statements timed out waiting, answering SOURCE_UNAVAILABLE
 * while the database was up. Behind this gate a busy client waits behind its own statements; another client's
 * statement waits for at most one turn.
 */
interface ClientLane {
  running: number;
  waiting: (() => void)[];
}

export class FairGate {
  private running = 0;
  private readonly lanes = new Map<string, ClientLane>();
  /** Clients with waiting statements, in turn order. */
  private readonly turns: string[] = [];

  constructor(
    private readonly capacity: number,
    private readonly perClient: number,
  ) {}

  /** Runs `work` once `client` has a slot; the slot is given back when it settles. */
  async run<T>(client: string, work: () => Promise<T>): Promise<T> {
    await this.acquire(client);
    try {
      return await work();
    } finally {
      this.release(client);
    }
  }

  /** Statements running now, and waiting (for tests and diagnostics). */
  load(): { running: number; waiting: number } {
    let waiting = 0;
    for (const lane of this.lanes.values()) waiting += lane.waiting.length;
    return { running: this.running, waiting };
  }

  private lane(client: string): ClientLane {
    let lane = this.lanes.get(client);
    if (!lane) this.lanes.set(client, (lane = { running: 0, waiting: [] }));
    return lane;
  }

  private acquire(client: string): Promise<void> | void {
    const lane = this.lane(client);
    if (this.running < this.capacity && lane.running < this.perClient && lane.waiting.length === 0) {
      this.running++;
      lane.running++;
      return;
    }
    return new Promise<void>((resolve) => {
      lane.waiting.push(resolve);
      if (lane.waiting.length === 1) this.turns.push(client);
    });
  }

  private release(client: string): void {
    const lane = this.lanes.get(client)!;
    this.running--;
    lane.running--;
    // One pass over the clients in turn order, each may start one statement.
    for (let scanned = 0; this.running < this.capacity && scanned < this.turns.length; ) {
      const next = this.turns.shift()!;
      const waiting = this.lanes.get(next)!;
      if (waiting.running < this.perClient) {
        waiting.running++;
        this.running++;
        waiting.waiting.shift()!();
        scanned = 0;
      } else {
        scanned++;
      }
      if (waiting.waiting.length) this.turns.push(next);
    }
    if (lane.running === 0 && lane.waiting.length === 0) this.lanes.delete(client);
  }
}
