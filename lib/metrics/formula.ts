// A metric's formula in plain words, for people who do not read SQL. Pure.
import type { Aggregation, MetricDefinition, MetricFilter, SourcedMetricDefinition } from "./definition-schema";

type FilterValue = string | number | boolean;

const literal = (value: FilterValue) => (typeof value === "string" ? `'${value}'` : String(value));

const list = (values: readonly FilterValue[]) => values.map(literal).join(", ");

function describeFilter(filter: MetricFilter): string {
  switch (filter.op) {
    case "eq":
      return `${filter.column} is ${literal(filter.value)}`;
    case "neq":
      return `${filter.column} is not ${literal(filter.value)}`;
    case "gt":
      return `${filter.column} is greater than ${literal(filter.value)}`;
    case "gte":
      return `${filter.column} is at least ${literal(filter.value)}`;
    case "lt":
      return `${filter.column} is less than ${literal(filter.value)}`;
    case "lte":
      return `${filter.column} is at most ${literal(filter.value)}`;
    case "in":
      return `${filter.column} is one of ${list(filter.value)}`;
    case "not_in":
      return `${filter.column} is none of ${list(filter.value)}`;
    case "is_null":
      return `${filter.column} is empty`;
    case "not_null":
      return `${filter.column} is not empty`;
  }
}

/** "" or " where a is 'x' and b is at least 3". */
function whereClause(filters: readonly MetricFilter[]): string {
  return filters.length === 0 ? "" : ` where ${filters.map(describeFilter).join(" and ")}`;
}

const AGGREGATE_WORDS: Record<Aggregation["fn"], string> = {
  sum: "Sum of",
  count: "Count of",
  count_distinct: "Distinct count of",
  avg: "Average of",
  min: "Minimum of",
  max: "Maximum of",
};

/** "orders.amount", or "orders" for a count of rows. */
function measured(table: string, aggregate: Pick<Aggregation, "fn" | "column">): string {
  return aggregate.column === undefined ? table : `${table}.${aggregate.column}`;
}

function describeSourced(definition: SourcedMetricDefinition): string {
  const where = whereClause(definition.filters);
  switch (definition.kind) {
    case "aggregate": {
      const { aggregate, table } = definition;
      const subject = aggregate.fn === "count" && aggregate.column === undefined ? `${table} rows` : measured(table, aggregate);
      return `${AGGREGATE_WORDS[aggregate.fn]} ${subject}${where}, per ${definition.grains.join("/")}`;
    }
    case "rolling_distinct": {
      const days = definition.window_days === 1 ? "day" : `${definition.window_days} days`;
      return `Distinct ${definition.table}.${definition.column} active in the trailing ${days}${where}, at every day`;
    }
    case "cumulative": {
      const word = definition.aggregate.fn === "count_distinct" ? "distinct count" : definition.aggregate.fn;
      return `Running ${word} of ${measured(definition.table, definition.aggregate)}${where} from the first day`;
    }
  }
}

export function describeFormula(definition: MetricDefinition): string {
  switch (definition.kind) {
    case "ratio":
      return `${definition.numerator} ÷ ${definition.denominator}`;
    case "derived":
      return definition.expression.trim().replace(/\s+/g, " ");
    default:
      return describeSourced(definition);
  }
}
