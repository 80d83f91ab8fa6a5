import "server-only";
import { execFileSync } from "node:child_process";
import { env } from "@/lib/env";

let cached: string | null | undefined;

/** The git commit of the code computing, when known. */
export function codeVersion(): string | null {
  if (cached !== undefined) return cached;
  cached = env.TRIAD_CODE_VERSION ?? null;
  if (!cached) {
    try {
      const head = execFileSync("git", ["rev-parse", "HEAD"], { stdio: ["ignore", "pipe", "ignore"] }).toString().trim();
      const dirty = execFileSync("git", ["status", "--porcelain", "--untracked-files=no"], { stdio: ["ignore", "pipe", "ignore"] }).toString().trim();
      cached = dirty ? `${head}+dirty` : head;
    } catch {
      cached = null;
    }
  }
  return cached;
}
