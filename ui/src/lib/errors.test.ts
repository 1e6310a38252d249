// A failed command reads in the user's language: the sentence comes from
// the error's code, and the shell's English only follows as a detail where
// it is a technical one worth reporting.
import { afterEach, describe, expect, test } from "vitest";
import type { IpcErrorCode } from "./bindings/IpcErrorCode";
import { errorText } from "./errors";
import { LANGUAGES, setLanguage } from "./i18n.svelte";
import { ApiError } from "./ipc";

const CODES: IpcErrorCode[] = [
  "not_signed_in",
  "unauthorized",
  "invalid_input",
  "insecure_connection",
  "unsent_writes_of_another_user",
  "account_not_found",
  "not_found",
  "handled_by_someone_else",
  "unreachable",
  "store",
  "internal",
];

const ENGLISH = "the shell said this in English";

describe("an error in the user's language", () => {
  afterEach(() => setLanguage("en"));

  test("every code has its own sentence in every language, never the English message", () => {
    for (const language of LANGUAGES) {
      setLanguage(language);
      const sentences = new Set<string>();
      for (const code of CODES) {
        const text = errorText({ code, message: ENGLISH });
        expect(text, `${language} ${code}: a sentence, not an id`).not.toMatch(
          /^app-error/,
        );
        sentences.add(text.split(ENGLISH)[0]);
        if (
          ["invalid_input", "unreachable", "store", "internal"].includes(code)
        )
          expect(
            text,
            `${language} ${code}: the detail is kept, to act on or report`,
          ).toMatch(new RegExp(`\\S.* ${ENGLISH}$`));
        else
          expect(
            text,
            `${language} ${code}: the English message is not what the user reads`,
          ).not.toContain(ENGLISH);
      }
      expect(
        sentences.size,
        `${language}: each kind of failure says something different`,
      ).toBe(CODES.length);
    }
  });

  test("a refused token reads in Portuguese without a word of the shell's English", () => {
    setLanguage("pt-BR");
    expect(
      errorText(
        new ApiError({
          code: "unauthorized",
          message: "signed out: the backend refused the token",
        }),
      ),
    ).toBe("O servidor recusou o token. Entre de novo.");
  });

  test("the colleague who holds a conversation is named in the sentence", () => {
    setLanguage("pt-BR");
    const refused = {
      code: "handled_by_someone_else",
      message: "Ana is handling conversation 12",
      holder: "Ana",
    };
    expect(errorText(refused)).toBe("Ana está atendendo esta conversa.");
    setLanguage("es");
    expect(errorText(refused)).toBe("Ana está atendiendo esta conversación.");
    expect(
      errorText({ code: "handled_by_someone_else", message: "busy" }),
      "a holder the shell could not name is still said in the language",
    ).toBe("Otra persona está atendiendo esta conversación.");
  });

  test("an unreachable server keeps the OS error after the translated sentence", () => {
    setLanguage("pt-BR");
    expect(
      errorText({
        code: "unreachable",
        message: "connection refused (os error 111)",
      }),
    ).toBe(
      "Não foi possível acessar o servidor. Tente de novo mais tarde. Detalhes: connection refused (os error 111)",
    );
  });
});
