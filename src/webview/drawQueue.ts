/** One draw at a time, and bursts of requests (a dragged slider, streamed points) coalesced into
 *  a single draw of the latest state after the one in progress, instead of a draw per request. */
export class DrawQueue {
  private drawing = Promise.resolve();
  private queued = false;

  constructor(
    private readonly draw: () => Promise<void>,
    private readonly report: (problem: string) => void,
  ) {}

  request(): void {
    if (this.queued) return;
    this.queued = true;
    this.drawing = this.drawing
      .then(() => {
        this.queued = false;
        return this.draw();
      })
      .catch((e: unknown) => this.report(`could not draw: ${e instanceof Error ? e.message : String(e)}`));
  }
}
