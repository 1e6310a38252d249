// The page's side of the catalogues: every message id the code uses is in
// every language, and `t` re-renders, pluralises and falls back as it says.
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { render, screen } from "@testing-library/svelte";
import { flushSync } from "svelte";
import { afterEach, describe, expect, test, vi } from "vitest";
import {
  catalogueFiles,
  formatHour,
  formatNumber,
  i18n,
  LANGUAGES,
  negotiate,
  regionalLocale,
  setLanguage,
  t,
} from "./i18n.svelte";
import KeepHistorySetting from "./components/KeepHistorySetting.svelte";

const SRC = join(import.meta.dirname, "..");

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? files(path) : [path];
  });
}

/** Message ids per language, from the same files the page bundles. */
async function ids(language: string): Promise<Set<string>> {
  const found = new Set<string>();
  for (const [, entries] of (await catalogueFiles()).get(language) ?? []) {
    for (const entry of entries) found.add(entry.id);
  }
  return found;
}

/**
 * Every message id the page's code names: the first argument of `t(…)`,
 * and id-shaped strings kept in tables (`THEME_LABELS`, `SHORTCUTS`) in
 * scripts (markup has element ids and classes of the same shape).
 */
function idsUsed(): Map<string, string> {
  const used = new Map<string, string>();
  const sources = files(SRC).filter(
    (f) => /\.(ts|svelte)$/.test(f) && !f.endsWith(".test.ts"),
  );
  const id =
    /["'`]((?:app|notify|tray|conv|review)-[a-z0-9]+(?:-[a-z0-9]+)*)["'`]/g;
  const call = /\bt\(\s*["'`]([^"'`]+)["'`]/g;
  for (const file of sources) {
    const text = readFileSync(file, "utf8");
    const script = file.endsWith(".svelte")
      ? (text.match(/<script[^>]*>([\s\S]*?)<\/script>/)?.[1] ?? "")
      : text;
    for (const match of [...script.matchAll(id), ...text.matchAll(call)])
      used.set(match[1], relative(SRC, file));
  }
  return used;
}

describe("catalogues", () => {
  afterEach(() => setLanguage("en"));

  test("every language has the catalogue files", async () => {
    for (const language of LANGUAGES)
      expect(
        (await ids(language)).size,
        `${language}: no messages found under locales/${language}`,
      ).toBeGreaterThan(0);
  });

  test("every message id the page uses is in every catalogue", async () => {
    const used = idsUsed();
    expect(used.size, "the scan finds the page's ids").toBeGreaterThan(50);
    for (const language of LANGUAGES) {
      const known = await ids(language);
      const missing = [...used].filter(([id]) => !known.has(id));
      expect(
        missing,
        `${language} lacks these (id, used in): its users would see the ids`,
      ).toEqual([]);
    }
  });

  test("a missing id shows itself, once logged, rather than nothing", () => {
    const error = vi.spyOn(console, "error").mockImplementation(() => {});
    expect(t("app-no-such-message")).toBe("app-no-such-message");
    t("app-no-such-message");
    expect(error, "logged once, not on every render").toHaveBeenCalledTimes(1);
    error.mockRestore();
  });

  test("plurals and numbers follow each language's rules", () => {
    expect(t("app-history-so-far", { count: 1 })).toBe(
      "History: 1 message so far",
    );
    expect(t("app-history-so-far", { count: 12345 })).toBe(
      "History: 12,345 messages so far",
    );
    setLanguage("pt-BR");
    expect(t("app-history-so-far", { count: 12345 })).toBe(
      "Histórico: 12.345 mensagens até agora",
    );
    expect(formatNumber(1234.5)).toBe("1.234,5");
    setLanguage("es");
    expect(
      t("app-sign-out-discard-body", { count: 1 }),
      "Spanish singular",
    ).toMatch(/^1 respuesta o acción aún no llegó/);
  });

  test("dates follow the desktop's region when it speaks the language shown", () => {
    expect(
      regionalLocale("en", "en-GB"),
      "a British desktop keeps its 24-hour clock",
    ).toBe("en-GB");
    expect(regionalLocale("es", "es-AR"), "Argentine dates for Spanish").toBe(
      "es-AR",
    );
    expect(
      regionalLocale("pt-BR", "en-GB"),
      "another language: its own conventions",
    ).toBe("pt-BR");
    expect(regionalLocale("en", ""), "no desktop locale known").toBe("en");
    expect(
      new Intl.DateTimeFormat(regionalLocale("en", "en-GB"), {
        hour: "2-digit",
        minute: "2-digit",
      }).format(new Date(2026, 0, 1, 14, 5)),
      "en-GB writes the afternoon as 14:05",
    ).toBe("14:05");
  });

  test("the hours of a chart are written as the language writes them", () => {
    setLanguage("pt-BR");
    expect(formatHour(14), "the busiest hour, in full").toBe("14:00");
    expect(formatHour(6, true), "an axis label: the hour alone").toBe("06");
    setLanguage("es");
    expect(formatHour(0), "Spanish writes midnight 0:00").toBe("0:00");
  });

  test("a shell tag is negotiated to one of the three languages", () => {
    expect(negotiate("pt-BR")).toBe("pt-BR");
    expect(negotiate("pt-PT"), "another Portuguese").toBe("pt-BR");
    expect(negotiate("es-MX")).toBe("es");
    expect(negotiate("de"), "no German catalogue").toBe("en");
    setLanguage("es-AR");
    expect(i18n.language).toBe("es");
    expect(document.documentElement.lang, "screen readers read Spanish").toBe(
      "es",
    );
  });

  test("a language other than English is fetched before it is shown", async () => {
    // A fresh copy of the module, as the page starts: English only.
    vi.resetModules();
    const page = await import("./i18n.svelte");
    const spanish = page.setLanguage("es");
    expect(
      page.i18n.language,
      "not shown before its catalogues are here: the page would show ids",
    ).toBe("en");
    expect(page.t("app-try-again")).toBe("Try again");
    await spanish;
    expect(page.i18n.language).toBe("es");
    expect(page.t("app-try-again")).toBe("Reintentar");

    const portuguese = page.setLanguage("pt-BR");
    await page.setLanguage("en");
    await portuguese;
    expect(
      page.i18n.language,
      "the later choice wins over an earlier one still being fetched",
    ).toBe("en");
  });

  test("a shown component changes language without being re-created", () => {
    render(KeepHistorySetting, { value: "all" });
    expect(screen.getByRole("combobox", { name: "Keep history for" }));
    setLanguage("pt-BR");
    flushSync();
    expect(
      screen.getByRole("combobox", { name: "Manter histórico de" }),
      "the label follows the language at once",
    );
    expect(screen.getByRole("option", { name: "90 dias" }));
  });
});
