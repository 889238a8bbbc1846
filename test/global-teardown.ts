import fs from 'node:fs';
import type { EmbeddedCluster } from '../src/embedded-postgres';

/** Stops the test cluster and deletes its folder. */
export default async function globalTeardown(): Promise<void> {
  const state = (globalThis as Record<string, unknown>).__HUB_TEST_CLUSTER__ as
    | { cluster: EmbeddedCluster; dataDir: string }
    | undefined;
  if (!state) return;
  await state.cluster.stop();
  fs.rmSync(state.dataDir, { recursive: true, force: true });
}
