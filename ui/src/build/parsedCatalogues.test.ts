// The catalogues the page reads are parsed when it is built: the entries
// must be the ones Fluent's own parser makes, and an entry it cannot parse
// must stop the build rather than go missing on the screen.
import { FluentBundle, FluentResource } from "@fluent/bundle";
import { describe, expect, test } from "vitest";
import { join } from "node:path";
import { catalogueModule, parsedCatalogues } from "./parsedCatalogues";

/** The entries a module made by `catalogueModule` exports, as the page reads them. */
function entriesOf(module: string): FluentResource["body"] {
  const expression = /^export default (.*);$/s.exec(module)?.[1];
  if (expression === undefined) throw new Error(`not a module: ${module}`);
  return new Function(`return ${expression};`)();
}

const SOURCE = `# A comment
-brand = Switchboard
app-title = { -brand }
app-waiting =
    { $count ->
        [one] { $count } customer waiting
       *[other] { $count } customers waiting
    }
app-long = A first line
    and a second one.
app-field = Value
    .title = A tooltip
`;

describe("catalogues parsed at build time", () => {
  test("give the parser's own entries, which format as the source does", () => {
    const entries = entriesOf(catalogueModule("test.ftl", SOURCE));
    expect(entries).toEqual(new FluentResource(SOURCE).body);

    const bundle = new FluentBundle("en", { useIsolating: false });
    expect(bundle.addResource({ body: entries } as FluentResource)).toEqual([]);
    const say = (id: string, args?: Record<string, number>) =>
      bundle.formatPattern(bundle.getMessage(id)!.value!, args);
    expect(say("app-title"), "terms resolve").toBe("Switchboard");
    expect(say("app-waiting", { count: 1 })).toBe("1 customer waiting");
    expect(say("app-waiting", { count: 3 })).toBe("3 customers waiting");
    expect(say("app-long")).toBe("A first line\nand a second one.");
    const field = bundle.getMessage("app-field")!;
    expect(
      bundle.formatPattern(field.attributes.title),
      "attributes are kept",
    ).toBe("A tooltip");
  });

  test("an entry Fluent cannot parse stops the build, by name", () => {
    const broken = `${SOURCE}app-broken = { $count ->\n    [one] one\n}\n`;
    expect(() => catalogueModule("broken.ftl", broken)).toThrow(
      "broken.ftl: Fluent cannot parse app-broken",
    );
  });

  test("the plugin parses a catalogue file for the build and for the dev server", () => {
    const load = parsedCatalogues.load as (id: string) => string | null;
    const file = join(import.meta.dirname, "../../../locales/en/app.ftl");
    for (const query of ["?parsed", "?import&parsed"])
      expect(load(`${file}${query}`), query).toMatch(
        /^export default JSON\.parse\(/,
      );
    expect(load(`${file}?raw`), "other imports are left alone").toBeNull();
  });
});
