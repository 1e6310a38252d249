// No user-visible text outside the catalogue: every component's template
// is parsed with the Svelte compiler and its text nodes, the attributes a
// person reads or hears (aria-label, title, placeholder, alt, and the text
// props of our dialogs), and the strings an expression in the markup can
// show are checked for letters outside `t(…)`.
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { parse } from "svelte/compiler";
import { describe, expect, test } from "vitest";

const SRC = join(import.meta.dirname);

/** Text that is the same in every language; each says why. */
const ALLOWED: Record<string, string> = {
  Switchboard: "the product's name is not translated",
  "https://assistant.example.com":
    "an example address (sign-in placeholder) reads the same in every language",
};

/** Attributes (and our components' props) that people read or hear. */
const READ_ATTRIBUTES = new Set([
  "aria-label",
  "aria-description",
  "title",
  "placeholder",
  "alt",
  // ConfirmDialog's props.
  "body",
  "confirmLabel",
]);

const LETTERS = /\p{L}/u;

type Node = { type: string; [key: string]: unknown };

function isNode(value: unknown): value is Node {
  return typeof value === "object" && value !== null && "type" in value;
}

/**
 * The strings an expression can evaluate to and put on screen: itself, the
 * branches of `?:`, `??` and `||`, both sides of `+`, template text. Not
 * the operands of comparisons nor arguments of calls (`t("app-…")`,
 * `kind === "offline"`).
 */
function shownStrings(expression: unknown): string[] {
  if (!isNode(expression)) return [];
  switch (expression.type) {
    case "Literal":
      return typeof expression.value === "string" ? [expression.value] : [];
    case "TemplateLiteral":
      return [
        ...(expression.quasis as { value: { cooked: string } }[]).map(
          (q) => q.value.cooked,
        ),
        ...(expression.expressions as unknown[]).flatMap(shownStrings),
      ];
    case "ConditionalExpression":
      return [
        ...shownStrings(expression.consequent),
        ...shownStrings(expression.alternate),
      ];
    case "LogicalExpression":
      return [
        ...shownStrings(expression.left),
        ...shownStrings(expression.right),
      ];
    case "BinaryExpression":
      return expression.operator === "+"
        ? [...shownStrings(expression.left), ...shownStrings(expression.right)]
        : [];
    default:
      return [];
  }
}

/** The user-visible literals of one component: [what, text]. */
function literals(source: string): [string, string][] {
  const found: [string, string][] = [];
  const check = (what: string, text: string) => {
    const trimmed = text.trim();
    if (LETTERS.test(trimmed) && !(trimmed in ALLOWED))
      found.push([what, trimmed]);
  };
  const visit = (value: unknown, inKbd: boolean): void => {
    if (Array.isArray(value)) return value.forEach((v) => visit(v, inKbd));
    if (!isNode(value)) return;
    // style:, class:, bind: and the like hold CSS and code, not text.
    if (value.type.endsWith("Directive")) return;
    switch (value.type) {
      case "Text":
        // Key names (<kbd>j</kbd>) are the keys' own labels.
        if (!inKbd) check("text", value.data as string);
        return;
      case "ExpressionTag":
        for (const text of shownStrings(value.expression))
          check("expression", text);
        return;
      case "Attribute": {
        const name = value.name as string;
        if (!READ_ATTRIBUTES.has(name) || value.value === true) return;
        const parts = Array.isArray(value.value) ? value.value : [value.value];
        for (const part of parts as Node[]) {
          if (part.type === "Text") check(name, part.data as string);
          else
            for (const text of shownStrings(part.expression)) check(name, text);
        }
        return;
      }
    }
    const kbd =
      inKbd || (value.type === "RegularElement" && value.name === "kbd");
    for (const [key, child] of Object.entries(value)) {
      // Scripts and styles are not markup; expressions are handled above.
      if (["instance", "module", "css", "expression", "metadata"].includes(key))
        continue;
      if (typeof child === "object") visit(child, kbd);
    }
  };
  const root = parse(source, { modern: true });
  visit(root.fragment, false);
  return found;
}

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? files(path) : [path];
  });
}

const components = files(SRC)
  .filter((f) => f.endsWith(".svelte"))
  .map((f) => relative(SRC, f));

describe("no user-visible literal text", () => {
  test("the check finds literals where they are", () => {
    expect(
      literals(
        `<p title="Hello">Hi {x ? "Yes" : t("app-no")} <kbd>j</kbd></p>` +
          `<input placeholder={"Type"} /><b>{kind === "offline"}</b>` +
          `<h1>Switchboard</h1><span aria-hidden="true">…</span>`,
      ),
    ).toEqual([
      ["title", "Hello"],
      ["text", "Hi"],
      ["expression", "Yes"],
      ["placeholder", "Type"],
    ]);
  });

  test("every component is checked", () => {
    expect(
      components.length,
      "the scan finds the components (a wrong path would pass vacuously)",
    ).toBeGreaterThan(25);
  });

  test.each(components)("%s says everything through t()", (component) => {
    const source = readFileSync(join(SRC, component), "utf8");
    expect(
      literals(source),
      "put these in locales/*/…ftl and show them with t(): users of the other languages would read English",
    ).toEqual([]);
  });
});
