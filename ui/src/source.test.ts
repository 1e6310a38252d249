// Rules about the source itself, checked on every run: they are cheap to
// break by accident and expensive to find by eye.
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { describe, expect, test } from "vitest";

const SRC = join(import.meta.dirname);

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? files(path) : [path];
  });
}

const sources = files(SRC).filter(
  (f) => /\.(ts|svelte)$/.test(f) && !f.endsWith(".test.ts"),
);
const production = sources.filter(
  (f) =>
    !relative(SRC, f).startsWith("dev/") &&
    !relative(SRC, f).startsWith("test/"),
);

describe("source rules", () => {
  test("no component renders raw HTML", () => {
    const offenders = sources.filter((f) =>
      /\{@html|innerHTML|outerHTML|insertAdjacentHTML/.test(
        readFileSync(f, "utf8"),
      ),
    );
    expect(
      offenders,
      "untrusted text must only ever be rendered as text",
    ).toEqual([]);
  });

  test("production code never imports the dev-only fake backend", () => {
    const offenders = production.filter((f) =>
      /from\s+["'][^"']*\/dev\//.test(readFileSync(f, "utf8")),
    );
    expect(
      offenders,
      "src/dev/ must stay out of the production bundle",
    ).toEqual([]);
  });

  test("only the api and ipc modules talk to Tauri", () => {
    const ipcModules = [join("lib", "api.ts"), join("lib", "ipc.ts")];
    const offenders = production.filter(
      (f) =>
        !ipcModules.some((m) => f.endsWith(m)) &&
        /@tauri-apps\/api/.test(readFileSync(f, "utf8")),
    );
    expect(
      offenders,
      "commands go through src/lib/ipc.ts, events through src/lib/api.ts",
    ).toEqual([]);
  });

  test("nothing loads remote content", () => {
    const offenders = sources.filter((f) =>
      /(src|href)=["']https?:|@import\s+url\(|fonts\.googleapis/.test(
        readFileSync(f, "utf8"),
      ),
    );
    expect(
      offenders,
      "the CSP forbids remote fonts, images and scripts",
    ).toEqual([]);
  });

  test("text keeps to the type scale", () => {
    // Each size and weight in use costs a font lookup in the first frame
    // that shows it (see --font in app.css).
    const scale = {
      size: new Set([
        "12px",
        "13px",
        "14px",
        "16px",
        "18px",
        "22px",
        "inherit",
      ]),
      weight: new Set(["400", "600", "normal", "inherit"]),
    };
    const styled = [...sources, join(SRC, "app.css")];
    const offenders = styled.flatMap((f) =>
      [...readFileSync(f, "utf8").matchAll(/font-(size|weight):\s*([^;}\s]+)/g)]
        .filter(
          ([, what, value]) => !scale[what as "size" | "weight"].has(value),
        )
        .map(([found]) => `${relative(SRC, f)}: ${found}`),
    );
    expect(offenders, "sizes 12/13/14/16/18/22 px, weights 400/600").toEqual(
      [],
    );
  });
});
