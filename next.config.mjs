import createNextIntlPlugin from "next-intl/plugin";

const withNextIntl = createNextIntlPlugin("./i18n/request.ts");

/** @type {import('next').NextConfig} */
const nextConfig = {
  // A separate build folder lets the benchmark build and serve without
  // touching the build that a running server or test uses.
  distDir: process.env.FLOWGUARD_DIST_DIR || ".next",
  reactStrictMode: true,
  poweredByHeader: false,
  // Native modules stay outside the server bundle.
  serverExternalPackages: ["better-sqlite3", "@node-rs/argon2", "prom-client"],
  typedRoutes: false,
};

export default withNextIntl(nextConfig);
