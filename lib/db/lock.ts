import "server-only";
import fs from "node:fs";
import path from "node:path";

// One process at a time may open a PGlite folder. The holder records its pid
// and, when it shares the warehouse, the local port it serves it on.
interface LockFile {
  pid: number;
  port: number | null;
}

const lockPath = (dir: string) => path.join(dir, "triad.lock");

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

export function readLiveLock(dir: string): LockFile | null {
  let raw: string;
  try {
    raw = fs.readFileSync(lockPath(dir), "utf8");
  } catch {
    return null;
  }
  try {
    const lock = JSON.parse(raw) as LockFile;
    if (lock.pid !== process.pid && isAlive(lock.pid)) return lock;
  } catch {
    // A torn lock file is treated as stale.
  }
  return null;
}

export function acquireWarehouseLock(dir: string, port: number | null): void {
  const live = readLiveLock(dir);
  if (live) throw new Error(`The embedded warehouse in ${dir} is already open in process ${live.pid}.`);
  fs.writeFileSync(lockPath(dir), JSON.stringify({ pid: process.pid, port } satisfies LockFile));
}

export function releaseWarehouseLock(dir: string): void {
  try {
    const lock = JSON.parse(fs.readFileSync(lockPath(dir), "utf8")) as LockFile;
    if (lock.pid === process.pid) fs.rmSync(lockPath(dir));
  } catch {
    // Already gone.
  }
}
