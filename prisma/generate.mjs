// Generates the Prisma client without Prisma's native schema engine, which
// cannot be downloaded on air-gapped machines: `prisma generate` never runs
// the engine, it only insists that the path exists.
import { execFileSync } from "node:child_process";
import { fileURLToPath } from "node:url";

const engine = process.env.PRISMA_SCHEMA_ENGINE_BINARY ?? fileURLToPath(import.meta.url);
execFileSync("npx", ["prisma", "generate"], {
  stdio: "inherit",
  env: { ...process.env, PRISMA_SCHEMA_ENGINE_BINARY: engine, PRISMA_HIDE_UPDATE_MESSAGE: "1" },
});
