"use client";

import Link from "next/link";
import { useRouter } from "next/navigation";
import { type KeyboardEvent, type ReactNode, Suspense, use, useCallback, useEffect, useId, useRef, useState, useSyncExternalStore } from "react";
import { describeMatch, type SearchResult, searchItems } from "@/lib/search/rank";
import type { SearchItem, SearchItemKind } from "@/lib/search/search-item-schema";

/** Results shown per kind; the last option always leads to the whole catalog. */
const MAX_PER_KIND = 8;

const KIND_LABELS: Record<SearchItemKind, string> = { metric: "Metrics", dashboard: "Dashboards" };

interface PaletteOption {
  key: string;
  href: string;
  title: string;
  description: string;
  reason: string | null;
  icon: SearchItemKind | "catalog";
}

interface PaletteGroup {
  kind: SearchItemKind;
  options: PaletteOption[];
}

function isEditable(target: EventTarget | null): boolean {
  return (
    target instanceof HTMLElement &&
    (target.isContentEditable || target instanceof HTMLInputElement || target instanceof HTMLTextAreaElement || target instanceof HTMLSelectElement)
  );
}

const noSubscription = () => () => undefined;

/** Whether to show ⌘ rather than Ctrl; the server renders Ctrl, the browser corrects it after hydration. */
function useApplePlatform(): boolean {
  return useSyncExternalStore(
    noSubscription,
    () => /Mac|iPhone|iPad/.test(navigator.platform),
    () => false,
  );
}

function toOption(result: SearchResult): PaletteOption {
  return {
    key: `${result.item.kind}:${result.item.id}`,
    href: result.item.href,
    title: result.item.title,
    description: result.item.description,
    reason: describeMatch(result.match),
    icon: result.item.kind,
  };
}

/** Matches grouped by kind, the group holding the best match first; with no query, the featured items. */
function paletteModel(items: readonly SearchItem[], query: string) {
  const q = query.trim();
  const ranked = searchItems(items, q).filter((r) => q !== "" || r.item.featured);
  const groups: PaletteGroup[] = [];
  for (const result of ranked) {
    let group = groups.find((g) => g.kind === result.item.kind);
    if (!group) {
      group = { kind: result.item.kind, options: [] };
      groups.push(group);
    }
    if (group.options.length < MAX_PER_KIND) group.options.push(toOption(result));
  }
  const metricCount = items.filter((i) => i.kind === "metric").length;
  const catalog: PaletteOption = {
    key: "catalog",
    href: q ? `/metrics?q=${encodeURIComponent(q)}` : "/metrics",
    title: q ? `Search the metric catalog for “${q}”` : `Browse all ${metricCount} metrics`,
    description: q ? "Every match, with owner, unit and freshness" : "The catalog, with owner, unit and freshness",
    reason: null,
    icon: "catalog",
  };
  return { groups, catalog, matches: ranked.length, query: q };
}

function KindIcon({ kind }: { kind: PaletteOption["icon"] }) {
  const paths: Record<PaletteOption["icon"], ReactNode> = {
    metric: <path d="M3 17l5-5 4 4 8-8M14 8h6v6" />,
    dashboard: (
      <>
        <rect x="3" y="3" width="8" height="8" rx="1.5" />
        <rect x="13" y="3" width="8" height="5" rx="1.5" />
        <rect x="13" y="10" width="8" height="11" rx="1.5" />
        <rect x="3" y="13" width="8" height="8" rx="1.5" />
      </>
    ),
    catalog: <path d="M4 6h16M4 12h16M4 18h10" />,
  };
  return (
    <svg aria-hidden viewBox="0 0 24 24" className="mt-0.5 size-4 shrink-0 text-muted" fill="none" stroke="currentColor" strokeWidth="2" strokeLinecap="round" strokeLinejoin="round">
      {paths[kind]}
    </svg>
  );
}

function SearchIcon({ className }: { className: string }) {
  return (
    <svg aria-hidden viewBox="0 0 24 24" className={className} fill="none" stroke="currentColor" strokeWidth="2" strokeLinecap="round">
      <circle cx="11" cy="11" r="7" />
      <path d="m20 20-3.5-3.5" />
    </svg>
  );
}

function Option({ option, id, active, onHover, onChoose }: { option: PaletteOption; id: string; active: boolean; onHover: () => void; onChoose: () => void }) {
  return (
    <div
      id={id}
      role="option"
      aria-selected={active}
      onMouseMove={active ? undefined : onHover}
      onClick={onChoose}
      className="group flex cursor-pointer items-start gap-3 rounded-lg px-3 py-2 aria-selected:bg-accent-soft"
    >
      <KindIcon kind={option.icon} />
      <span className="min-w-0 flex-1">
        <span className="flex flex-wrap items-baseline gap-x-2">
          <span className="font-medium text-fg">{option.title}</span>
          {option.reason ? <span className="text-xs text-muted">{option.reason}</span> : null}
        </span>
        {option.description ? <span className="block truncate text-sm text-muted">{option.description}</span> : null}
      </span>
      <span aria-hidden className="invisible mt-0.5 rounded border border-line-strong px-1.5 text-xs text-muted group-aria-selected:visible">
        Enter
      </span>
    </div>
  );
}

function PaletteBody({ itemsPromise, onChoose, onClose }: { itemsPromise: Promise<SearchItem[] | null>; onChoose: (href: string) => void; onClose: () => void }) {
  const items = use(itemsPromise);
  const [query, setQuery] = useState("");
  const [activeIndex, setActiveIndex] = useState(0);
  const inputRef = useRef<HTMLInputElement>(null);
  const base = useId();

  useEffect(() => {
    inputRef.current?.focus();
  }, []);

  const model = paletteModel(items ?? [], query);
  const options = [...model.groups.flatMap((g) => g.options), model.catalog];
  const active = Math.min(activeIndex, options.length - 1);
  const optionId = (i: number) => `${base}-option-${i}`;

  useEffect(() => {
    document.getElementById(`${base}-option-${active}`)?.scrollIntoView({ block: "nearest" });
  }, [active, base]);

  if (items === null) {
    return (
      <div className="space-y-2 p-5">
        <p className="font-medium text-fg">Search is unavailable</p>
        <p className="text-sm text-muted">
          The list of metrics and dashboards could not be read from the warehouse. Try again after reloading the page, or{" "}
          <Link href="/metrics" onClick={onClose} className="font-medium text-accent underline">
            open the metric catalog
          </Link>
          .
        </p>
      </div>
    );
  }

  const onKeyDown = (event: KeyboardEvent<HTMLInputElement>) => {
    const move = (to: number) => {
      event.preventDefault();
      setActiveIndex((to + options.length) % options.length);
    };
    if (event.key === "ArrowDown") move(active + 1);
    else if (event.key === "ArrowUp") move(active - 1);
    else if (event.key === "PageDown") move(Math.min(active + 5, options.length - 1));
    else if (event.key === "PageUp") move(Math.max(active - 5, 0));
    else if (event.key === "Enter" && !event.nativeEvent.isComposing) {
      event.preventDefault();
      const option = options[active];
      if (option) onChoose(option.href);
    }
  };

  const status = model.query
    ? model.matches === 0
      ? `No metric or dashboard matches “${model.query}”. Try fewer letters, a synonym or a tag.`
      : `${model.matches} ${model.matches === 1 ? "match" : "matches"}${model.matches > options.length - 1 ? `, the best ${options.length - 1} shown` : ""}.`
    : "Headline metrics and dashboards. Type to search every metric by name, synonym or tag.";

  let index = 0;
  const renderOption = (option: PaletteOption) => {
    const i = index++;
    return <Option key={option.key} option={option} id={optionId(i)} active={i === active} onHover={() => setActiveIndex(i)} onChoose={() => onChoose(option.href)} />;
  };

  return (
    <>
      <div className="sticky top-0 z-10 flex items-center gap-3 border-b border-line bg-surface px-4 focus-within:shadow-[inset_0_-2px_0_var(--focus)]">
        <SearchIcon className="size-5 shrink-0 text-muted" />
        <label htmlFor={`${base}-input`} className="sr-only">
          Search metrics and dashboards
        </label>
        <input
          ref={inputRef}
          id={`${base}-input`}
          type="text"
          role="combobox"
          aria-expanded
          aria-controls={`${base}-listbox`}
          aria-activedescendant={optionId(active)}
          aria-autocomplete="list"
          aria-describedby={`${base}-keys`}
          autoComplete="off"
          autoCapitalize="off"
          spellCheck={false}
          enterKeyHint="go"
          value={query}
          onChange={(e) => {
            setQuery(e.target.value);
            setActiveIndex(0);
          }}
          onKeyDown={onKeyDown}
          placeholder="Metric or dashboard: name, synonym, tag…"
          className="h-14 min-w-0 flex-1 bg-transparent text-base text-fg outline-none placeholder:text-muted"
        />
        <button type="button" onClick={onClose} className="rounded-md border border-line-strong px-2 py-1 text-xs font-medium text-muted hover:text-fg">
          Esc<span className="sr-only"> (close search)</span>
        </button>
      </div>
      <p role="status" className="px-4 pt-3 pb-1 text-xs text-muted">
        {status}
      </p>
      <div id={`${base}-listbox`} role="listbox" aria-label="Results" className="px-2 pb-2">
        {model.groups.map((group) => (
          <div key={group.kind} role="group" aria-label={KIND_LABELS[group.kind]} className="pt-2">
            <div aria-hidden className="px-3 pb-1 text-xs font-semibold tracking-wide text-muted uppercase">
              {KIND_LABELS[group.kind]}
            </div>
            {group.options.map(renderOption)}
          </div>
        ))}
        <div role="group" aria-label="Catalog" className="mt-2 border-t border-line pt-2">
          {renderOption(model.catalog)}
        </div>
      </div>
      <p id={`${base}-keys`} className="border-t border-line px-4 py-2 text-xs text-muted">
        <kbd className="font-sans">↑</kbd> <kbd className="font-sans">↓</kbd> to move, <kbd className="font-sans">Enter</kbd> to open,{" "}
        <kbd className="font-sans">Esc</kbd> to close
      </p>
    </>
  );
}

/**
 * Search from anywhere: a button in the header, Ctrl+K or ⌘K, or "/" outside a
 * text field. A modal dialog holding a combobox: arrows move through the
 * matching metrics and dashboards, Enter opens one.
 */
export function CommandPalette({ items }: { items: Promise<SearchItem[] | null> }) {
  const dialogRef = useRef<HTMLDialogElement>(null);
  const [open, setOpen] = useState(false);
  const apple = useApplePlatform();
  const router = useRouter();

  const show = useCallback(() => {
    const dialog = dialogRef.current;
    if (!dialog || dialog.open) return;
    dialog.showModal();
    setOpen(true);
  }, []);
  const close = useCallback(() => dialogRef.current?.close(), []);

  useEffect(() => {
    const onKeyDown = (event: globalThis.KeyboardEvent) => {
      if (event.defaultPrevented || event.isComposing) return;
      const commandK = (event.ctrlKey || event.metaKey) && !event.altKey && !event.shiftKey && event.key.toLowerCase() === "k";
      const slash = event.key === "/" && !event.ctrlKey && !event.metaKey && !event.altKey && !isEditable(event.target);
      if (!commandK && !slash) return;
      event.preventDefault();
      if (commandK && dialogRef.current?.open) close();
      else show();
    };
    document.addEventListener("keydown", onKeyDown);
    return () => document.removeEventListener("keydown", onKeyDown);
  }, [show, close]);

  const choose = (href: string) => {
    close();
    router.push(href);
  };

  return (
    <>
      <button
        type="button"
        onClick={show}
        aria-haspopup="dialog"
        aria-keyshortcuts="Control+K Meta+K /"
        className="flex h-9 min-w-9 items-center gap-2 rounded-lg border border-line-strong bg-surface px-2.5 text-sm text-muted hover:border-muted hover:text-fg md:w-64"
      >
        <SearchIcon className="size-4 shrink-0" />
        <span className="sr-only md:not-sr-only md:flex-1 md:text-left">Search metrics</span>
        <kbd className="hidden rounded border border-line px-1.5 font-sans text-xs md:inline">{apple ? "⌘K" : "Ctrl K"}</kbd>
      </button>
      <dialog
        ref={dialogRef}
        aria-label="Search metrics and dashboards"
        onClose={() => setOpen(false)}
        onClick={(event) => {
          if (event.target === event.currentTarget) close();
        }}
        className="mx-auto mt-[10vh] mb-auto max-h-[80vh] w-[min(40rem,calc(100vw-2rem))] max-w-none scroll-pt-32 overflow-y-auto rounded-xl border border-line bg-surface p-0 text-fg shadow-2xl backdrop:bg-[var(--backdrop)]"
      >
        {open ? (
          <Suspense fallback={<p className="p-5 text-sm text-muted" role="status">Loading the metrics and dashboards…</p>}>
            <PaletteBody itemsPromise={items} onChoose={choose} onClose={close} />
          </Suspense>
        ) : null}
      </dialog>
    </>
  );
}
