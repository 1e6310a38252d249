// The fake backend's review: the four sections computed from its in-memory
// conversations by the store's definitions, simplified (English keywords
// plus a few Portuguese and Spanish ones; local days of the browser's zone).
// Good enough for the component tests and `npm run dev:mock`, not a second
// implementation to trust.

import type { Contact } from "../lib/bindings/Contact";
import type { Conversation } from "../lib/bindings/Conversation";
import type { Message } from "../lib/bindings/Message";
import type { Review } from "../lib/bindings/Review";
import type { ReviewPeriod } from "../lib/bindings/ReviewPeriod";
import type { ReviewRange } from "../lib/bindings/ReviewRange";
import type { ReviewSettings } from "../lib/bindings/ReviewSettings";
import type { TopicSummary } from "../lib/bindings/TopicSummary";

const DAY = 86_400_000;

export type ReviewSource = {
  contacts: Map<number, Contact>;
  conversations: Map<number, Conversation>;
  messages: Map<number, Message[]>;
  marks: Set<string>;
  settings: ReviewSettings;
};

export const DEFAULT_REVIEW_SETTINGS: ReviewSettings = {
  quiet_after_hours: 24,
  unanswered_phrases: [
    "couldn't find information",
    "could not find information",
    "não encontrei",
    "no encontré",
  ],
  topics: [],
};

const BUILT_IN = [
  {
    id: "price",
    name: "Price",
    keywords: ["price", "cost", "how much", "discount", "preço", "precio"],
  },
  {
    id: "hours",
    name: "Opening hours",
    keywords: ["open", "opening", "close", "hours", "horário", "horario"],
  },
];
const BUYING = ["price", "plan", "order", "buy", "quote", "discount", "units"];

function startOfDay(at: number): number {
  const d = new Date(at);
  d.setHours(0, 0, 0, 0);
  return d.getTime();
}

export function periodOf(range: ReviewRange, now: number): ReviewPeriod {
  const today = startOfDay(now);
  const zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
  const day = (d: { year: number; month: number; day: number }) =>
    new Date(d.year, d.month - 1, d.day).getTime();
  switch (range.kind) {
    case "yesterday":
      return { from: startOfDay(today - DAY / 2), to: today, zone };
    case "today":
      return { from: today, to: startOfDay(today + DAY * 1.5), zone };
    case "last_days":
      return {
        from: startOfDay(today - range.days * DAY + DAY / 2),
        to: today,
        zone,
      };
    case "days":
      return {
        from: day(range.first),
        to: startOfDay(day(range.last) + DAY * 1.5),
        zone,
      };
  }
}

const fold = (text: string) =>
  text
    .toLowerCase()
    .normalize("NFD")
    .replace(/[\u0300-\u036f]/g, "");
const groupKey = (text: string) =>
  [...new Set(fold(text).match(/[a-z0-9]{3,}/g) ?? [])].sort().join(" ");

export function fakeReview(
  src: ReviewSource,
  range: ReviewRange,
  now: number,
): Review {
  const period = periodOf(range, now);
  const inPeriod = (at: number) => at >= period.from && at < period.to;
  const contactOf = (c: Conversation) => ({
    id: c.contact_id,
    name: src.contacts.get(c.contact_id)?.name ?? "",
  });
  const phrases = src.settings.unanswered_phrases.map(fold);
  const notAnswer = (m: Message) =>
    m.author === "assistant" &&
    (m.unanswered ?? phrases.some((p) => fold(m.text).includes(p)));

  const groups = new Map<string, Review["unanswered"]["groups"][number]>();
  type Tally = TopicSummary & { keywords: string[] };
  const topics: Tally[] = [
    ...BUILT_IN,
    ...src.settings.topics.map((t) => ({
      id: `user:${t.name}`,
      name: t.name,
      keywords: t.keywords,
    })),
  ].map((t) => ({
    id: t.id,
    name: t.name,
    messages: 0,
    conversations: 0,
    unanswered: 0,
    top_questions: [],
    keywords: t.keywords.map(fold),
  }));
  const transfers: Review["transfers"]["transfers"] = [];
  const leads: Review["quiet_leads"] = [];

  for (const c of src.conversations.values()) {
    const list = src.messages.get(c.id) ?? [];
    const contact = contactOf(c);
    const topicConversations = new Set<string>();
    list.forEach((m, i) => {
      if (!inPeriod(m.created_at)) return;
      const prev = list
        .slice(0, i)
        .reverse()
        .find((p) => p.author === "customer");
      if (notAnswer(m)) {
        const key = `unanswered:${m.id}`;
        const words = prev ? groupKey(prev.text) : "";
        const group = groups.get(words) ?? { words, questions: [] };
        group.questions.push({
          key,
          reviewed: src.marks.has(key),
          place: { conversation_id: c.id, message_id: prev?.id ?? m.id },
          contact,
          question: prev?.text ?? null,
          asked_at: prev?.created_at ?? m.created_at,
          reply_id: m.id,
          reply: m.text,
        });
        groups.set(words, group);
      }
      if (m.author !== "customer") return;
      const next = list.slice(i + 1).find((n) => n.author !== "customer");
      for (const t of topics) {
        if (!t.keywords.some((k) => fold(m.text).includes(k))) continue;
        t.messages += 1;
        topicConversations.add(t.id);
        const unanswered = next !== undefined && notAnswer(next);
        if (unanswered) t.unanswered += 1;
        const known = t.top_questions.find(
          (q) => groupKey(q.text) === groupKey(m.text),
        );
        if (known) {
          known.count += 1;
          known.unanswered += Number(unanswered);
        } else
          t.top_questions.push({
            text: m.text,
            count: 1,
            unanswered: Number(unanswered),
            place: { conversation_id: c.id, message_id: m.id },
          });
      }
    });
    for (const t of topics) if (topicConversations.has(t.id)) t.conversations++;

    if (c.transferred_at !== null && inPeriod(c.transferred_at)) {
      const key = `transfer:${c.id}:${c.transferred_at}`;
      const system = list.find(
        (m) =>
          m.author === "system" && m.created_at >= c.transferred_at! - 60_000,
      );
      const reply = list.find(
        (m) => m.author === "agent" && m.created_at >= c.transferred_at!,
      );
      transfers.push({
        key,
        reviewed: src.marks.has(key),
        place: { conversation_id: c.id, message_id: system?.id ?? null },
        contact,
        reason: c.transfer_reason,
        transferred_at: c.transferred_at,
        first_human_reply_at: reply?.created_at ?? null,
        resolution:
          c.status === "closed"
            ? "closed"
            : c.status === "open"
              ? "resumed"
              : null,
      });
    }

    const customers = list.filter((m) => m.author === "customer");
    const lastCustomer = customers[customers.length - 1];
    const interest = customers.find(
      (m) =>
        inPeriod(m.created_at) && BUYING.some((b) => fold(m.text).includes(b)),
    );
    const lastMessage = list[list.length - 1];
    if (
      interest &&
      lastCustomer &&
      c.status === "open" &&
      lastMessage.author === "assistant" &&
      now - lastCustomer.created_at > src.settings.quiet_after_hours * 3_600_000
    ) {
      const key = `lead:${c.id}:${lastCustomer.id}`;
      leads.push({
        key,
        reviewed: src.marks.has(key),
        place: { conversation_id: c.id, message_id: interest.id },
        contact,
        interest: interest.text,
        last_customer_at: lastCustomer.created_at,
        assistant_said: lastMessage.text,
        assistant_message_id: lastMessage.id,
      });
    }
  }

  const grouped = [...groups.values()].sort(
    (a, b) => b.questions.length - a.questions.length,
  );
  transfers.sort((a, b) => b.transferred_at - a.transferred_at);
  leads.sort((a, b) => b.last_customer_at - a.last_customer_at);
  const reasons = new Map<string, number>();
  const byHour = Array.from({ length: 24 }, () => 0);
  for (const t of transfers) {
    reasons.set(t.reason ?? "", (reasons.get(t.reason ?? "") ?? 0) + 1);
    byHour[new Date(t.transferred_at).getHours()] += 1;
  }
  const answeredIn = transfers
    .filter((t) => t.first_human_reply_at !== null)
    .map((t) => t.first_human_reply_at! - t.transferred_at)
    .sort((a, b) => a - b);
  const pick = (q: number) =>
    answeredIn.length
      ? answeredIn[
          Math.min(answeredIn.length - 1, Math.floor(q * answeredIn.length))
        ]
      : null;
  const waiting = transfers
    .filter((t) => t.first_human_reply_at === null && t.resolution === null)
    .sort((a, b) => a.transferred_at - b.transferred_at)[0];
  const perContact = new Map<number, typeof transfers>();
  for (const t of transfers)
    perContact.set(t.contact.id, [...(perContact.get(t.contact.id) ?? []), t]);
  const marked = [
    ...grouped.flatMap((g) => g.questions.map((q) => q.reviewed)),
    ...transfers.map((t) => t.reviewed),
    ...leads.map((l) => l.reviewed),
  ];
  return {
    period,
    unanswered: {
      groups: grouped,
      total: grouped.reduce((n, g) => n + g.questions.length, 0),
    },
    topics: topics.map((t): TopicSummary => ({
      id: t.id,
      name: t.name,
      messages: t.messages,
      conversations: t.conversations,
      unanswered: t.unanswered,
      top_questions: t.top_questions
        .sort((a, b) => b.count - a.count)
        .slice(0, 5),
    })),
    transfers: {
      transfers,
      by_reason: [...reasons]
        .map(([reason, count]) => ({ reason, count }))
        .sort((a, b) => b.count - a.count),
      by_hour: byHour,
      repeated_contacts: [...perContact.values()]
        .filter((list) => list.length > 1)
        .map((list) => ({
          contact: list[0].contact,
          transfers: list.length,
          place: list[0].place,
        })),
      time_to_human: {
        answered: answeredIn.length,
        median_ms: pick(0.5),
        p90_ms: pick(0.9),
        longest_waiting: waiting
          ? {
              place: waiting.place,
              contact: waiting.contact,
              waiting_ms: now - waiting.transferred_at,
            }
          : null,
      },
    },
    quiet_leads: leads,
    items: marked.length,
    reviewed: marked.filter(Boolean).length,
  };
}
