// DATABASE_REPLICA_URL only means something beside a PostgreSQL DATABASE_URL.
import { afterEach, describe, expect, it, vi } from "vitest";

const load = async () => {
  vi.resetModules();
  return import("@/lib/env");
};

describe("DATABASE_REPLICA_URL", () => {
  afterEach(() => {
    vi.unstubAllEnvs();
  });

  it("is refused without DATABASE_URL, naming both variables", async () => {
    vi.stubEnv("DATABASE_URL", "");
    vi.stubEnv("DATABASE_REPLICA_URL", "postgresql://postgres@127.0.0.1:5442/triad");
    await expect(load()).rejects.toThrow(/DATABASE_REPLICA_URL: is set but DATABASE_URL is not/);
  });

  it("is refused when it is not a URL", async () => {
    vi.stubEnv("DATABASE_URL", "postgresql://postgres@127.0.0.1:5441/triad");
    vi.stubEnv("DATABASE_REPLICA_URL", "replica-host");
    await expect(load()).rejects.toThrow(/DATABASE_REPLICA_URL/);
  });

  it("is read beside DATABASE_URL, and an empty one counts as unset", async () => {
    vi.stubEnv("DATABASE_URL", "postgresql://postgres@127.0.0.1:5441/triad");
    vi.stubEnv("DATABASE_REPLICA_URL", "postgresql://postgres@127.0.0.1:5442/triad");
    expect((await load()).env.DATABASE_REPLICA_URL).toBe("postgresql://postgres@127.0.0.1:5442/triad");
    vi.stubEnv("DATABASE_URL", "");
    vi.stubEnv("DATABASE_REPLICA_URL", "");
    expect((await load()).env.DATABASE_REPLICA_URL).toBeUndefined();
  });
});
