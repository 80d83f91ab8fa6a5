import type { Status } from "@/lib/intent/status";

const TONE: Record<Status, string> = {
  on_track: "border-ok/40 bg-ok-soft text-ok",
  at_risk: "border-warn/40 bg-warn-soft text-warn",
  off_track: "border-bad/40 bg-bad-soft text-bad",
  no_target: "border-line bg-raised text-muted",
  no_data: "border-line bg-raised text-muted",
};

/** lucide's circle-check, triangle-alert, circle-x, circle-dashed and circle-help, drawn inline. */
function StatusIcon({ status, className }: { status: Status; className: string }) {
  const common = { className, viewBox: "0 0 24 24", fill: "none", stroke: "currentColor", strokeWidth: 2.25, strokeLinecap: "round", strokeLinejoin: "round", "aria-hidden": true } as const;
  switch (status) {
    case "on_track":
      return (
        <svg {...common}>
          <circle cx="12" cy="12" r="10" />
          <path d="m9 12 2 2 4-4" />
        </svg>
      );
    case "at_risk":
      return (
        <svg {...common}>
          <path d="m21.73 18-8-14a2 2 0 0 0-3.48 0l-8 14A2 2 0 0 0 4 21h16a2 2 0 0 0 1.73-3" />
          <path d="M12 9v4" />
          <path d="M12 17h.01" />
        </svg>
      );
    case "off_track":
      return (
        <svg {...common}>
          <circle cx="12" cy="12" r="10" />
          <path d="m15 9-6 6" />
          <path d="m9 9 6 6" />
        </svg>
      );
    case "no_target":
      return (
        <svg {...common}>
          <circle cx="12" cy="12" r="10" strokeDasharray="4 3.5" />
        </svg>
      );
    case "no_data":
      return (
        <svg {...common}>
          <circle cx="12" cy="12" r="10" />
          <path d="M9.09 9a3 3 0 0 1 5.83 1c0 2-3 3-3 3" />
          <path d="M12 17h.01" />
        </svg>
      );
  }
}

/**
 * On track, at risk or off track as an icon and words (colour only repeats
 * them); the status sentence on hover, and for screen readers when asked.
 */
export function StatusBadge({
  status,
  label,
  sentence,
  size = "sm",
  announceSentence = false,
}: {
  status: Status;
  label: string;
  sentence?: string;
  size?: "sm" | "md";
  /** Also read the sentence to screen readers, where it is not written nearby. */
  announceSentence?: boolean;
}) {
  const box = size === "md" ? "gap-1.5 px-2.5 py-1 text-sm" : "gap-1 px-2 py-0.5 text-xs";
  return (
    <span className={`inline-flex items-center rounded-full border font-medium whitespace-nowrap ${box} ${TONE[status]}`} title={sentence} data-status={status}>
      <StatusIcon status={status} className={size === "md" ? "size-4" : "size-3.5"} />
      <span className="sr-only">Status: </span>
      {label}
      {sentence && announceSentence ? <span className="sr-only">. {sentence}</span> : null}
    </span>
  );
}
