import { Sparkline } from "@/components/charts/sparkline";
import { formatValue, type ValueFormat } from "@/lib/metrics/format";

/** A number tile's trend; formats its values itself, since functions cannot cross from server to client. */
export function TileSparkline({
  points,
  format,
  label,
  height,
}: {
  points: readonly { period: string; value: number | null }[];
  format: ValueFormat;
  label: string;
  height: number;
}) {
  return (
    <Sparkline
      data={points}
      index="period"
      categories={["value"]}
      valueFormatter={(v) => formatValue(v, format)}
      label={label}
      height={height}
    />
  );
}
