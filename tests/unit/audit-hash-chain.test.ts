import { describe, expect, it } from "vitest";
import { canonicalJson, chainEntry, GENESIS_HASH, verifyChain, type ChainedAuditEntry } from "@/lib/audit/hash-chain";

function chain(n: number): ChainedAuditEntry[] {
  const entries: ChainedAuditEntry[] = [];
  let prev = GENESIS_HASH;
  for (let seq = 1; seq <= n; seq++) {
    const e = chainEntry(prev, { seq, at: `2026-01-0${seq}T00:00:00.000Z`, actor: "cli", action: "run.succeeded", entityType: "metric_run", entityId: `run-${seq}`, detail: { metric: "revenue", rows: seq * 10 } });
    entries.push(e);
    prev = e.hash;
  }
  return entries;
}

describe("audit hash chain", () => {
  it("hashes content independently of key order", () => {
    expect(canonicalJson({ b: 1, a: { d: [1, { z: 1, y: 2 }], c: null } })).toBe('{"a":{"c":null,"d":[1,{"y":2,"z":1}]},"b":1}');
  });

  it("accepts an intact chain", () => {
    expect(verifyChain(chain(5))).toMatchObject({ ok: true, entries: 5 });
    expect(verifyChain([])).toEqual({ ok: true, entries: 0, lastHash: GENESIS_HASH });
  });

  it.each([
    ["a changed detail", (c: ChainedAuditEntry[]) => { c[2] = { ...c[2]!, detail: { metric: "revenue", rows: 999 } }; }, 3, "changed after it was written"],
    ["a changed actor with a recomputed own hash", (c: ChainedAuditEntry[]) => { c[1] = chainEntry(c[1]!.prevHash, { ...c[1]!, actor: "mallory" }); }, 3, "does not match the hash of the entry before it"],
    ["a removed entry", (c: ChainedAuditEntry[]) => { c.splice(3, 1); }, 5, "removed or reordered"],
    ["swapped entries", (c: ChainedAuditEntry[]) => { [c[0], c[1]] = [c[1]!, c[0]!]; }, 2, "removed or reordered"],
    ["a forged first link", (c: ChainedAuditEntry[]) => { c[0] = { ...c[0]!, prevHash: "f".repeat(64) }; }, 1, "does not match the hash of the entry before it"],
  ])("names the first broken entry after %s", (_what, tamper, brokenSeq, reason) => {
    const c = chain(5);
    tamper(c);
    const verdict = verifyChain(c);
    expect(verdict.ok).toBe(false);
    expect(verdict).toMatchObject({ brokenSeq, reason: expect.stringContaining(reason) });
  });
});
