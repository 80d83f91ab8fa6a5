"use client";

import { Component, type ReactNode } from "react";
import { DashboardTileFrame } from "./dashboard-tile-frame";
import { TileProblem } from "./tile-problem";

interface TileErrorBoundaryProps {
  /** Shown around the message when the content fails and would have been the whole tile. */
  frame?: { id: string; title: string; subtitle: string };
  children: ReactNode;
}

/** Keeps a tile whose content fails to render from taking the dashboard down with it. */
export class TileErrorBoundary extends Component<TileErrorBoundaryProps, { failed: boolean }> {
  override state = { failed: false };

  static getDerivedStateFromError(): { failed: boolean } {
    return { failed: true };
  }

  override componentDidCatch(error: unknown) {
    console.error(error);
  }

  override render() {
    if (!this.state.failed) return this.props.children;
    const problem = (
      <TileProblem tone="error" title="This tile could not be shown">
        The other tiles are not affected. Reload the page to try again; if it keeps failing, edit
        the tile’s settings.
      </TileProblem>
    );
    const { frame } = this.props;
    return frame ? (
      <DashboardTileFrame {...frame} className="h-full">
        {problem}
      </DashboardTileFrame>
    ) : (
      problem
    );
  }
}
