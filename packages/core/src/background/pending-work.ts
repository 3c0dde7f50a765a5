/** What runs after responses (background tasks, cleanups): `app.close()` waits for it. */
export class PendingWork {
  readonly #running = new Set<Promise<unknown>>();

  track(work: Promise<unknown>): void {
    this.#running.add(work);
    void work.finally(() => this.#running.delete(work));
  }

  async drain(): Promise<void> {
    while (this.#running.size > 0) await Promise.allSettled([...this.#running]);
  }
}
