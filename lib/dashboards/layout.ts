// Editing a dashboard's tile list: reorder, resize, add, remove. Pure and
// immutable: every function returns a new array and leaves its input alone.
import type { TileWidth } from "./schema";

/** Moves the item at `from` to index `to`; out-of-range indexes leave the list as it is. */
export function moveItem<T>(items: readonly T[], from: number, to: number): T[] {
  if (from === to || from < 0 || to < 0 || from >= items.length || to >= items.length)
    return [...items];
  const next = [...items];
  const [moved] = next.splice(from, 1);
  next.splice(to, 0, moved as T);
  return next;
}

/** Moves the item with `id` one place earlier (-1) or later (+1); at an end it stays. */
export function moveItemBy<T extends { id: string }>(
  items: readonly T[],
  id: string,
  delta: -1 | 1,
): T[] {
  const from = items.findIndex((item) => item.id === id);
  return from < 0 ? [...items] : moveItem(items, from, from + delta);
}

/** Moves the item with `activeId` to where the item with `overId` is, as a drag and drop does. */
export function moveItemTo<T extends { id: string }>(
  items: readonly T[],
  activeId: string,
  overId: string,
): T[] {
  return moveItem(
    items,
    items.findIndex((item) => item.id === activeId),
    items.findIndex((item) => item.id === overId),
  );
}

/** Replaces the item with `id` by `update(item)`. */
export function updateItem<T extends { id: string }>(
  items: readonly T[],
  id: string,
  update: (item: T) => T,
): T[] {
  return items.map((item) => (item.id === id ? update(item) : item));
}

export function removeItem<T extends { id: string }>(items: readonly T[], id: string): T[] {
  return items.filter((item) => item.id !== id);
}

export function resizeItem<T extends { id: string; width: TileWidth }>(
  items: readonly T[],
  id: string,
  width: TileWidth,
): T[] {
  return updateItem(items, id, (item) => ({ ...item, width }));
}

export interface GridPlacement {
  /** 0-based row of the 3-column grid. */
  row: number;
  /** 0-based first column. */
  column: number;
}

export const GRID_COLUMNS = 3;

/**
 * Where each tile lands when tiles flow left to right, top to bottom, and a
 * tile that does not fit in what is left of a row starts the next one: the
 * same placement as CSS grid's default (sparse) auto-flow.
 */
export function placeTiles(widths: readonly number[]): GridPlacement[] {
  let row = 0;
  let column = 0;
  return widths.map((raw) => {
    const width = Math.min(Math.max(Math.trunc(raw), 1), GRID_COLUMNS);
    if (column + width > GRID_COLUMNS) {
      row += 1;
      column = 0;
    }
    const placement = { row, column };
    column += width;
    if (column === GRID_COLUMNS) {
      row += 1;
      column = 0;
    }
    return placement;
  });
}

/** Columns left empty at the ends of rows: 0 means the tiles fill every row they start. */
export function emptyColumns(widths: readonly number[]): number {
  const placements = placeTiles(widths);
  const used = new Map<number, number>();
  placements.forEach((p, i) =>
    used.set(
      p.row,
      (used.get(p.row) ?? 0) + Math.min(Math.max(Math.trunc(widths[i] ?? 1), 1), GRID_COLUMNS),
    ),
  );
  return [...used.values()].reduce((sum, columns) => sum + (GRID_COLUMNS - columns), 0);
}
