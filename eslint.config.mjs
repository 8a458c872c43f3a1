import nextCoreWebVitals from "eslint-config-next/core-web-vitals";
import nextTypescript from "eslint-config-next/typescript";
import prettier from "eslint-config-prettier/flat";

/*
 * The layers (ARCHITECTURE.md): core ← server ← app, core ← components.
 * core/ is pure: it runs in the browser, on the server and in the CLI, so it imports
 * nothing of the outer layers and no Node-only API. components/ talk to the server
 * only through tRPC, so from server/ they may import types and nothing else.
 */
const outerLayers = (...layers) =>
  layers.flatMap((layer) => [
    { group: [`@/${layer}`, `@/${layer}/**`], message: `This layer must not import from ${layer}/ (see ARCHITECTURE.md).` },
    { group: [`**/../${layer}`, `**/../${layer}/**`], message: `This layer must not import from ${layer}/ (see ARCHITECTURE.md).` },
  ]);

const nodeOnly = {
  group: ["node:*", "fs", "path", "crypto", "os", "child_process", "server-only", "better-sqlite3", "drizzle-orm", "drizzle-orm/*"],
  message: "core/ runs in the browser too: no Node-only API and no database here.",
};

const config = [
  {
    ignores: [
      "node_modules/**",
      ".next/**",
      ".next-*/**",
      "data/**",
      "test-results/**",
      "playwright-report/**",
      "bench/out/**",
      "packages/*/dist/**",
      "next-env.d.ts",
      "db/migrations/**",
    ],
  },
  ...nextCoreWebVitals,
  ...nextTypescript,
  prettier,
  {
    rules: {
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_", caughtErrorsIgnorePattern: "^_" }],
      "@typescript-eslint/consistent-type-imports": ["error", { fixStyle: "inline-type-imports", disallowTypeAnnotations: false }],
      "react-hooks/set-state-in-effect": "error",
      "react-hooks/refs": "error",
    },
  },
  {
    // Words come from the message catalogues (i18n/messages), never from an inline
    // `locale === "de" ? "Ja" : "Yes"`; choosing a locale code that way is fine. Tests
    // may write flow content in either language.
    ignores: ["**/*.test.ts", "**/*.test.tsx", "e2e/**", "bench/**"],
    rules: {
      "no-restricted-syntax": [
        "error",
        ...["Literal", "TemplateLiteral"].flatMap((branch) =>
          ["consequent", "alternate"].map((side) => ({
            selector: `ConditionalExpression[test.type='BinaryExpression'][test.right.value=/^(de|en)$/][${side}.type='${branch}']:not([${side}.value=/^(de|en)$/])`,
            message: "Put the words into the message catalogues (i18n/messages) instead of choosing them by locale here.",
          })),
        ),
      ],
    },
  },
  {
    files: ["core/**/*.{ts,tsx}"],
    ignores: ["core/**/*.test.ts"],
    rules: {
      "@typescript-eslint/no-restricted-imports": ["error", { patterns: [...outerLayers("server", "db", "components", "app"), nodeOnly] }],
    },
  },
  {
    // Tests of core/ may read golden files from disk, never the outer layers.
    files: ["core/**/*.test.ts"],
    rules: {
      "@typescript-eslint/no-restricted-imports": ["error", { patterns: outerLayers("server", "db", "components", "app") }],
    },
  },
  {
    // The service layer is async (it will also run on the PostgreSQL driver): a forgotten
    // `await` leaves a write unfinished or an error unhandled, so it must fail the linter.
    files: [
      "server/**/*.{ts,tsx}",
      "db/**/*.ts",
      "app/**/*.{ts,tsx}",
      "scripts/**/*.ts",
      "bench/**/*.ts",
      "e2e/**/*.ts",
      "components/**/*.test.ts",
    ],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      "@typescript-eslint/no-floating-promises": ["error", { checkThenables: true }],
      "@typescript-eslint/no-misused-promises": ["error", { checksVoidReturn: { attributes: false } }],
      // A promise in a template literal prints "[object Promise]" where a value was meant.
      "@typescript-eslint/restrict-template-expressions": "error",
      // A promise returned from inside try/finally settles after the finally ran: await it there.
      "@typescript-eslint/return-await": ["error", "in-try-catch"],
    },
  },

  {
    files: ["server/**/*.{ts,tsx}", "db/**/*.ts"],
    rules: {
      "@typescript-eslint/no-restricted-imports": ["error", { patterns: outerLayers("components", "app") }],
    },
  },
  {
    // Route handler tests call the handlers in app/ directly.
    files: ["server/**/*.test.ts"],
    rules: {
      "@typescript-eslint/no-restricted-imports": ["error", { patterns: outerLayers("components") }],
    },
  },
  {
    // The reference bot is a consumer like any bot outside this repository: it uses the
    // runtime through the package entry and the app only over HTTP (its tests may start the app).
    files: ["bot/**/*.ts"],
    ignores: ["bot/**/*.test.ts", "bot/testing/**"],
    rules: {
      "@typescript-eslint/no-restricted-imports": ["error", { patterns: outerLayers("server", "db", "components", "app", "core") }],
    },
  },
  {
    // Playwright fixtures call their continuation `use`; no React here.
    files: ["e2e/**/*.ts"],
    rules: { "react-hooks/rules-of-hooks": "off" },
  },
  {
    files: ["components/**/*.{ts,tsx}"],
    rules: {
      "@typescript-eslint/no-restricted-imports": [
        "error",
        {
          patterns: [
            ...outerLayers("db", "app"),
            {
              group: ["@/server/**", "**/../server/**"],
              allowTypeImports: true,
              message: "Components reach the server through tRPC: import its types only (see ARCHITECTURE.md).",
            },
          ],
        },
      ],
    },
  },
  {
    // Tests of the editor store drive the real router on a temporary database.
    files: ["components/**/*.test.ts"],
    rules: {
      "@typescript-eslint/no-restricted-imports": ["error", { patterns: outerLayers("app") }],
    },
  },
];

export default config;
