// The dashboards the demo ships with; `bootstrap` creates each one whose slug
// is absent and never touches one that exists. Pure data.
import { type CreateDashboardBody, createDashboardBodySchema } from "./schema";

export interface DemoDashboard {
  slug: string;
  body: CreateDashboardBody;
}

// Number tiles read complete weeks over the last year: day-to-day swings are mostly weekday noise.
const weekly = { range: "12m", grain: "week" } as const;

export const DEMO_DASHBOARDS: readonly DemoDashboard[] = [
  {
    slug: "executive",
    body: createDashboardBodySchema.parse({
      name: "Executive",
      description: "The headline numbers, their trend, and where revenue comes from.",
      tiles: [
        { metricKey: "revenue", kind: "number", width: 2, view: weekly },
        { metricKey: "mau", kind: "number", width: 1, view: weekly },
        { metricKey: "orders", kind: "number", width: 1, view: weekly },
        { metricKey: "conversion_rate", kind: "number", width: 1, view: weekly },
        { metricKey: "arpu", kind: "number", width: 1, view: weekly },
        {
          metricKey: "revenue",
          kind: "chart",
          title: "Revenue by country",
          width: 3,
          view: {
            range: "90d",
            grain: "week",
            compare: "previous",
            by: "country",
            top: 5,
            chart: "line",
          },
        },
      ],
    }),
  },
  {
    slug: "growth",
    body: createDashboardBodySchema.parse({
      name: "Growth",
      description: "New accounts, active users and where sessions come from.",
      tiles: [
        {
          metricKey: "signups",
          kind: "chart",
          width: 2,
          view: { range: "12m", grain: "week", chart: "bar" },
        },
        { metricKey: "total_signups", kind: "number", width: 1, view: weekly },
        { metricKey: "dau", kind: "number", width: 1, view: weekly },
        { metricKey: "wau", kind: "number", width: 1, view: weekly },
        { metricKey: "mau", kind: "number", width: 1, view: weekly },
        {
          metricKey: "sessions",
          kind: "chart",
          title: "Sessions by platform",
          width: 3,
          view: { range: "12m", grain: "week", by: "platform", chart: "area", stacked: true },
        },
      ],
    }),
  },
];
