import createNextIntlPlugin from "next-intl/plugin";

const withNextIntl = createNextIntlPlugin("./i18n/request.ts");

/** @type {import('next').NextConfig} */
const nextConfig = {
  // A separate build folder lets the benchmark build and serve without
  // touching the build that a running server or test uses.
  distDir: process.env.FLOWGUARD_DIST_DIR || ".next",
  // For the bundle report (bench/bundleReport.ts): which module fills which chunk. Off for normal builds.
  productionBrowserSourceMaps: process.env.FLOWGUARD_SOURCE_MAPS === "1",
  reactStrictMode: true,
  poweredByHeader: false,
  // Native modules stay outside the server bundle.
  serverExternalPackages: ["better-sqlite3", "pg", "@node-rs/argon2", "prom-client"],
  typedRoutes: false,
  // For the files proxy.ts skips (build assets, icons); everything else gets these and the CSP from proxy.ts.
  async headers() {
    return [
      {
        source: "/:path*",
        headers: [
          { key: "X-Content-Type-Options", value: "nosniff" },
          { key: "X-Frame-Options", value: "DENY" },
          { key: "Referrer-Policy", value: "strict-origin-when-cross-origin" },
          { key: "Permissions-Policy", value: "camera=(), microphone=(), geolocation=(), payment=(), usb=(), interest-cohort=()" },
        ],
      },
      {
        // The bot API skips proxy.ts; its handlers set these too (server/security/headers.ts: apiSecurityHeaders).
        source: "/api/v1/:path*",
        headers: [
          { key: "Content-Security-Policy", value: "default-src 'none'; frame-ancestors 'none'" },
          { key: "Cross-Origin-Opener-Policy", value: "same-origin" },
        ],
      },
    ];
  },
};

export default withNextIntl(nextConfig);
