// "Latest answer wins": a screen that asks again (another filter, another
// conversation, another search) must not be overwritten by the slow answer
// to an earlier question that arrives last.

/** Whether an answer is still wanted when it arrives. */
export type Ticket = { readonly stale: boolean };

/** Keeps only the answers to the newest question asked through it. */
export class LatestOnly {
  #generation = 0;

  /** A new question: every answer to an earlier one becomes stale. */
  start(): Ticket {
    return this.#ticket(++this.#generation);
  }

  /**
   * News that came by itself (an event from the shell) and is newer than
   * any answer on its way: those answers become stale, as by a `start`.
   */
  heard(): void {
    this.#generation++;
  }

  /**
   * More of the current question (the next page, a refresh of what it
   * shows): it does not make earlier answers stale, but the next `start` does.
   */
  join(): Ticket {
    return this.#ticket(this.#generation);
  }

  #ticket(mine: number): Ticket {
    const owner = this;
    return {
      get stale() {
        return mine !== owner.#generation;
      },
    };
  }
}
