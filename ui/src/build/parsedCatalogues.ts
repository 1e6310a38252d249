// A build step of the page (Vite, Node), not part of the page itself.
import { readFileSync } from "node:fs";
import { FluentResource } from "@fluent/bundle";
import type { Plugin } from "vite";

/** Where each entry (message or term) of a catalogue file starts. */
const ENTRY_START = /^(-?[a-zA-Z][\w-]*) *=/gm;

// `locales/…/x.ftl?parsed` imports a catalogue file already parsed: its
// entries, as the page's Fluent bundle takes them. Fluent's parser ran in
// the page at every start, cold (its regular expressions compiled first):
// without it, the page's own work from the document to the painted list
// went from 111.5 to 105.5 ms (median of 40 cold starts each, building the
// screen 24 → 21 ms). The shell's tests (crates/i18n) reject a file that
// Fluent's reference parser cannot read; the page's parser is another, more
// lenient one that drops what it cannot read without a word, so an entry it
// skips fails the page's build here.
export const parsedCatalogues: Plugin = {
  name: "switchboard-parsed-catalogues",
  load(id) {
    // In the dev server the query is `?import&parsed`.
    const [file, query = ""] = id.split("?");
    if (!new URLSearchParams(query).has("parsed") || !file.endsWith(".ftl"))
      return null;
    return catalogueModule(file, readFileSync(file, "utf8"));
  },
};

/**
 * The module of the catalogue file `file` (its text `source`): its entries,
 * parsed. Throws, naming them, if Fluent's parser skips any entry.
 */
export function catalogueModule(file: string, source: string): string {
  const { body } = new FluentResource(source);
  const parsed = new Set(body.map((entry) => entry.id));
  const skipped = [...source.matchAll(ENTRY_START)]
    .map((match) => match[1])
    .filter((entry) => !parsed.has(entry));
  if (skipped.length > 0)
    throw new Error(`${file}: Fluent cannot parse ${skipped.join(", ")}`);
  // Each entry as [id, value] (and its attributes, if it has any), made
  // whole again as the module is read: the page's script carries every
  // English entry, and keys repeated 450 times made it half as large again
  // as the catalogue, which cost the start more than the parsing saved.
  // JSON.parse of a string literal: faster for the page's engine to read
  // than the same entries written as an object literal.
  const compact = body.map(({ id, value, attributes }) =>
    Object.keys(attributes).length > 0 ? [id, value, attributes] : [id, value],
  );
  return (
    `export default JSON.parse(${JSON.stringify(JSON.stringify(compact))})` +
    `.map(([id, value, attributes = {}]) => ({ id, value, attributes }));`
  );
}
