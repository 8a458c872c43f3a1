import { defineConfig } from "vitest/config";
import { fileURLToPath } from "node:url";

export default defineConfig({
  resolve: {
    alias: {
      "@": fileURLToPath(new URL("./", import.meta.url)),
      "server-only": fileURLToPath(new URL("./server/testing/empty.ts", import.meta.url)),
    },
  },
  test: {
    include: [
      "core/**/*.test.ts",
      "server/**/*.test.ts",
      "db/**/*.test.ts",
      "components/**/*.test.ts",
      "i18n/**/*.test.ts",
      "scripts/**/*.test.ts",
      "packages/*/*.test.ts",
      "bot/**/*.test.ts",
    ],
    environment: "node",
    pool: "forks",
    testTimeout: 30_000,
  },
});
