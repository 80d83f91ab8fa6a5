"use client";

import {
  type Announcements,
  closestCenter,
  DndContext,
  type DragEndEvent,
  KeyboardSensor,
  PointerSensor,
  type UniqueIdentifier,
  useSensor,
  useSensors,
} from "@dnd-kit/core";
import {
  rectSortingStrategy,
  SortableContext,
  sortableKeyboardCoordinates,
  useSortable,
} from "@dnd-kit/sortable";
import { CSS as DndCSS } from "@dnd-kit/utilities";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { type ReactNode, useEffect, useId, useMemo, useRef, useState } from "react";
import { useReducedMotion } from "@/components/charts/use-reduced-motion";
import { Breadcrumbs } from "@/components/ui/breadcrumbs";
import {
  changeTileKind,
  changeTileView,
  type DashboardDraft,
  type DraftTile,
  draftFromDashboard,
  draftToBody,
  newDraftTile,
} from "@/lib/dashboards/editor-draft";
import {
  moveItemBy,
  moveItemTo,
  removeItem,
  resizeItem,
  updateItem,
} from "@/lib/dashboards/layout";
import {
  type Dashboard,
  MAX_DESCRIPTION_LENGTH,
  MAX_NAME_LENGTH,
  MAX_TILES,
  TILE_WIDTHS,
  type TileKind,
  type TileWidth,
  updateDashboardBodySchema,
} from "@/lib/dashboards/schema";
import {
  COMPARISON_LABELS,
  describeTileView,
  RANGE_LABELS,
  type TileMetricOption,
  tileDataKey,
} from "@/lib/dashboards/tile-view";
import {
  CHART_TYPES,
  COMPARISONS,
  type MetricView,
  RANGE_PRESETS,
} from "@/lib/metrics/view-schema";
import { apiErrorMessage, apiErrorParameter } from "@/components/ui/api-error";
import { iconButton, inputClass, primaryButton, secondaryButton } from "@/components/ui/button-styles";
import { DashboardTileFrame } from "./dashboard-tile-frame";
import { DeleteDashboardButton } from "./delete-dashboard-button";
import { DASHBOARD_GRID_CLASS, tileSpanClass } from "./tile-grid";

export interface DashboardEditorProps {
  dashboard: Dashboard;
  /** Every metric a tile can show, by name. */
  metrics: readonly TileMetricOption[];
  /** The server-rendered content of each stored tile, by tile id, shown while its settings are unchanged. */
  previews: Readonly<Record<string, ReactNode>>;
}

const KIND_LABELS: Record<TileKind, string> = { number: "Number", chart: "Chart" };
const CHART_LABELS: Record<MetricView["chart"], string> = {
  line: "Line",
  area: "Area",
  bar: "Bar",
};
const WIDTH_LABELS: Record<TileWidth, string> = { 1: "1 column", 2: "2 columns", 3: "Full width" };

const selectClass = `${inputClass} pr-7`;
const fieldLabel = "block text-xs font-medium text-muted";

/** "tiles.2.view.by" -> "Tile 3 (Revenue), view.by". */
function describeField(
  parameter: string | undefined,
  tiles: readonly DraftTile[],
  titleOf: (t: DraftTile) => string,
): string {
  if (!parameter) return "";
  const match = /^tiles\.(\d+)(?:\.(.+))?$/.exec(parameter);
  if (!match) return `${parameter}: `;
  const index = Number(match[1]);
  const tile = tiles[index];
  return `Tile ${index + 1}${tile ? ` (${titleOf(tile)})` : ""}${match[2] ? `, ${match[2]}` : ""}: `;
}

type SaveState = { status: "idle" } | { status: "saving" } | { status: "error"; message: string };

/** Focus to restore after a change moves or removes the focused element. */
type PendingFocus = { selector: string } | null;

export function DashboardEditor({ dashboard, metrics, previews }: DashboardEditorProps) {
  const router = useRouter();
  const id = useId();
  const reducedMotion = useReducedMotion();
  const [draft, setDraft] = useState<DashboardDraft>(() => draftFromDashboard(dashboard));
  const [saveState, setSaveState] = useState<SaveState>({ status: "idle" });
  const [announcement, setAnnouncement] = useState("");
  const pendingFocus = useRef<PendingFocus>(null);
  const [addMetric, setAddMetric] = useState(metrics[0]?.key ?? "");
  const [addKind, setAddKind] = useState<TileKind>("number");
  const newIds = useRef(0);

  const metricByKey = useMemo(() => new Map(metrics.map((m) => [m.key, m])), [metrics]);
  const savedDataKeys = useMemo(
    () => new Map(dashboard.tiles.map((t) => [t.id, tileDataKey(t)])),
    [dashboard.tiles],
  );
  const titleOf = (tile: DraftTile) =>
    tile.title.trim() || metricByKey.get(tile.metricKey)?.name || tile.metricKey;
  const sortedMetrics = useMemo(
    () => [...metrics].sort((a, b) => a.name.localeCompare(b.name, "en")),
    [metrics],
  );
  const dirty =
    JSON.stringify(draftToBody(draft)) !==
    JSON.stringify(draftToBody(draftFromDashboard(dashboard)));

  // After the render that moved or removed the focused element.
  useEffect(() => {
    if (!pendingFocus.current) return;
    document.querySelector<HTMLElement>(pendingFocus.current.selector)?.focus();
    pendingFocus.current = null;
  });

  useEffect(() => {
    if (!dirty) return;
    const warn = (event: BeforeUnloadEvent) => event.preventDefault();
    window.addEventListener("beforeunload", warn);
    return () => window.removeEventListener("beforeunload", warn);
  }, [dirty]);

  const tiles = draft.tiles;
  const setTiles = (next: (tiles: DraftTile[]) => DraftTile[]) =>
    setDraft((d) => ({ ...d, tiles: next(d.tiles) }));
  const positionOf = (tileId: UniqueIdentifier) => tiles.findIndex((t) => t.id === tileId) + 1;
  const tileName = (tileId: UniqueIdentifier) => {
    const tile = tiles.find((t) => t.id === tileId);
    return tile ? titleOf(tile) : "the tile";
  };

  function move(tile: DraftTile, delta: -1 | 1) {
    const from = tiles.indexOf(tile);
    const to = from + delta;
    if (to < 0 || to >= tiles.length) return;
    setTiles((ts) => moveItemBy(ts, tile.id, delta));
    setAnnouncement(`${titleOf(tile)} moved to position ${to + 1} of ${tiles.length}.`);
    pendingFocus.current = {
      selector: `[data-tile-control="${tile.id}:${delta < 0 ? "up" : "down"}"]`,
    };
  }

  function remove(tile: DraftTile) {
    const index = tiles.indexOf(tile);
    const neighbour = tiles[index + 1] ?? tiles[index - 1];
    setTiles((ts) => removeItem(ts, tile.id));
    setAnnouncement(
      `${titleOf(tile)} removed. ${tiles.length - 1} ${tiles.length - 1 === 1 ? "tile" : "tiles"} left.`,
    );
    pendingFocus.current = {
      selector: neighbour
        ? `[data-tile-control="${neighbour.id}:remove"]`
        : `#${CSS.escape(`${id}-add-metric`)}`,
    };
  }

  function add() {
    const metric = metricByKey.get(addMetric);
    if (!metric || tiles.length >= MAX_TILES) return;
    newIds.current += 1;
    const tile = newDraftTile(metric, addKind, `new-${newIds.current}`);
    setTiles((ts) => [...ts, tile]);
    setAnnouncement(
      `${metric.name} added as a ${addKind} tile at position ${tiles.length + 1} of ${tiles.length + 1}.`,
    );
    pendingFocus.current = { selector: `#${CSS.escape(`${id}-${tile.id}-title-input`)}` };
  }

  function onDragEnd({ active, over }: DragEndEvent) {
    if (!over || active.id === over.id) return;
    setTiles((ts) => moveItemTo(ts, String(active.id), String(over.id)));
  }

  const announcements: Announcements = {
    onDragStart: ({ active }) =>
      `Picked up ${tileName(active.id)}, position ${positionOf(active.id)} of ${tiles.length}.`,
    onDragOver: ({ active, over }) =>
      over
        ? `${tileName(active.id)} is over position ${positionOf(over.id)} of ${tiles.length}.`
        : `${tileName(active.id)} is not over a place.`,
    onDragEnd: ({ active, over }) =>
      over
        ? `${tileName(active.id)} dropped at position ${positionOf(over.id)} of ${tiles.length}.`
        : `${tileName(active.id)} dropped where it was.`,
    onDragCancel: ({ active }) =>
      `Moving cancelled. ${tileName(active.id)} is back at position ${positionOf(active.id)}.`,
  };

  const sensors = useSensors(
    useSensor(PointerSensor, { activationConstraint: { distance: 6 } }),
    useSensor(KeyboardSensor, { coordinateGetter: sortableKeyboardCoordinates }),
  );

  async function save(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const parsed = updateDashboardBodySchema.safeParse(draftToBody(draft));
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      setSaveState({
        status: "error",
        message: `${describeField(issue?.path.join("."), tiles, titleOf)}${issue?.message ?? "The dashboard is not valid."}`,
      });
      return;
    }
    setSaveState({ status: "saving" });
    try {
      const res = await fetch(`/api/dashboards/${dashboard.slug}`, {
        method: "PUT",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify(parsed.data),
      });
      const json: unknown = await res.json().catch(() => null);
      if (!res.ok) {
        const message = apiErrorMessage(
          json,
          `The dashboard could not be saved (HTTP ${res.status}). Your changes are still here; try again.`,
        );
        setSaveState({
          status: "error",
          message: `${describeField(apiErrorParameter(json), tiles, titleOf)}${message}`,
        });
        return;
      }
      router.push(`/dashboards/${dashboard.slug}`);
      router.refresh();
    } catch {
      setSaveState({
        status: "error",
        message:
          "The server could not be reached; nothing was saved. Your changes are still here; try again.",
      });
    }
  }

  return (
    <div className="space-y-6">
      <Breadcrumbs trail={[{ href: "/dashboards", label: "Dashboards" }, { href: `/dashboards/${dashboard.slug}`, label: dashboard.name }]} current="Edit" />

      <form onSubmit={save} aria-labelledby={`${id}-heading`} className="space-y-6">
        <div className="border-line bg-canvas/95 sticky top-0 z-20 -mx-4 flex flex-wrap items-center justify-between gap-3 border-b px-4 py-3 backdrop-blur sm:-mx-6 sm:px-6">
          <h1 id={`${id}-heading`} className="text-2xl font-semibold tracking-tight">
            Editing {dashboard.name}
          </h1>
          <div className="flex flex-wrap items-center gap-2">
            <span className="text-muted text-xs" aria-live="polite">
              {dirty ? "Unsaved changes" : "No changes"}
            </span>
            <Link href={`/dashboards/${dashboard.slug}`} className={secondaryButton}>
              Cancel
            </Link>
            <button
              type="submit"
              className={primaryButton}
              disabled={saveState.status === "saving"}
            >
              {saveState.status === "saving" ? "Saving…" : "Save"}
            </button>
          </div>
        </div>

        {saveState.status === "error" ? (
          <p
            role="alert"
            className="border-bad/40 bg-bad-soft text-fg flex gap-2 rounded-lg border p-3 text-sm"
          >
            <span aria-hidden className="text-bad font-bold">
              ×
            </span>
            <span>
              <span className="font-semibold">Not saved. </span>
              {saveState.message}
            </span>
          </p>
        ) : null}

        <div className="grid gap-4 sm:grid-cols-[minmax(0,20rem)_minmax(0,1fr)]">
          <div className="space-y-1">
            <label htmlFor={`${id}-name`} className="block text-sm font-medium">
              Name
            </label>
            <input
              id={`${id}-name`}
              className={inputClass}
              value={draft.name}
              maxLength={MAX_NAME_LENGTH}
              required
              onChange={(e) => setDraft((d) => ({ ...d, name: e.target.value }))}
            />
          </div>
          <div className="space-y-1">
            <label htmlFor={`${id}-description`} className="block text-sm font-medium">
              Description <span className="text-muted font-normal">(optional)</span>
            </label>
            <input
              id={`${id}-description`}
              className={inputClass}
              value={draft.description}
              maxLength={MAX_DESCRIPTION_LENGTH}
              onChange={(e) => setDraft((d) => ({ ...d, description: e.target.value }))}
            />
          </div>
        </div>

        <section
          aria-labelledby={`${id}-add-heading`}
          className="border-line-strong bg-surface rounded-xl border border-dashed p-4"
        >
          <h2 id={`${id}-add-heading`} className="text-sm font-semibold">
            Add a tile
          </h2>
          <div className="mt-2 flex flex-wrap items-end gap-3">
            <div className="w-72 space-y-1">
              <label htmlFor={`${id}-add-metric`} className={fieldLabel}>
                Metric
              </label>
              <select
                id={`${id}-add-metric`}
                className={selectClass}
                value={addMetric}
                onChange={(e) => setAddMetric(e.target.value)}
              >
                {sortedMetrics.map((m) => (
                  <option key={m.key} value={m.key}>
                    {m.name}
                  </option>
                ))}
              </select>
            </div>
            <fieldset className="space-y-1">
              <legend className={fieldLabel}>Shown as</legend>
              <Segmented
                name={`${id}-add-kind`}
                value={addKind}
                options={(["number", "chart"] as const).map((k) => ({
                  value: k,
                  label: KIND_LABELS[k],
                }))}
                onChange={setAddKind}
              />
            </fieldset>
            <button
              type="button"
              className={secondaryButton}
              onClick={add}
              disabled={!addMetric || tiles.length >= MAX_TILES}
            >
              <span aria-hidden>+</span> Add tile
            </button>
          </div>
        </section>

        <section aria-labelledby={`${id}-tiles-heading`} className="space-y-3">
          <div className="flex flex-wrap items-baseline justify-between gap-2">
            <h2 id={`${id}-tiles-heading`} className="text-sm font-semibold">
              Tiles <span className="text-muted font-normal">({tiles.length})</span>
            </h2>
            <p className="text-muted text-xs">
              Drag a tile by its handle, or use the arrows: with the keyboard, focus the handle,
              press Space, move with the arrow keys, press Space to drop.
            </p>
          </div>
          {tiles.length === 0 ? (
            <p className="border-line-strong text-muted rounded-xl border border-dashed p-8 text-center text-sm">
              No tiles yet. Add one above.
            </p>
          ) : (
            <DndContext
              id={`${id}-dnd`}
              sensors={sensors}
              collisionDetection={closestCenter}
              onDragEnd={onDragEnd}
              accessibility={{
                announcements,
                screenReaderInstructions: {
                  draggable:
                    "To move this tile, press Space or Enter to pick it up, use the arrow keys to move it, and press Space or Enter to drop it, or Escape to cancel.",
                },
              }}
            >
              <SortableContext items={tiles.map((t) => t.id)} strategy={rectSortingStrategy}>
                <div className={DASHBOARD_GRID_CLASS}>
                  {tiles.map((tile, index) => (
                    <SortableTile
                      key={tile.id}
                      formId={id}
                      tile={tile}
                      index={index}
                      count={tiles.length}
                      title={titleOf(tile)}
                      metric={metricByKey.get(tile.metricKey)}
                      reducedMotion={reducedMotion}
                      preview={
                        savedDataKeys.get(tile.id) === tileDataKey(tile)
                          ? previews[tile.id]
                          : undefined
                      }
                      onChange={(next) => setTiles((ts) => updateItem(ts, tile.id, () => next))}
                      onResize={(width) => {
                        setTiles((ts) => resizeItem(ts, tile.id, width));
                        setAnnouncement(
                          `${titleOf(tile)} is now ${WIDTH_LABELS[width].toLowerCase()}.`,
                        );
                      }}
                      onMove={(delta) => move(tile, delta)}
                      onRemove={() => remove(tile)}
                    />
                  ))}
                </div>
              </SortableContext>
            </DndContext>
          )}
        </section>
        <p aria-live="polite" className="sr-only">
          {announcement}
        </p>
      </form>

      <section
        aria-labelledby={`${id}-delete-heading`}
        className="border-bad/30 rounded-xl border p-4"
      >
        <h2 id={`${id}-delete-heading`} className="text-sm font-semibold">
          Delete this dashboard
        </h2>
        <p className="text-muted mt-1 text-sm">
          Its tiles go with it, and links to it stop working. The metrics themselves are not
          touched.
        </p>
        <div className="mt-3">
          <DeleteDashboardButton slug={dashboard.slug} name={dashboard.name} />
        </div>
      </section>
    </div>
  );
}

function Segmented<T extends string | number>({
  name,
  value,
  options,
  onChange,
}: {
  name: string;
  value: T;
  options: readonly { value: T; label: string }[];
  onChange: (value: T) => void;
}) {
  return (
    <div className="border-line bg-raised inline-flex rounded-lg border p-0.5 text-sm">
      {options.map((o) => (
        <label
          key={String(o.value)}
          className="text-muted has-checked:bg-surface has-checked:text-fg has-checked:ring-line has-focus-visible:outline-focus cursor-pointer rounded-md px-2.5 py-1 font-medium has-checked:shadow-sm has-checked:ring-1 has-focus-visible:outline-2"
        >
          <input
            type="radio"
            className="sr-only"
            name={name}
            value={String(o.value)}
            checked={o.value === value}
            onChange={() => onChange(o.value)}
          />
          {o.label}
        </label>
      ))}
    </div>
  );
}

interface SortableTileProps {
  formId: string;
  tile: DraftTile;
  index: number;
  count: number;
  title: string;
  metric: TileMetricOption | undefined;
  reducedMotion: boolean;
  preview: ReactNode | undefined;
  onChange: (tile: DraftTile) => void;
  onResize: (width: TileWidth) => void;
  onMove: (delta: -1 | 1) => void;
  onRemove: () => void;
}

function SortableTile({
  formId,
  tile,
  index,
  count,
  title,
  metric,
  reducedMotion,
  preview,
  onChange,
  onResize,
  onMove,
  onRemove,
}: SortableTileProps) {
  const {
    attributes,
    listeners,
    setNodeRef,
    setActivatorNodeRef,
    transform,
    transition,
    isDragging,
  } = useSortable({
    id: tile.id,
    transition: reducedMotion ? null : undefined,
  });
  const base = `${formId}-${tile.id}`;
  const view = tile.view;
  const setView = (change: Partial<MetricView>) => onChange(changeTileView(tile, change));
  const first = index === 0;
  const last = index === count - 1;
  const dimensions = metric?.dimensions ?? [];

  const toolbar = (
    <div className="border-line -mt-1 mb-2 flex items-center gap-1 border-b pb-2">
      <button
        type="button"
        ref={setActivatorNodeRef}
        {...attributes}
        {...listeners}
        aria-label={`Drag ${title}, position ${index + 1} of ${count}`}
        data-tile-control={`${tile.id}:drag`}
        className={`${iconButton} cursor-grab touch-none active:cursor-grabbing`}
      >
        <svg aria-hidden viewBox="0 0 16 16" className="size-4 fill-current">
          {[3, 8, 13].flatMap((y) =>
            [5, 11].map((x) => <circle key={`${x}-${y}`} cx={x} cy={y} r="1.4" />),
          )}
        </svg>
      </button>
      <button
        type="button"
        className={iconButton}
        aria-label={`Move ${title} up`}
        aria-disabled={first || undefined}
        data-tile-control={`${tile.id}:up`}
        onClick={() => onMove(-1)}
      >
        <span aria-hidden>↑</span>
      </button>
      <button
        type="button"
        className={iconButton}
        aria-label={`Move ${title} down`}
        aria-disabled={last || undefined}
        data-tile-control={`${tile.id}:down`}
        onClick={() => onMove(1)}
      >
        <span aria-hidden>↓</span>
      </button>
      <span className="text-muted ml-1 text-xs">
        {index + 1} of {count}
      </span>
      <button
        type="button"
        className={`${iconButton} hover:text-bad ml-auto`}
        aria-label={`Remove ${title}`}
        data-tile-control={`${tile.id}:remove`}
        onClick={onRemove}
      >
        <span aria-hidden>✕</span>
      </button>
    </div>
  );

  return (
    <DashboardTileFrame
      id={base}
      ref={setNodeRef}
      style={{
        transform: DndCSS.Translate.toString(transform),
        transition: transition ?? undefined,
        zIndex: isDragging ? 10 : undefined,
      }}
      className={`${tileSpanClass(tile.width)} ${isDragging ? "ring-focus opacity-90 shadow-lg ring-2" : ""}`}
      title={title}
      subtitle={`${metric?.name ?? tile.metricKey} · ${KIND_LABELS[tile.kind].toLowerCase()} · ${describeTileView(tile.kind, view)}`}
      toolbar={toolbar}
      headingLevel={3}
    >
      <div className="@container">
        <fieldset className="grid grid-cols-2 gap-x-3 gap-y-2 @xl:grid-cols-4">
          <legend className="sr-only">Settings of {title}</legend>
          <div className="col-span-2 space-y-1">
            <label htmlFor={`${base}-title-input`} className={fieldLabel}>
              Title
            </label>
            <input
              id={`${base}-title-input`}
              className={inputClass}
              value={tile.title}
              placeholder={metric?.name ?? tile.metricKey}
              maxLength={MAX_NAME_LENGTH}
              onChange={(e) => onChange({ ...tile, title: e.target.value })}
            />
          </div>
          <Select
            id={`${base}-kind`}
            label="Shown as"
            value={tile.kind}
            options={(["number", "chart"] as const).map((k) => [k, KIND_LABELS[k]])}
            onChange={(k) => onChange(changeTileKind(tile, k))}
          />
          {tile.kind === "chart" ? (
            <Select
              id={`${base}-chart`}
              label="Chart type"
              value={view.chart}
              options={CHART_TYPES.map((c) => [c, CHART_LABELS[c]])}
              onChange={(chart) => setView({ chart })}
            />
          ) : null}
          <Select
            id={`${base}-range`}
            label="Range"
            value={view.range}
            options={[
              ...RANGE_PRESETS.map((r) => [r, RANGE_LABELS[r]] as const),
              ["custom", RANGE_LABELS.custom] as const,
            ]}
            onChange={(range) =>
              setView(
                range === "custom"
                  ? { range, from: view.from ?? "", to: view.to ?? "" }
                  : { range },
              )
            }
          />
          <Select
            id={`${base}-grain`}
            label="Grain"
            value={view.grain ?? ""}
            options={[
              ["", "Automatic"] as const,
              ...(metric?.grains ?? []).map((g) => [g, g[0]?.toUpperCase() + g.slice(1)] as const),
            ]}
            onChange={(grain) => setView({ grain: grain === "" ? undefined : grain })}
          />
          {view.range === "custom" ? (
            <>
              <DateField
                id={`${base}-from`}
                label="From"
                value={view.from ?? ""}
                onChange={(from) => setView({ from })}
              />
              <DateField
                id={`${base}-to`}
                label="To"
                value={view.to ?? ""}
                onChange={(to) => setView({ to })}
              />
            </>
          ) : null}
          {tile.kind === "chart" ? (
            <>
              <Select
                id={`${base}-compare`}
                label="Compare with"
                value={view.compare}
                options={COMPARISONS.map((c) => [c, COMPARISON_LABELS[c]])}
                onChange={(compare) => setView({ compare })}
              />
              <Select
                id={`${base}-by`}
                label="Breakdown"
                value={view.by ?? ""}
                disabled={dimensions.length === 0}
                options={[
                  ["", dimensions.length ? "None" : "No dimensions"] as const,
                  ...dimensions.map((d) => [d, `By ${d}`] as const),
                ]}
                onChange={(by) => setView({ by: by === "" ? undefined : by })}
              />
              {view.by && view.chart !== "line" ? (
                <label className="col-span-full flex items-center gap-2 text-sm">
                  <input
                    type="checkbox"
                    checked={view.stacked}
                    onChange={(e) => setView({ stacked: e.target.checked })}
                    className="accent-accent size-4"
                  />
                  Stack the {view.by} values
                </label>
              ) : null}
            </>
          ) : null}
          <fieldset className="col-span-full space-y-1">
            <legend className={fieldLabel}>Width</legend>
            <Segmented
              name={`${base}-width`}
              value={tile.width}
              options={TILE_WIDTHS.map((w) => ({ value: w, label: WIDTH_LABELS[w] }))}
              onChange={onResize}
            />
          </fieldset>
        </fieldset>
      </div>
      <div className="border-line mt-3 border-t pt-3">
        {preview ?? (
          <p className="bg-raised text-muted rounded-lg px-3 py-4 text-center text-xs">
            <span className="text-fg font-medium">Preview after saving.</span> This tile will show{" "}
            {metric?.name ?? tile.metricKey} as a {tile.kind}: {describeTileView(tile.kind, view)}.
          </p>
        )}
      </div>
    </DashboardTileFrame>
  );
}

function Select<T extends string>({
  id,
  label,
  value,
  options,
  onChange,
  disabled,
}: {
  id: string;
  label: string;
  value: T;
  options: readonly (readonly [T, string])[];
  onChange: (value: T) => void;
  disabled?: boolean;
}) {
  return (
    <div className="min-w-0 space-y-1">
      <label htmlFor={id} className={fieldLabel}>
        {label}
      </label>
      <select
        id={id}
        className={selectClass}
        value={value}
        disabled={disabled}
        onChange={(e) => onChange(e.target.value as T)}
      >
        {options.map(([v, text]) => (
          <option key={v} value={v}>
            {text}
          </option>
        ))}
      </select>
    </div>
  );
}

function DateField({
  id,
  label,
  value,
  onChange,
}: {
  id: string;
  label: string;
  value: string;
  onChange: (value: string) => void;
}) {
  return (
    <div className="min-w-0 space-y-1">
      <label htmlFor={id} className={fieldLabel}>
        {label}
      </label>
      <input
        id={id}
        type="date"
        className={inputClass}
        value={value}
        onChange={(e) => onChange(e.target.value)}
      />
    </div>
  );
}
