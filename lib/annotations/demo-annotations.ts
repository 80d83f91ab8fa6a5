// The annotations the demo ships with, for the events planted in its data
// (lib/demo/seed.ts DEMO_EVENTS); `bootstrap` creates each one that is absent.
// Pure data.
import { DEMO_EVENTS } from "@/lib/demo/seed";
import { type CreateAnnotationBody, createAnnotationBodySchema } from "./annotation-schema";

export const DEMO_AUTHOR = "triad-demo";

export const DEMO_ANNOTATIONS: readonly CreateAnnotationBody[] = [
  createAnnotationBodySchema.parse({
    title: "Mobile app v2 launch",
    description:
      "The new mobile app ships with a launch campaign: signups jump about 3.5x and settle over two weeks at about 1.45x the trend, " +
      "sessions spike, and new users arrive through the launch_campaign channel.",
    startsOn: DEMO_EVENTS.marketingLaunch.date,
    metricKeys: null,
  }),
  createAnnotationBodySchema.parse({
    title: "Checkout outage",
    description:
      "The shop was down most of the day: signups, sessions and orders fell to about 30% of a normal day, and revenue with them. " +
      "Ratios such as conversion hold up because both sides fell.",
    startsOn: DEMO_EVENTS.outage.date,
    metricKeys: [
      "orders",
      "revenue",
      "buyers",
      "sessions",
      "dau",
      "signups",
      "conversion_rate",
      "arpu",
    ],
  }),
];
