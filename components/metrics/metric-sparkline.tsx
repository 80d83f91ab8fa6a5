import { Sparkline } from "@/components/charts/sparkline";
import { type ChartRow, TOTAL_CATEGORY } from "@/lib/metrics/chart-rows";
import { formatValue, type ValueFormat } from "@/lib/metrics/format";

/** A metric's recent trend; formats its values itself, since functions cannot cross from server to client. */
export function MetricSparkline({ rows, format, label }: { rows: readonly ChartRow[]; format: ValueFormat; label: string }) {
  return <Sparkline data={rows} index="period" categories={[TOTAL_CATEGORY]} valueFormatter={(v) => formatValue(v, format)} label={label} />;
}
