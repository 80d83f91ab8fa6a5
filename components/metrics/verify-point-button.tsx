"use client";
import { useState } from "react";
import { formatValue, type ValueFormat } from "@/lib/metrics/format";
import { verifyPointResultSchema, type VerifyPointBody, type VerifyPointResult } from "@/lib/verify/verify-schema";

type State = { kind: "idle" } | { kind: "running" } | { kind: "done"; result: VerifyPointResult } | { kind: "error"; message: string };

/** Recomputes one stored point from the source rows now and says whether it matches, and why not. */
export function VerifyPointButton({ metricKey, point, format }: { metricKey: string; point: VerifyPointBody; format: ValueFormat }) {
  const [state, setState] = useState<State>({ kind: "idle" });
  const show = (v: number | null) => formatValue(v, format);
  async function run() {
    setState({ kind: "running" });
    try {
      const res = await fetch(`/api/metrics/${encodeURIComponent(metricKey)}/verify`, { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(point) });
      const body: unknown = await res.json();
      if (!res.ok) {
        const message = typeof body === "object" && body !== null && "error" in body ? String((body as { error: { message?: unknown } }).error.message) : `HTTP ${res.status}`;
        setState({ kind: "error", message });
        return;
      }
      setState({ kind: "done", result: verifyPointResultSchema.parse(body) });
    } catch (error) {
      setState({ kind: "error", message: error instanceof Error ? error.message : String(error) });
    }
  }
  return (
    <div className="space-y-2">
      <button
        type="button"
        onClick={run}
        disabled={state.kind === "running"}
        className="rounded-md border border-line bg-raised px-3 py-1.5 text-sm font-medium text-fg hover:bg-surface focus-visible:outline-2 focus-visible:outline-accent disabled:opacity-60"
      >
        {state.kind === "running" ? "Recomputing…" : "Verify: recompute from source rows"}
      </button>
      <div role="status" aria-live="polite" className="text-sm">
        {state.kind === "done" ? (
          state.result.match ? (
            <p className="text-ok">
              <span aria-hidden>✓ </span>Match: stored {show(state.result.stored)}, recomputed {show(state.result.recomputed)} ({state.result.tolerance}).
            </p>
          ) : (
            <p className="text-bad">
              <span aria-hidden>✕ </span>Mismatch: stored {show(state.result.stored)}, recomputed {show(state.result.recomputed)} ({state.result.tolerance}). Why: {state.result.reason}.
            </p>
          )
        ) : null}
        {state.kind === "error" ? <p className="text-bad">Could not verify: {state.message}</p> : null}
      </div>
    </div>
  );
}
