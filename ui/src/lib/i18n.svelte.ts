// The page's languages, from the same Fluent catalogues the shell speaks
// from (`locales/<language>/*.ftl` at the repository root): every file
// there is found by Vite, so a new area's file needs no code change here.
// The shell says which language (the user's choice or the system locale,
// negotiated once, in Rust), so the page, notifications and the tray agree.
//
// `t(id, args)` reads the current language, a rune: every template and
// `$derived` that calls it re-renders when the language changes.

import {
  FluentBundle,
  type FluentResource,
  type FluentVariable,
} from "@fluent/bundle";

/** The languages there are catalogues for (BCP 47), English first. */
export const LANGUAGES = ["en", "pt-BR", "es"] as const;
export type LanguageTag = (typeof LANGUAGES)[number];
const FALLBACK: LanguageTag = "en";

/**
 * Each language named in itself, as language pickers do: whoever cannot
 * read the current language still finds their own.
 */
export const LANGUAGE_NAMES: Record<LanguageTag, string> = {
  en: "English",
  "pt-BR": "Português (Brasil)",
  es: "Español",
};

/** The language a catalogue file is for: its folder's name. */
function languageOf(path: string): string {
  return path.split("/").at(-2) ?? "";
}

/** A catalogue file's entries (messages and terms), parsed at build time. */
export type CatalogueEntries = FluentResource["body"];

// The catalogue files come parsed (`?parsed`, see src/build/): the page
// reads their entries as JSON instead of running Fluent's parser at start.
// English, the fallback, is in the page's script. Every other language is a
// chunk of its own (see vite.config.ts), fetched the first time it is
// shown: all three in the script made the cold start ~11 ms slower (463
// against 452 ms, median of 8 starts each in the real window), for two
// languages most users never see.
const ENGLISH = import.meta.glob<CatalogueEntries>(
  "../../../locales/en/*.ftl",
  {
    query: "?parsed",
    import: "default",
    eager: true,
  },
);
const OTHERS = import.meta.glob<CatalogueEntries>(
  ["../../../locales/*/*.ftl", "!../../../locales/en/*.ftl"],
  { query: "?parsed", import: "default" },
);

/** The catalogue files of each language fetched so far: [path, entries]. */
const fetched = new Map<string, [string, CatalogueEntries][]>([
  ["en", Object.entries(ENGLISH)],
]);

/** Fetches a language's catalogue files, once. */
async function fetchCatalogues(language: LanguageTag): Promise<void> {
  if (fetched.has(language)) return;
  const files = await Promise.all(
    Object.entries(OTHERS)
      .filter(([path]) => languageOf(path) === language)
      .map(async ([path, load]): Promise<[string, CatalogueEntries]> => [
        path,
        await load(),
      ]),
  );
  fetched.set(language, files);
}

/** The catalogue files of every language, fetched first where needed. */
export async function catalogueFiles(): Promise<
  Map<string, [string, CatalogueEntries][]>
> {
  await Promise.all(LANGUAGES.map(fetchCatalogues));
  return new Map(fetched);
}

function bundleFor(language: LanguageTag): FluentBundle {
  // No Unicode isolation marks around put-in values: they would reach the
  // screen reader and copied text, and tests could not read the text.
  const bundle = new FluentBundle(language, { useIsolating: false });
  for (const [path, body] of fetched.get(language) ?? []) {
    // A resource is its entries: these are the parser's own, made at build
    // time, so the bundle takes them as it would a FluentResource's.
    const errors = bundle.addResource({ body } as FluentResource);
    if (errors.length > 0)
      console.error(`catalogue ${path} has errors`, errors);
  }
  return bundle;
}

// Each language's catalogues are parsed the first time it is shown: parsing
// all three at start cost tens of milliseconds before the first paint, for
// two languages the page almost never shows.
const bundles = new Map<LanguageTag, FluentBundle>();
function bundleOf(language: LanguageTag): FluentBundle {
  let bundle = bundles.get(language);
  if (!bundle) {
    bundle = bundleFor(language);
    bundles.set(language, bundle);
  }
  return bundle;
}

const current = $state({ language: FALLBACK as LanguageTag });

/** The language shown now (read it in a template to follow changes). */
export const i18n = {
  get language(): LanguageTag {
    return current.language;
  },
};

/**
 * The best of `LANGUAGES` for a tag: itself, else the same language in
 * another region (`pt-PT` → `pt-BR`), else English.
 */
export function negotiate(tag: string): LanguageTag {
  const exact = LANGUAGES.find((l) => l.toLowerCase() === tag.toLowerCase());
  if (exact) return exact;
  const base = tag.toLowerCase().split(/[-_]/)[0];
  return (
    LANGUAGES.find((l) => l.toLowerCase().split("-")[0] === base) ?? FALLBACK
  );
}

let lastAsked = 0;

/**
 * Shows the page in `tag` from now on (negotiated against `LANGUAGES`): at
 * once if its catalogues are here, else once they are fetched, so the page
 * never shows a language it cannot yet speak. The latest call wins.
 */
export function setLanguage(tag: string): Promise<void> {
  const language = negotiate(tag);
  const asked = ++lastAsked;
  const show = () => {
    if (asked !== lastAsked) return;
    current.language = language;
    document.documentElement.lang = language;
  };
  if (fetched.has(language)) {
    show();
    return Promise.resolve();
  }
  return fetchCatalogues(language).then(show);
}

const reported = new Set<string>();

/**
 * The message `id` in the current language, with `args` put in. A missing
 * message (the catalogue tests forbid it) shows its id and is logged once.
 */
export function t(
  id: string,
  args?: Record<string, string | number | Date>,
): string {
  const bundle = bundleOf(current.language);
  const message = bundle.getMessage(id);
  if (!message?.value) {
    if (!reported.has(id)) {
      reported.add(id);
      console.error(`no message ${id} in ${current.language}`);
    }
    return id;
  }
  const errors: Error[] = [];
  const text = bundle.formatPattern(
    message.value,
    args as Record<string, FluentVariable> | undefined,
    errors,
  );
  if (errors.length > 0 && !reported.has(id)) {
    reported.add(id);
    console.error(`message ${id} formatted with errors`, errors);
  }
  return text;
}

// Formatting through Intl in the current language. Formatters are made
// once per language and style: making one costs more than formatting.

/**
 * The locale dates and numbers are written in: the desktop's own (en-GB's
 * 24-hour clock, es-AR's dates) when it speaks the language shown, else the
 * language itself, so the words and the numbers never disagree.
 */
export function regionalLocale(
  language: LanguageTag,
  desktop: string | undefined = globalThis.navigator?.language,
): string {
  const base = (tag: string) => tag.toLowerCase().split(/[-_]/)[0];
  if (desktop && base(desktop) === base(language)) {
    try {
      return Intl.getCanonicalLocales(desktop)[0] ?? language;
    } catch {
      return language;
    }
  }
  return language;
}

const cache = new Map<string, unknown>();
function made<T>(key: string, make: (locale: string) => T): T {
  const language = current.language;
  const full = `${language} ${key}`;
  let formatter = cache.get(full) as T | undefined;
  if (formatter === undefined) {
    formatter = make(regionalLocale(language));
    cache.set(full, formatter);
  }
  return formatter;
}

function dateTime(key: string, options: Intl.DateTimeFormatOptions) {
  return made(key, (l) => new Intl.DateTimeFormat(l, options));
}

type Unit = "second" | "minute" | "hour" | "day";
function unit(n: number, name: Unit, display: "short" | "narrow" = "short") {
  return made(
    `unit ${name} ${display}`,
    (l) =>
      new Intl.NumberFormat(l, {
        style: "unit",
        unit: name,
        unitDisplay: display,
      }),
  ).format(n);
}

/**
 * "14:05" (or "2:05 PM"), for message and event times: the language's own
 * short time, so English morning times read "9:05 AM", not "09:05 AM".
 */
export function formatTime(ms: number): string {
  return dateTime("time", { timeStyle: "short" }).format(ms);
}

/**
 * An hour of the day (0 to 23) as the language writes it: "14:00" (or
 * "2:00 PM"), or with `short` just the hour ("14", "2 PM") for an axis.
 */
export function formatHour(hour: number, short = false): string {
  // Any day will do: only its hour is written, in the local time zone.
  const at = new Date(2000, 0, 1, hour).getTime();
  return short
    ? dateTime("hour", { hour: "numeric" }).format(at)
    : formatTime(at);
}

/** "Tue, 12 Mar": a day. */
export function formatDate(ms: number): string {
  return dateTime("date", {
    weekday: "short",
    day: "numeric",
    month: "short",
  }).format(ms);
}

/** "Tue": a weekday. */
export function formatWeekday(ms: number): string {
  return dateTime("weekday", { weekday: "short" }).format(ms);
}

/** "12 Mar": a day of the year. */
export function formatDayMonth(ms: number): string {
  return dateTime("day month", { day: "numeric", month: "short" }).format(ms);
}

/**
 * "Tue, 12 Mar, 14:05": a full timestamp for tooltips, the day and the
 * time each as the language writes them (`timeStyle` cannot be combined
 * with a weekday in one format).
 */
export function formatDateTime(ms: number): string {
  return `${formatDate(ms)}, ${formatTime(ms)}`;
}

/** "1,234" / "1.234": a count. */
export function formatNumber(n: number): string {
  return made("number", (l) => new Intl.NumberFormat(l)).format(n);
}

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/**
 * How long something has lasted, in the two largest units: "45 sec",
 * "12 min", "1 hr 5 min", "2 days 3 hr" (each language's own abbreviations
 * and order, through `Intl.NumberFormat` units joined by `Intl.ListFormat`).
 */
export function formatDuration(ms: number): string {
  const s = Math.max(0, Math.floor(ms / SECOND));
  if (s < 60) return unit(s, "second");
  const m = Math.floor(s / 60);
  if (m < 60) return unit(m, "minute");
  const [big, small]: [[number, Unit], [number, Unit]] =
    m < 24 * 60
      ? [
          [Math.floor(m / 60), "hour"],
          [m % 60, "minute"],
        ]
      : [
          [Math.floor(m / (24 * 60)), "day"],
          [Math.floor(m / 60) % 24, "hour"],
        ];
  // "2 hr" rather than "2 hr 0 min".
  const shown = [unit(...big)];
  if (small[0] > 0) shown.push(unit(...small));
  return made(
    "unit list",
    (l) => new Intl.ListFormat(l, { style: "narrow", type: "unit" }),
  ).format(shown);
}

/** "5m", "3h": an age in one unit, as narrow as the language writes it. */
export function formatShortAge(ms: number): string {
  const m = Math.floor(Math.max(0, ms) / MINUTE);
  if (m < 60) return unit(m, "minute", "narrow");
  return unit(Math.floor(m / 60), "hour", "narrow");
}

function relative() {
  return made(
    "relative",
    (l) => new Intl.RelativeTimeFormat(l, { numeric: "auto" }),
  );
}

/** "now" in the current language. */
export function formatNow(): string {
  return relative().format(0, "second");
}

/** "yesterday", "today", "3 days ago": in the middle of a sentence or a row. */
export function formatDaysAgo(days: number): string {
  return relative().format(-days, "day");
}

/** Calendar days from `at`'s local day to `now`'s (0: same day). */
function daysBetween(at: number, now: number): number {
  const start = (ms: number) => {
    const d = new Date(ms);
    return Date.UTC(d.getFullYear(), d.getMonth(), d.getDate());
  };
  return Math.round((start(now) - start(at)) / DAY);
}

/**
 * "Today", "Yesterday" (in the current language), else the date: the day
 * separators of a history.
 */
export function formatRelativeDay(ms: number, now: number): string {
  const days = daysBetween(ms, now);
  if (days !== 0 && days !== 1) return formatDate(ms);
  const said = formatDaysAgo(days);
  return said.charAt(0).toLocaleUpperCase(current.language) + said.slice(1);
}
