import { TrendLabel } from "@/components/metrics/trend-label";
import type { CatalogEntry } from "@/lib/metrics/api-schema";
import type { Grain } from "@/lib/metrics/definition-schema";
import { formatPeriod, formatValue, GRAIN_PLURALS, type ValueFormat } from "@/lib/metrics/format";
import type { NumberTileSummary } from "@/lib/dashboards/tile-view";
import type { TileWidth } from "@/lib/dashboards/schema";
import { TileSparkline } from "./tile-sparkline";

export interface NumberTileBodyProps {
  summary: NumberTileSummary;
  name: string;
  grain: Grain;
  format: ValueFormat;
  direction: CatalogEntry["direction"];
  width: TileWidth;
}

/** A big number: the last complete period's value, its change from the period before, and the trend over the tile's range. */
export function NumberTileBody({
  summary,
  name,
  grain,
  format,
  direction,
  width,
}: NumberTileBodyProps) {
  const { latest, change, partial, trend } = summary;
  const wide = width > 1;
  return (
    <div
      className={`flex flex-1 gap-4 ${wide ? "flex-col sm:flex-row sm:items-start" : "flex-col"}`}
    >
      <div className="shrink-0 space-y-1">
        <p className="text-fg text-3xl font-semibold tracking-tight tabular-nums">
          {formatValue(latest.value, format, "compact")}
        </p>
        <p className="text-muted text-xs">
          {formatPeriod(latest.period, grain)}
          <span className="sr-only">: {formatValue(latest.value, format)}</span>
        </p>
        <TrendLabel change={change} direction={direction} grain={grain} />
        {partial ? (
          <p className="text-muted text-xs">
            {formatPeriod(partial.period, grain)} so far:{" "}
            {formatValue(partial.value, format, "compact")} (partial)
          </p>
        ) : null}
      </div>
      {/* At the bottom of the tile, so sparklines of one row line up. */}
      <div className={`mt-auto min-w-0 ${wide ? "sm:flex-1 sm:self-end" : ""}`}>
        <TileSparkline
          points={trend}
          format={format}
          label={`${name}, last ${trend.length} ${GRAIN_PLURALS[grain]}`}
          height={wide ? 72 : 48}
        />
      </div>
    </div>
  );
}
