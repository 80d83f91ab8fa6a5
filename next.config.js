// @ts-check
/** @type {import('next').NextConfig} */
const nextConfig = {
  // PGlite loads its WebAssembly and data files from node_modules at run time.
  serverExternalPackages: [
    "@electric-sql/pglite",
    "@electric-sql/pglite-socket",
    "pglite-prisma-adapter",
    "@prisma/adapter-pg",
    "pg",
  ],
  // Dev resources (HMR) answer the loopback address too, as tests and screenshots use it.
  allowedDevOrigins: ["127.0.0.1"],
  poweredByHeader: false,
  // forbidden(): a signed-in role without the page's permission gets app/forbidden.tsx with a 403.
  experimental: { authInterrupts: true },
  typedRoutes: false,
};

export default nextConfig;
