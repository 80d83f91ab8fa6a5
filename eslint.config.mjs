// Lint, and the dependency directions of ../shared/STYLE.md enforced as rules.
import nextVitals from "eslint-config-next/core-web-vitals";
import nextTs from "eslint-config-next/typescript";

const dbClients = ["@prisma/client", "@prisma/*", "pg", "@electric-sql/*", "pglite-prisma-adapter"];

/** @param {string} message @param {string[]} group */
const forbid = (message, group) => ({ group, message });

const config = [
  ...nextVitals,
  ...nextTs,
  {
    ignores: [".next/**", "node_modules/**", "lib/db/generated/**", ".data/**", ".tmp/**", "next-env.d.ts", "test-results/**"],
  },
  {
    rules: {
      "@typescript-eslint/no-explicit-any": "error",
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_" }],
      // lib/env.ts is the only reader of process.env.
      "no-restricted-properties": ["error", { object: "process", property: "env", message: "Read configuration through lib/env.ts." }],
    },
  },
  {
    files: ["lib/env.ts", "instrumentation.ts", "tests/**", "prisma/**", "*.config.*", "lib/cli/start.mjs", "playwright.config.ts"],
    rules: { "no-restricted-properties": "off" },
  },
  {
    files: ["lib/**"],
    rules: {
      "no-restricted-imports": ["error", { patterns: [
        forbid("lib never imports React.", ["react", "react-dom", "react/*", "recharts"]),
        forbid("lib never imports components or app.", ["@/components/*", "@/app/*", "**/components/**", "**/app/**"]),
      ] }],
    },
  },
  {
    files: ["lib/**"],
    ignores: ["lib/db/**"],
    rules: {
      "no-restricted-imports": ["error", { patterns: [
        forbid("lib never imports React.", ["react", "react-dom", "react/*", "recharts"]),
        forbid("lib never imports components or app.", ["@/components/*", "@/app/*", "**/components/**", "**/app/**"]),
        forbid("Database clients are made in lib/db only.", dbClients),
      ] }],
    },
  },
  {
    files: ["components/**"],
    rules: {
      "no-restricted-imports": ["error", { patterns: [
        forbid("Components never touch the database: data arrives as props.", [...dbClients, "@/lib/db", "@/lib/db/*", "server-only"]),
        forbid("Nothing imports app.", ["@/app/*", "**/app/**"]),
        forbid("Components take types from lib's pure schemas, never from server modules.", ["@/lib/pipeline/*", "@/lib/cli/*", "@/lib/metrics/loader", "@/lib/metrics/catalog"]),
        forbid("Components never decide access: pages and routes check it on the server (lib/auth/authorize) and pass what to show.", ["@/lib/auth/authorize", "@/lib/auth/session", "@/lib/auth/get-auth", "@/lib/auth/auth", "@/lib/auth/users", "@/lib/auth/secret", "@/lib/auth/sign-in-audit"]),
      ] }],
    },
  },
  {
    files: ["components/ui/**", "components/charts/**"],
    rules: {
      "no-restricted-imports": ["error", { patterns: [
        forbid("Components never touch the database: data arrives as props.", [...dbClients, "@/lib/db", "@/lib/db/*", "server-only"]),
        forbid("ui and charts are generic: no domain components, no app.", ["@/components/metrics/*", "@/components/dashboards/*", "@/components/lineage/*", "@/app/*"]),
      ] }],
      "no-restricted-globals": ["error", { name: "fetch", message: "ui and charts never fetch: data arrives as props." }],
    },
  },
  {
    files: ["app/**"],
    rules: {
      "no-restricted-imports": ["error", { patterns: [
        forbid("Routes call lib; database clients are made in lib/db only.", dbClients),
        forbid("Private _components belong to one route.", ["**/_components/**"].map((p) => `@/app/${p}`)),
      ] }],
    },
  },
];

export default config;
