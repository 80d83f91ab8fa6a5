// A lineage graph placed left to right by dagre: sources on the left, the metric's
// consumers on the right. Pure; loaded only with the graph, so dagre stays out of first-load JS.
import { Graph, layout } from "@dagrejs/dagre";
import type { LineageEdge, LineageNode } from "@/lib/lineage/graph-schema";

export interface PlacedNode {
  id: string;
  /** Top-left corner, as React Flow places nodes. */
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface LineageLayout {
  nodes: PlacedNode[];
  edges: { id: string; source: string; target: string }[];
  width: number;
  height: number;
}

export const NODE_WIDTH = 228;
export const NODE_HEIGHT = 136;

/** Positions for nodes given in upstream order; edges to unknown nodes are dropped. */
export function layoutLineage(nodes: readonly Pick<LineageNode, "id">[], edges: readonly LineageEdge[], size = { width: NODE_WIDTH, height: NODE_HEIGHT }): LineageLayout {
  const g = new Graph();
  g.setGraph({ rankdir: "LR", nodesep: 24, ranksep: 44, marginx: 16, marginy: 16 });
  g.setDefaultEdgeLabel(() => ({}));
  const known = new Set(nodes.map((n) => n.id));
  for (const n of nodes) g.setNode(n.id, { width: size.width, height: size.height });
  const kept = edges.filter((e) => known.has(e.from) && known.has(e.to) && e.from !== e.to);
  for (const e of kept) g.setEdge(e.from, e.to);
  layout(g);
  const placed = nodes.map((n) => {
    const { x, y } = g.node(n.id);
    return { id: n.id, x: x - size.width / 2, y: y - size.height / 2, width: size.width, height: size.height };
  });
  const label = g.graph();
  return {
    nodes: placed,
    edges: kept.map((e) => ({ id: `${e.from}->${e.to}`, source: e.from, target: e.to })),
    width: label.width ?? Math.max(0, ...placed.map((p) => p.x + p.width)),
    height: label.height ?? Math.max(0, ...placed.map((p) => p.y + p.height)),
  };
}

/** Below this zoom a node's 11px text is no longer readable. */
export const READABLE_ZOOM = 0.75;

/** The first view: the whole graph if it fits at a readable zoom; else from the sources on the left, shifted just enough to keep the metric in view. */
export function firstViewport(graph: { width: number; height: number }, self: PlacedNode | undefined, pane: { width: number; height: number }): { x: number; y: number; zoom: number } {
  const zoom = Math.min(1, Math.max(READABLE_ZOOM, pane.width / graph.width));
  const fitsAcross = graph.width * zoom <= pane.width;
  const x = fitsAcross || !self ? (pane.width - graph.width * zoom) / 2 : Math.min(0, pane.width - (self.x + self.width + 24) * zoom);
  const fitsDown = graph.height * zoom <= pane.height;
  const y = fitsDown || !self ? (pane.height - graph.height * zoom) / 2 : pane.height / 2 - (self.y + self.height / 2) * zoom;
  return { x, y, zoom };
}
