import { smallButton } from "@/components/ui/button-styles";
import { DashboardTileFrame } from "@/components/dashboards/dashboard-tile-frame";
import { NumberTileBody } from "@/components/dashboards/number-tile-body";
import { TileProblem } from "@/components/dashboards/tile-problem";
import { MetricChartCard } from "@/components/metrics/metric-chart-card";
import { LazyMetricViewChart as MetricViewChart } from "@/components/metrics/lazy-metric-view-chart";
import { RunStatus } from "@/components/metrics/run-status";
import type { Viewer } from "@/lib/auth/viewer-schema";
import type { DashboardTile } from "@/lib/dashboards/schema";
import { summarizeNumberTile, tileQueryView } from "@/lib/dashboards/tile-view";
import { getReadWarehouse } from "@/lib/db/read-warehouse";
import { NotFoundError } from "@/lib/http/errors";
import type { CatalogEntry } from "@/lib/metrics/api-schema";
import { formatPeriod } from "@/lib/metrics/format";
import { getMetricView } from "@/lib/metrics/queries/get-metric-view";
import type { MetricViewData } from "@/lib/metrics/view-data-schema";
import { metricViewExportHref, metricViewHref } from "@/lib/metrics/view-params";
import { summarizeMetricView, viewFormat } from "@/lib/metrics/view-presentation";

// A tile's content, read on the server on its own: a tile that fails shows
// what happened in its place, and the other tiles are not affected.

export interface TileProps {
  tile: DashboardTile;
  viewer: Viewer;
  /** The metric exists but the viewer may not see it: the tile says so and shows nothing of it. */
  restricted: boolean;
  /** The metric it shows; undefined when no metric has its key any more. */
  metric: CatalogEntry | undefined;
  title: string;
  /** The tile's settings in words. */
  subtitle: string;
}

type Loaded = { status: "restricted" } | { status: "missing" } | { status: "failed" } | { status: "ok"; data: MetricViewData };

async function loadTile({ tile, metric, viewer, restricted }: TileProps): Promise<Loaded> {
  if (restricted) return { status: "restricted" };
  if (!metric) return { status: "missing" };
  try {
    return {
      status: "ok",
      data: await getMetricView(
        await getReadWarehouse(),
        viewer,
        tile.metricKey,
        tileQueryView(tile.kind, tile.view),
      ),
    };
  } catch (error) {
    if (error instanceof NotFoundError) return { status: "missing" };
    console.error(`Dashboard tile ${tile.id} (${tile.metricKey}) failed:`, error);
    return { status: "failed" };
  }
}

const hasValues = (data: MetricViewData) =>
  data.rows.some((r) => Object.values(r.values).some((v) => v !== null));

function Problem({
  loaded,
  tile,
  metric,
}: { loaded: Exclude<Loaded, { status: "ok" }> } & Pick<TileProps, "tile" | "metric">) {
  if (loaded.status === "restricted") {
    return (
      <TileProblem tone="warning" title="You do not have access to this metric">
        It is restricted to groups you are not in. Ask an admin if you need it.
      </TileProblem>
    );
  }
  if (loaded.status === "missing") {
    return (
      <TileProblem tone="warning" title={`There is no metric “${tile.metricKey}” any more`}>
        Its definition was removed or renamed. Edit the dashboard to remove this tile or to pick
        another metric.
      </TileProblem>
    );
  }
  return (
    <TileProblem tone="error" title="This tile could not be loaded">
      The warehouse did not answer for {metric?.name ?? tile.metricKey}; the other tiles are not
      affected. Reload the page to try again. The details are in the server log.
    </TileProblem>
  );
}

function NoData({ data }: { data: MetricViewData }) {
  const { metric } = data;
  return (
    <TileProblem
      tone="empty"
      title={`No data from ${formatPeriod(data.range.from, "day")} to ${formatPeriod(data.range.to, "day")}`}
    >
      {data.dataThrough ? (
        <>
          {metric.name} has data from {formatPeriod(data.dataFrom ?? data.dataThrough, "day")} to{" "}
          {formatPeriod(data.dataThrough, "day")}. Edit the tile to pick a range that overlaps it.
        </>
      ) : (
        <>
          {metric.name} has no values yet. Compute it with{" "}
          <code className="text-fg font-mono">npm run triad -- compute --metric {metric.key}</code>.
        </>
      )}
    </TileProblem>
  );
}

function Notes({
  notes,
  lastRun,
}: {
  notes: readonly string[];
  lastRun?: MetricViewData["lastRun"];
}) {
  const failed = lastRun?.status === "failed";
  if (!notes.length && !failed) return null;
  return (
    <div className="text-muted mt-2 space-y-1 text-xs">
      {failed ? (
        <p className="flex flex-wrap items-center gap-1.5">
          <RunStatus lastRun={lastRun} /> The last run failed; these values are from an earlier run.
        </p>
      ) : null}
      {notes.map((note) => (
        <p key={note} role="note">
          <span aria-hidden className="text-warn mr-1 font-bold">
            !
          </span>
          {note}
        </p>
      ))}
    </div>
  );
}

/** A number tile's body: the number and its trend, or what stands in their place. */
function NumberContent({ data, width }: { data: MetricViewData; width: DashboardTile["width"] }) {
  if (!hasValues(data)) return <NoData data={data} />;
  const summary = summarizeNumberTile(data);
  if (!summary) {
    return (
      <TileProblem tone="empty" title="No complete period yet">
        The range holds only a period still in progress. Edit the tile to pick a wider range or a
        finer grain.
      </TileProblem>
    );
  }
  return (
    <>
      <NumberTileBody
        summary={summary}
        name={data.metric.name}
        grain={data.grain}
        format={viewFormat(data.metric)}
        direction={data.metric.direction}
        width={width}
      />
      <Notes notes={[...data.warnings, ...(data.note ? [data.note] : [])]} lastRun={data.lastRun} />
    </>
  );
}

/** A tile as the dashboard shows it: a number tile in its frame, a chart tile as a metric chart card. */
export async function TileView(props: TileProps) {
  const { tile, metric, title, subtitle } = props;
  const loaded = await loadTile(props);
  const frameId = `tile-${tile.id}`;
  const href = metric ? metricViewHref(metric.key, tileQueryView(tile.kind, tile.view)) : undefined;

  if (loaded.status === "ok" && tile.kind === "chart") {
    return (
      <>
        <MetricChartCard
          data={loaded.data}
          title={title}
          titleHref={href}
          idPrefix={frameId}
          height={tile.width === 1 ? 220 : 280}
        />
        <Notes notes={loaded.data.warnings} />
      </>
    );
  }
  const csv =
    loaded.status === "ok" && hasValues(loaded.data) ? (
      <a
        href={metricViewExportHref(loaded.data.metric.key, loaded.data.view)}
        download
        className={smallButton}
        aria-label={`Download CSV of ${title}`}
      >
        <span aria-hidden>⤓</span> CSV
      </a>
    ) : null;
  return (
    <DashboardTileFrame
      id={frameId}
      title={title}
      subtitle={subtitle}
      href={href}
      actions={csv}
      className="h-full"
    >
      {loaded.status === "ok" ? (
        <NumberContent data={loaded.data} width={tile.width} />
      ) : (
        <Problem loaded={loaded} tile={tile} metric={metric} />
      )}
    </DashboardTileFrame>
  );
}

/** A stored tile's content inside the editor: the number, or the chart without its card. */
export async function TilePreview(props: TileProps) {
  const { tile } = props;
  const loaded = await loadTile(props);
  if (loaded.status !== "ok") return <Problem loaded={loaded} tile={tile} metric={props.metric} />;
  const { data } = loaded;
  if (tile.kind === "number") return <NumberContent data={data} width={tile.width} />;
  if (!hasValues(data)) return <NoData data={data} />;
  const summaryId = `preview-${tile.id}-summary`;
  return (
    <>
      <p id={summaryId} className="text-muted text-xs">
        {summarizeMetricView(data)}
      </p>
      <figure aria-describedby={summaryId} className="mt-2">
        <MetricViewChart data={data} label={props.title} height={200} />
      </figure>
      <Notes notes={[...data.warnings, ...(data.note ? [data.note] : [])]} lastRun={data.lastRun} />
    </>
  );
}
