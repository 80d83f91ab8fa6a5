// Vitest globalSetup: integration tests run on real PostgreSQL as well as
// PGlite, so a missing server fails the run up front with the command that starts it.
import { assertPostgresReachable, testPostgresUrl } from "./postgres";

export default async function setup(): Promise<void> {
  const version = await assertPostgresReachable();
  const host = new URL(testPostgresUrl()).host;
  console.log(`PostgreSQL ${version} at ${host}`);
}
