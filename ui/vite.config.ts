import { defineConfig, type Plugin } from "vitest/config";
import { svelte } from "@sveltejs/vite-plugin-svelte";
import { parsedCatalogues } from "./src/build/parsedCatalogues.ts";

// `npm run dev:mock` serves the app behind an in-memory fake backend. The
// swap happens here, in the HTML entry, so no production module ever
// references src/dev/ and the build cannot include it.
const mockEntry: Plugin = {
  name: "switchboard-mock-entry",
  // "pre": before Vite collects the page's scripts, so a mock build swaps too.
  transformIndexHtml: {
    order: "pre",
    handler: (html) => html.replace("/src/main.ts", "/src/dev/main.mock.ts"),
  },
};

/** The chunk a non-English catalogue file goes to; null for the rest. */
function languageChunk(id: string): string | null {
  const language = /[\\/]locales[\\/]([^\\/]+)[\\/][^\\/]+\.ftl/.exec(id)?.[1];
  return language && language !== "en" ? `locale-${language}` : null;
}

// Tauri serves ui/dist from its own protocol; the dev server is only for
// `npm run dev` (inside `tauri dev`) and `npm run dev:mock` (a browser with a
// fake backend, see src/dev/).
export default defineConfig(({ mode }) => ({
  plugins: [
    svelte(),
    parsedCatalogues,
    ...(mode === "mock" ? [mockEntry] : []),
  ],
  clearScreen: false,
  server: {
    port: 5173,
    strictPort: true,
    host: "127.0.0.1",
    // The message catalogues are shared with the shell, at the repository
    // root (src/lib/i18n.svelte.ts).
    fs: { allow: [".", "../locales"] },
  },
  build: {
    outDir: "dist",
    target: "es2022",
    // Tauri's webview loads the bundle from disk: one file per chunk is fine.
    sourcemap: false,
    rolldownOptions: {
      output: {
        // One chunk per language besides English (which is in the main
        // script): showing a language fetches one file, not one per area.
        codeSplitting: {
          groups: [{ name: (id) => languageChunk(id), debugName: "languages" }],
        },
      },
    },
  },
  // Under Vitest, Svelte must resolve its browser build or `mount` fails.
  resolve: process.env.VITEST ? { conditions: ["browser"] } : undefined,
  test: {
    environment: "jsdom",
    setupFiles: ["./src/test/setup.ts"],
    include: ["src/**/*.test.ts"],
    testTimeout: 20_000,
  },
}));
