// What the Review copies and says about its period, in each language.
import { afterEach, describe, expect, test } from "vitest";
import type { QuestionGroup } from "./bindings/QuestionGroup";
import { setLanguage } from "./i18n.svelte";
import { knowledgeBaseText, periodWords } from "./review";

function group(...questions: (string | null)[]): QuestionGroup {
  return {
    words: "ship azores",
    questions: questions.map((question, i) => ({
      key: `q${i}`,
      reviewed: false,
      place: { conversation_id: i, message_id: i },
      contact: { id: i, name: "Ana" },
      question,
      asked_at: 0,
      reply_id: i,
      reply: "Sorry, I don't know.",
    })),
  };
}

describe("the review's words", () => {
  afterEach(() => setLanguage("en"));

  test("the Knowledge Base text counts each group with the language's plural", () => {
    const groups = [
      group("Do you ship to the Azores?", "do you ship to the Azores"),
      group("Aceitam Pix?"),
    ];
    expect(knowledgeBaseText(groups)).toBe(
      "Questions the assistant couldn't answer:\n\n" +
        "Do you ship to the Azores? — asked 2 times\n  - do you ship to the Azores\n\n" +
        "Aceitam Pix? — asked 1 time\n",
    );
    setLanguage("es");
    const spanish = knowledgeBaseText(groups);
    expect(spanish, "a Spanish heading").toMatch(
      /^Preguntas que el asistente no pudo responder:/,
    );
    expect(spanish, "many").toContain("— preguntada 2 veces");
    expect(spanish, "one").toContain("Aceitam Pix? — preguntada 1 vez");
    expect(
      knowledgeBaseText([group(null)]),
      "a question not downloaded yet is said so in Spanish",
    ).toContain("(pregunta no descargada)");
  });

  test("the period is named in the sentence's language", () => {
    expect(periodWords({ kind: "last_days", days: 7 })).toBe(
      "in the last 7 days",
    );
    setLanguage("pt-BR");
    expect(periodWords({ kind: "last_days", days: 7 })).toBe(
      "nos últimos 7 dias",
    );
    expect(periodWords({ kind: "yesterday" })).toBe("ontem");
  });
});
