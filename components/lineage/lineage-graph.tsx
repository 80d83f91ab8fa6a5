"use client";

import "@xyflow/react/dist/base.css";
import "./lineage-graph.css";
import { Handle, MarkerType, Position, ReactFlow, ReactFlowProvider, useReactFlow, useStore, type Edge, type Node, type NodeProps } from "@xyflow/react";
import { useCallback, useEffect, useMemo, useRef } from "react";
import type { LineageEdge, LineageNode } from "@/lib/lineage/graph-schema";
import { firstViewport, layoutLineage, NODE_HEIGHT, NODE_WIDTH } from "./lineage-layout";
import { LineageNodeFace } from "./lineage-node-face";
import { KIND_LABELS, LINEAGE_DETAILS_ID, nodeSentence, type CheckSummary } from "./lineage-summary";

type LineageFlowData = {
  node: LineageNode;
  summary: CheckSummary | undefined;
  nodesById: ReadonlyMap<string, LineageNode>;
  selected: boolean;
  onOpen: (id: string) => void;
};
type LineageFlowNode = Node<LineageFlowData, "lineage">;

export interface LineageGraphProps {
  /** In upstream order: the canvas's DOM order, and so the Tab order. */
  nodes: readonly LineageNode[];
  edges: readonly LineageEdge[];
  summaries: ReadonlyMap<string, CheckSummary>;
  selectedId: string | null;
  onOpen: (id: string) => void;
  /** The canvas's height in px. */
  height: number;
}

const describe = (n: LineageNode | undefined, id: string) => (n ? `${KIND_LABELS[n.kind].toLowerCase()} ${n.name}` : id);

function LineageFlowNodeView({ data, positionAbsoluteX, positionAbsoluteY, width, height }: NodeProps<LineageFlowNode>) {
  const { node, summary, nodesById, selected, onOpen } = data;
  const { setCenter, getZoom } = useReactFlow();
  const [tx, ty, zoom] = useStore((s) => s.transform);
  const paneWidth = useStore((s) => s.width);
  const paneHeight = useStore((s) => s.height);
  // A node focused by Tab may sit outside the visible part of the canvas: bring it into view.
  const reveal = useCallback(() => {
    const w = width ?? NODE_WIDTH;
    const h = height ?? NODE_HEIGHT;
    const left = positionAbsoluteX * zoom + tx;
    const top = positionAbsoluteY * zoom + ty;
    if (left >= 0 && top >= 0 && left + w * zoom <= paneWidth && top + h * zoom <= paneHeight) return;
    void setCenter(positionAbsoluteX + w / 2, positionAbsoluteY + h / 2, { zoom: getZoom(), duration: 0 });
  }, [width, height, positionAbsoluteX, positionAbsoluteY, zoom, tx, ty, paneWidth, paneHeight, setCenter, getZoom]);
  const self = node.side === "self";
  return (
    <>
      <Handle type="target" position={Position.Left} isConnectable={false} className="lineage-handle" />
      <button
        type="button"
        data-lineage-node={node.id}
        // The face's lines are separate boxes; the name reads them as one sentence, with full check words.
        aria-label={nodeSentence(node, summary, nodesById)}
        aria-expanded={selected}
        aria-controls={LINEAGE_DETAILS_ID}
        onClick={() => onOpen(node.id)}
        onFocus={reveal}
        className={`nodrag nopan block h-full w-full cursor-pointer overflow-hidden rounded-lg border px-2.5 py-2 text-left shadow-sm transition-colors focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-focus ${
          self ? "border-accent bg-accent-soft" : "border-line-strong bg-surface hover:bg-raised"
        } ${selected ? "ring-2 ring-accent ring-offset-2 ring-offset-surface" : ""}`}
      >
        <LineageNodeFace node={node} summary={summary} nodesById={nodesById} fixedSize />
      </button>
      <Handle type="source" position={Position.Right} isConnectable={false} className="lineage-handle" />
    </>
  );
}

const NODE_TYPES = { lineage: LineageFlowNodeView };

function LineageCanvas({ nodes, edges, summaries, selectedId, onOpen, height }: LineageGraphProps) {
  const { fitView, zoomIn, zoomOut, setViewport } = useReactFlow();
  const paneWidth = useStore((s) => s.width);
  const paneHeight = useStore((s) => s.height);
  const nodesById = useMemo(() => new Map(nodes.map((n) => [n.id, n])), [nodes]);
  const placed = useMemo(() => layoutLineage(nodes, edges), [nodes, edges]);
  const flowNodes = useMemo<LineageFlowNode[]>(
    () =>
      placed.nodes.map((p) => ({
        id: p.id,
        type: "lineage",
        position: { x: p.x, y: p.y },
        width: p.width,
        height: p.height,
        ariaRole: "group",
        // Nodes are neither selectable nor draggable, so React Flow would turn their pointer events off; the button inside takes the click.
        style: { pointerEvents: "all" },
        data: { node: nodesById.get(p.id)!, summary: summaries.get(p.id), nodesById, selected: p.id === selectedId, onOpen },
      })),
    [placed, nodesById, summaries, selectedId, onOpen],
  );
  const flowEdges = useMemo<Edge[]>(
    () =>
      edges.map((e) => ({
        id: `${e.from}->${e.to}`,
        source: e.from,
        target: e.to,
        type: "smoothstep",
        markerEnd: { type: MarkerType.ArrowClosed, color: "var(--muted)", width: 16, height: 16 },
        ariaLabel: `${describe(nodesById.get(e.from), e.from)} feeds ${describe(nodesById.get(e.to), e.to)}${e.columns.length ? ` with columns ${e.columns.join(", ")}` : ""}`,
      })),
    [edges, nodesById],
  );
  const placedFor = useRef<typeof placed | null>(null);
  useEffect(() => {
    if (paneWidth === 0 || placedFor.current === placed) return;
    placedFor.current = placed;
    const self = placed.nodes.find((p) => nodesById.get(p.id)?.side === "self");
    void setViewport(firstViewport(placed, self, { width: paneWidth, height: paneHeight }));
  }, [placed, paneWidth, paneHeight, nodesById, setViewport]);
  const toolButton = "rounded-md border border-line bg-surface px-2 py-0.5 text-xs font-medium text-fg hover:bg-raised";
  return (
    <div className="flex flex-col gap-2">
      <div role="toolbar" aria-label="Graph zoom" className="flex flex-wrap items-center gap-1.5">
        <button type="button" className={toolButton} onClick={() => void zoomIn({ duration: 150 })}>
          Zoom in
        </button>
        <button type="button" className={toolButton} onClick={() => void zoomOut({ duration: 150 })}>
          Zoom out
        </button>
        <button type="button" className={toolButton} onClick={() => void fitView({ padding: 0.08, duration: 150 })}>
          Fit whole graph
        </button>
        <span className="text-xs text-muted">Drag to pan. Tab moves between nodes; Enter opens one.</span>
      </div>
      <div className="lineage-flow overflow-hidden rounded-lg border border-line" style={{ height }}>
        <ReactFlow<LineageFlowNode, Edge>
          nodes={flowNodes}
          edges={flowEdges}
          nodeTypes={NODE_TYPES}
          minZoom={0.2}
          maxZoom={1.5}
          nodesDraggable={false}
          nodesConnectable={false}
          nodesFocusable={false}
          edgesFocusable={false}
          elementsSelectable={false}
          zoomOnScroll={false}
          panOnScroll={false}
          preventScrolling={false}
          zoomOnDoubleClick={false}
          deleteKeyCode={null}
          selectionKeyCode={null}
          multiSelectionKeyCode={null}
          panActivationKeyCode={null}
          zoomActivationKeyCode={null}
          disableKeyboardA11y
        />
      </div>
    </div>
  );
}

/** The lineage as a left-to-right graph; each node is a button that opens its details. */
export function LineageGraph(props: LineageGraphProps) {
  return (
    <ReactFlowProvider>
      <LineageCanvas {...props} />
    </ReactFlowProvider>
  );
}
