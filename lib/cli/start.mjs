// `npm start`: build when the sources are newer than the build, bootstrap the
// warehouse (migrate, load metrics, seed and compute when empty), then serve.
// Plain Node ESM so it runs before anything is compiled.
import { spawn } from "node:child_process";
import fs from "node:fs";
import { createRequire } from "node:module";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const require = createRequire(import.meta.url);
const nextBin = require.resolve("next/dist/bin/next");
const npm = process.platform === "win32" ? "npm.cmd" : "npm";

const SOURCE_DIRS = ["app", "components", "lib"];
const SKIPPED = new Set([path.join(root, "lib/db/generated"), path.join(root, "node_modules")]);

const say = (line) => console.log(`[triad start] ${line}`);

class StepError extends Error {}

// The child now running; SIGINT and SIGTERM go to it so nothing is left behind.
let current = null;
for (const signal of ["SIGINT", "SIGTERM"]) {
  process.on(signal, () => {
    if (current && current.exitCode === null && current.signalCode === null) current.kill(signal);
    else process.exit(128 + os.constants.signals[signal]);
  });
}

function newestMtime(dir) {
  let newest = 0;
  let entries;
  try {
    entries = fs.readdirSync(dir, { withFileTypes: true });
  } catch {
    return 0;
  }
  for (const entry of entries) {
    const full = path.join(dir, entry.name);
    if (SKIPPED.has(full)) continue;
    if (entry.isDirectory()) newest = Math.max(newest, newestMtime(full));
    else if (entry.isFile()) newest = Math.max(newest, fs.statSync(full).mtimeMs);
  }
  return newest;
}

function buildIsStale() {
  const buildId = path.join(root, ".next/BUILD_ID");
  if (!fs.existsSync(buildId)) return "no production build yet";
  const built = fs.statSync(buildId).mtimeMs;
  const changed = SOURCE_DIRS.find((dir) => newestMtime(path.join(root, dir)) > built);
  return changed ? `${changed}/ changed since the last build` : null;
}

/** Runs one step to completion; a failure names the step. */
function run(step, command, args) {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: root, stdio: "inherit", env: process.env });
    current = child;
    child.on("error", (error) =>
      reject(new StepError(`${step}: could not run ${command}: ${error.message}`)),
    );
    child.on("exit", (code, signal) => {
      if (code === 0) resolve();
      else
        reject(
          new StepError(
            `${step} failed (${signal ? `killed by ${signal}` : `exit code ${code}`}).`,
          ),
        );
    });
  });
}

function serve(port) {
  const child = spawn(process.execPath, [nextBin, "start", "--port", String(port)], {
    cwd: root,
    stdio: "inherit",
    env: { ...process.env, PORT: String(port) },
  });
  current = child;
  child.on("error", (error) => {
    console.error(`[triad start] serve: could not run next start: ${error.message}`);
    process.exit(1);
  });
  child.on("exit", (code, signal) => {
    process.exit(code ?? (signal ? 128 + (os.constants.signals[signal] ?? 0) : 1));
  });
}

async function main() {
  // `npm start` serves the production build; bootstrap runs as production too, so it
  // never makes demo accounts for a PostgreSQL deployment (lib/auth/users.ts).
  process.env.NODE_ENV ||= "production";
  if (process.env.NODE_ENV === "production" && process.env.DATABASE_URL && !process.env.TRIAD_AUTH_SECRET)
    throw new StepError(
      "refusing to start: NODE_ENV=production with DATABASE_URL needs TRIAD_AUTH_SECRET, a secret of at least 32 characters " +
        "for signing sessions (make one with `openssl rand -base64 32`). Demo accounts are never created in production; " +
        "create the first admin with `npm run triad -- user create --email ... --role admin`.",
    );
  const port = Number(process.env.PORT || 3000);
  if (!Number.isInteger(port) || port < 1 || port > 65535)
    throw new StepError(`PORT must be a port number, got "${process.env.PORT}".`);

  const stale = buildIsStale();
  if (stale) {
    say(`build: ${stale}; running next build`);
    await run("build (next build)", process.execPath, [nextBin, "build"]);
  } else {
    say("build: up to date");
  }

  say(
    "bootstrap: migrating, loading metric files, seeding and computing when the warehouse is empty",
  );
  await run("bootstrap (npm run triad -- bootstrap)", npm, [
    "run",
    "--silent",
    "triad",
    "--",
    "bootstrap",
  ]);

  say(`serve: http://localhost:${port}`);
  serve(port);
}

main().catch((error) => {
  console.error(
    `[triad start] ${error instanceof StepError ? error.message : (error?.stack ?? error)}`,
  );
  process.exit(1);
});
