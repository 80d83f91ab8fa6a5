"use client";

import { useState } from "react";
import { secondaryButton } from "@/components/ui/button-styles";

/** Copies the absolute link of `path`; says so, or shows the link to copy by hand when the clipboard is not available. */
export function CopyLinkButton({ path, label = "Copy link" }: { path: string; label?: string }) {
  const [state, setState] = useState<
    { status: "idle" } | { status: "copied" | "manual"; url: string }
  >({ status: "idle" });
  async function copy() {
    const url = new URL(path, window.location.origin).toString();
    try {
      await navigator.clipboard.writeText(url);
      setState({ status: "copied", url });
    } catch {
      setState({ status: "manual", url });
    }
  }
  return (
    <div className="flex flex-wrap items-center gap-2">
      <button type="button" className={secondaryButton} onClick={copy}>
        <svg
          aria-hidden
          viewBox="0 0 20 20"
          className="size-4 fill-none stroke-current"
          strokeWidth="1.8"
          strokeLinecap="round"
        >
          <path d="M8.5 11.5a3.5 3.5 0 0 0 5 0l2.5-2.5a3.5 3.5 0 0 0-5-5l-1 1" />
          <path d="M11.5 8.5a3.5 3.5 0 0 0-5 0L4 11a3.5 3.5 0 0 0 5 5l1-1" />
        </svg>
        {label}
      </button>
      <p role="status" className="text-muted text-xs">
        {state.status === "copied" ? (
          <>
            Copied{" "}
            <a href={state.url} className="text-accent font-mono underline" data-share-link>
              {state.url}
            </a>
          </>
        ) : state.status === "manual" ? (
          <label className="flex items-center gap-1.5">
            Copy this link:
            <input
              readOnly
              value={state.url}
              data-share-link
              className="border-line bg-raised text-fg w-72 rounded border px-1.5 py-0.5 font-mono"
              onFocus={(e) => e.currentTarget.select()}
            />
          </label>
        ) : null}
      </p>
    </div>
  );
}
