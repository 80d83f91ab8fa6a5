import type { ReactNode } from "react";

/** A bordered panel; `as` picks the landmark or sectioning element. */
export function Card({ children, className = "", as: As = "div", ...rest }: { children: ReactNode; className?: string; as?: "div" | "section" | "article" | "aside"; "aria-labelledby"?: string; id?: string }) {
  return (
    <As className={`rounded-xl border border-line bg-surface shadow-[0_1px_2px_rgba(16,24,40,0.04)] ${className}`} {...rest}>
      {children}
    </As>
  );
}
