// Realistic, deterministic demo data for `npm run dev:mock`.

import type { Contact } from "../lib/bindings/Contact";
import type { Conversation } from "../lib/bindings/Conversation";
import type { Message } from "../lib/bindings/Message";
import type { FakeData } from "./fakeBackend";

const FIRST = [
  "Maria",
  "João",
  "Lucas",
  "Fernanda",
  "Priya",
  "Chen",
  "Amara",
  "Oliver",
  "Sofia",
  "Mateo",
  "Aisha",
  "Noah",
  "Yuki",
  "Elena",
  "Kwame",
  "Isabel",
  "Tomás",
  "Hannah",
  "Ravi",
  "Léa",
];
const LAST = [
  "Silva",
  "Santos",
  "Oliveira",
  "Patel",
  "Wang",
  "Okafor",
  "Smith",
  "García",
  "Rossi",
  "Hernández",
  "Khan",
  "Müller",
  "Tanaka",
  "Petrova",
  "Mensah",
  "Costa",
  "Ribeiro",
  "Schmidt",
  "Sharma",
  "Dubois",
];
const CHANNELS = ["whatsapp", "web", "whatsapp", "email", "instagram"];
const PLANS = ["Basic", "Plus", "Premium"];
const CITIES = [
  "São Paulo",
  "Lisbon",
  "Berlin",
  "Austin",
  "Lagos",
  "Pune",
  "Osaka",
  "Madrid",
];

/** Each script: customer and assistant turns; some end in a transfer. */
const SCRIPTS: {
  turns: [author: "customer" | "assistant", text: string][];
  transfer?: string;
}[] = [
  {
    turns: [
      [
        "customer",
        "Hi! My order #48213 hasn't arrived yet, it was due on Monday.",
      ],
      [
        "assistant",
        "I'm sorry about the delay. Let me check order #48213 for you.",
      ],
      [
        "assistant",
        "It's with the carrier and should arrive tomorrow before 6 pm. You can track it here: https://track.example.com/48213",
      ],
      ["customer", "Great, thanks!"],
    ],
  },
  {
    turns: [
      ["customer", "I was charged twice for my subscription this month."],
      [
        "assistant",
        "I can see two charges of $29.90 on March 3rd. I'll pass this to a colleague who can issue the refund.",
      ],
      ["customer", "Please do, I need that money back this week."],
    ],
    transfer: "Refund request",
  },
  {
    turns: [
      ["customer", "Do you deliver to Porto?"],
      [
        "assistant",
        "Yes! Deliveries to Porto take 2–3 business days, free above €40.",
      ],
    ],
  },
  {
    turns: [
      ["customer", "How do I change the email on my account?"],
      [
        "assistant",
        "Go to Settings → Account → Email, enter the new address and confirm the link we send you.",
      ],
      ["customer", "Done, thank you"],
    ],
  },
  {
    turns: [
      ["customer", "Can I get a discount if I buy 50 units for my store?"],
      [
        "assistant",
        "For orders above 30 units we offer business pricing. A specialist will contact you with a quote.",
      ],
      ["customer", "Ok, I'm waiting. Can it be today?"],
    ],
    transfer: "Price negotiation",
  },
  {
    turns: [
      ["customer", "The app crashes when I open the invoices tab."],
      [
        "assistant",
        "Sorry about that! Could you tell me which version of the app you are using?",
      ],
      ["customer", "4.12.1 on Android"],
      [
        "assistant",
        "Thanks. Please try updating to 4.12.3, which fixes a crash on that screen.",
      ],
    ],
  },
  {
    turns: [
      ["customer", "I want to talk to a person, not a bot."],
      ["assistant", "Of course, I'm transferring you to a human agent now."],
    ],
    transfer: "Customer asked for a human",
  },
  {
    turns: [
      ["customer", "What time do you open on Saturdays?"],
      ["assistant", "On Saturdays our stores open from 9 am to 6 pm."],
    ],
  },
  {
    turns: [
      [
        "customer",
        "My package arrived damaged, the box was completely crushed.",
      ],
      [
        "assistant",
        "I'm really sorry. Could you send a photo of the package and the product?",
      ],
      ["customer", "Sent the photos by email just now"],
    ],
    transfer: "Damaged delivery",
  },
];

/** A small seeded generator, so every run shows the same data. */
function random(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function demoData(count: number, now: number): FakeData {
  const rnd = random(42);
  const pick = <T>(list: T[]) => list[Math.floor(rnd() * list.length)];
  const contacts: Contact[] = [];
  const conversations: Conversation[] = [];
  const messages: Message[] = [];
  let messageId = 1;
  let seq = 1;
  const contactCount = Math.max(1, Math.ceil(count * 0.7));
  for (let i = 1; i <= contactCount; i++) {
    const first = FIRST[(i * 7) % FIRST.length];
    const last = LAST[(i * 13 + Math.floor(i / FIRST.length)) % LAST.length];
    const slug = `${first}.${last}`
      .toLowerCase()
      .normalize("NFD")
      .replace(/[^a-z.]/g, "");
    contacts.push({
      id: i,
      name: `${first} ${last}`,
      phone:
        rnd() < 0.85
          ? `+55 11 9${String(1000 + ((i * 7919) % 9000))}-${String(1000 + ((i * 104729) % 9000))}`
          : null,
      email: rnd() < 0.75 ? `${slug}${i > 40 ? i : ""}@example.com` : null,
      external_id: rnd() < 0.6 ? `CUST-${String(100000 + i * 37)}` : null,
      chat_id: `wa-${5511900000000 + i * 17}`,
      attributes:
        rnd() < 0.7
          ? {
              Plan: pick(PLANS),
              City: pick(CITIES),
              "Orders placed": String(1 + Math.floor(rnd() * 40)),
            }
          : {},
      created_at: now - 90 * 86_400_000,
      updated_seq: seq++,
    });
  }
  for (let i = 1; i <= count; i++) {
    const script = SCRIPTS[(i * 5) % SCRIPTS.length];
    // Recent conversations are dense, older ones spread over weeks.
    const age = i < 40 ? i * i * 40_000 : i * 3_600_000 * (1 + rnd());
    const last = Math.round(now - age);
    const contactId = ((i - 1) % contactCount) + 1;
    const transferred = script.transfer !== undefined && i < 60;
    const closed = !transferred && (i > 25 ? rnd() < 0.6 : rnd() < 0.15);
    let t = last - script.turns.length * 45_000;
    for (const [author, text] of script.turns) {
      messages.push({
        id: messageId++,
        conversation_id: i,
        author,
        agent_id: null,
        agent_name: null,
        text,
        created_at: t,
        seq: seq++,
      });
      t += 45_000;
    }
    if (transferred) {
      messages.push({
        id: messageId++,
        conversation_id: i,
        author: "system",
        agent_id: null,
        agent_name: null,
        text: `Transferred to a human: ${script.transfer}`,
        created_at: last - 20_000,
        seq: seq++,
      });
    }
    if (closed) {
      messages.push({
        id: messageId++,
        conversation_id: i,
        author: "system",
        agent_id: null,
        agent_name: null,
        text: "Closed by the assistant",
        created_at: last,
        seq: seq++,
      });
    }
    const lastText = script.turns[script.turns.length - 1][1];
    conversations.push({
      id: i,
      contact_id: contactId,
      channel: pick(CHANNELS),
      status: transferred ? "transferred" : closed ? "closed" : "open",
      assistant_state: transferred ? "paused" : "active",
      transfer_reason: transferred ? (script.transfer ?? null) : null,
      transferred_at: transferred ? last - 20_000 : null,
      created_at: last - 3_600_000,
      last_activity_at: last,
      last_message_preview: lastText,
      message_count: null,
      // A colleague handles some transfers, as in the backend's demo.
      assignee: transferred && i % 3 === 0 ? { id: 8, name: "Bea" } : null,
      snooze: null,
      updated_seq: seq++,
    });
  }
  // One long conversation, to show loading older history on scroll.
  const long = conversations[2];
  const base = long.last_activity_at - 200 * 60_000;
  for (let k = 0; k < 120; k++) {
    messages.push({
      id: messageId++,
      conversation_id: long.id,
      author: k % 2 ? "assistant" : "customer",
      agent_id: null,
      agent_name: null,
      text:
        k % 2
          ? `Answer ${k}: happy to help with that.`
          : `Question ${k}: one more thing about my order…`,
      created_at: base + k * 60_000,
      seq: seq++,
    });
  }
  // Agent replies in a transferred conversation.
  const taken = conversations.find((c) => c.status === "transferred");
  if (taken) {
    messages.push({
      id: messageId++,
      conversation_id: taken.id,
      author: "agent",
      agent_id: 9,
      agent_name: "Bruno Lima",
      text: "Hi, I'm Bruno from the billing team. I'm looking into this now.",
      created_at: taken.last_activity_at - 5_000,
      seq: seq++,
    });
  }
  seq = yesterday(now, count, contactCount, conversations, messages, seq);
  messages.sort((a, b) => a.created_at - b.created_at);
  // Ids follow time, as the backend assigns them.
  messages.forEach((m, index) => (m.id = index + 1));
  return { contacts, conversations, messages };
}

/**
 * Yesterday's traffic for the Review: questions the assistant could not
 * answer (some asked twice), price and opening-hours questions, transfers
 * (one contact twice), and leads that went quiet.
 */
const YESTERDAY: {
  hour: number;
  contact: number;
  turns: [author: "customer" | "assistant" | "agent", text: string][];
  transfer?: string;
  /** The conversation stays open with the assistant's last word: a lead gone quiet. */
  open?: boolean;
}[] = [
  {
    hour: 9,
    contact: 3,
    turns: [
      ["customer", "Do you ship to the Azores?"],
      ["assistant", "Sorry, I couldn't find information about that."],
    ],
  },
  {
    hour: 11,
    contact: 5,
    turns: [
      ["customer", "do you ship to the Azores"],
      ["assistant", "Sorry, I couldn't find information about that."],
      ["customer", "Ok, I'll ask again later"],
    ],
  },
  {
    hour: 10,
    contact: 6,
    turns: [
      ["customer", "Vocês aceitam Pix?"],
      ["assistant", "Desculpe, não encontrei essa informação."],
    ],
  },
  {
    hour: 14,
    contact: 7,
    turns: [
      ["customer", "What is the price of the Premium plan for 5 users?"],
      [
        "assistant",
        "Premium is $49 per user per month; for 5 users that's $245, billed monthly. Would you like me to start the order?",
      ],
    ],
    open: true,
  },
  {
    hour: 16,
    contact: 8,
    turns: [
      ["customer", "How much is shipping for an order of 20 units?"],
      [
        "assistant",
        "Shipping is free above €40, so your order ships free. Shall I reserve the 20 units for you?",
      ],
    ],
    open: true,
  },
  {
    hour: 8,
    contact: 9,
    turns: [
      ["customer", "What time do you open on Sunday?"],
      ["assistant", "On Sundays our stores open from 10 am to 4 pm."],
    ],
  },
  {
    hour: 19,
    contact: 10,
    turns: [
      ["customer", "¿A qué hora cierran hoy?"],
      ["assistant", "Hoy cerramos a las 20:00."],
    ],
  },
  {
    hour: 12,
    contact: 11,
    turns: [
      ["customer", "I was charged twice, I want my money back."],
      ["assistant", "I'm passing this to a colleague who can issue refunds."],
      ["agent", "Hi, I'm Bruno from billing: the refund is on its way."],
    ],
    transfer: "Refund request",
  },
  {
    hour: 15,
    contact: 11,
    turns: [
      ["customer", "The refund still hasn't arrived."],
      ["assistant", "I'll transfer you to the billing team right away."],
    ],
    transfer: "Refund request",
  },
  {
    hour: 17,
    contact: 12,
    turns: [
      ["customer", "I need to speak to a person about a contract."],
      ["assistant", "Of course, transferring you to a human agent now."],
      ["agent", "Hello! Ana here, how can I help with the contract?"],
    ],
    transfer: "Customer asked for a human",
  },
];

function yesterday(
  now: number,
  count: number,
  contactCount: number,
  conversations: Conversation[],
  messages: Message[],
  seq: number,
): number {
  const start = new Date(now);
  start.setDate(start.getDate() - 1);
  start.setHours(0, 0, 0, 0);
  YESTERDAY.forEach((script, n) => {
    const id = count + 1 + n;
    const contactId = ((script.contact - 1) % contactCount) + 1;
    const first = start.getTime() + script.hour * 3_600_000 + n * 60_000;
    let t = first;
    let transferredAt: number | null = null;
    script.turns.forEach(([author, text], k) => {
      if (script.transfer && author === "agent")
        t += 6 * 60_000 * ((n % 4) + 1);
      messages.push({
        id: 0,
        conversation_id: id,
        author,
        agent_id: author === "agent" ? 9 : null,
        agent_name:
          author === "agent"
            ? (text
                .match(/I'm (\w+)|(\w+) here/)
                ?.slice(1)
                .find(Boolean) ?? "Bruno")
            : null,
        text,
        created_at: t,
        seq: seq++,
      });
      if (script.transfer && k === 1) {
        transferredAt = t + 1_000;
        messages.push({
          id: 0,
          conversation_id: id,
          author: "system",
          agent_id: null,
          agent_name: null,
          text: `Transferred to a human: ${script.transfer}`,
          created_at: transferredAt,
          seq: seq++,
          event: { kind: "transferred", reason: script.transfer },
        });
      }
      t += 40_000;
    });
    const last = t - 40_000;
    conversations.push({
      id,
      contact_id: contactId,
      channel: "whatsapp",
      status: script.transfer ? "transferred" : script.open ? "open" : "closed",
      assistant_state: script.transfer ? "paused" : "active",
      transfer_reason: script.transfer ?? null,
      transferred_at: transferredAt,
      created_at: first,
      last_activity_at: last,
      last_message_preview: script.turns[script.turns.length - 1][1],
      message_count: null,
      assignee: null,
      snooze: null,
      updated_seq: seq++,
    });
  });
  return seq;
}
