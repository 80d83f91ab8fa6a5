// Button looks shared by the forms, dialogs and toolbars; links and buttons alike.
const base =
  "inline-flex items-center justify-center gap-1.5 rounded-md px-3 py-1.5 text-sm font-medium whitespace-nowrap transition-colors disabled:cursor-not-allowed disabled:opacity-60 aria-disabled:cursor-not-allowed aria-disabled:opacity-50";

export const primaryButton = `${base} bg-accent text-surface hover:bg-accent/90`;
export const secondaryButton = `${base} border border-line-strong bg-surface text-fg hover:bg-raised`;
export const dangerButton = `${base} border border-bad/50 bg-surface text-bad hover:bg-bad-soft`;
export const dangerSolidButton = `${base} bg-bad text-surface hover:bg-bad/90`;
/** A small square button holding an icon, in tile toolbars. */
export const iconButton =
  "inline-flex size-8 items-center justify-center rounded-md text-muted hover:bg-raised hover:text-fg aria-disabled:cursor-not-allowed aria-disabled:opacity-40 aria-disabled:hover:bg-transparent";
export const inputClass =
  "w-full rounded-md border border-line-strong bg-surface px-2.5 py-1.5 text-sm text-fg placeholder:text-muted focus-visible:border-focus";
/** The export buttons of a tile, as on metric chart cards. */
export const smallButton =
  "inline-flex items-center gap-1.5 rounded-md border border-line bg-surface px-2.5 py-1 text-sm font-medium text-fg hover:bg-raised";
