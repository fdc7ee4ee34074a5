/** The page's side of a panel protocol, for every panel app (figures, sweep): what the host sends is
 *  validated by the protocol's parser before the app sees it (a malformed message is reported,
 *  never acted on), the state kept across reloads is read back validated, and the page's problems
 *  go to its status line and to the host's log. */
import type { ProblemFromPage } from '../protocol/panel';
import { vscodeApi } from './vscodeApi';

export class HostChannel<FromHost, ToHost extends { type: string }> {
  constructor(
    private readonly status: HTMLElement,
    private readonly parse: (raw: unknown) => FromHost,
  ) {}

  /** Hands each valid message from the host to `onMessage`; returns the state saved before a
   *  reload, validated by `parseState` (undefined when there is none or it is unreadable). */
  listen<S>(onMessage: (m: FromHost) => void, parseState: (raw: unknown) => S): S | undefined {
    window.addEventListener('message', (e: MessageEvent) => {
      let m: FromHost;
      try {
        m = this.parse(e.data);
      } catch (error) {
        this.report(`ignored a malformed message: ${(error as Error).message}`);
        return;
      }
      onMessage(m);
    });
    try {
      const saved = vscodeApi().getState();
      return saved ? parseState(saved) : undefined;
    } catch (error) {
      this.report(`could not restore the panel: ${(error as Error).message}`);
      return undefined;
    }
  }

  post(m: ToHost): void {
    vscodeApi().postMessage(m);
  }

  /** Shows a problem on the page and tells the host. */
  report(message: string): void {
    reportProblem(this.status, message);
  }
}

/** Shows a problem in the page's status line and sends it to the host's log: also for what goes
 *  wrong before an app and its channel exist (the page's translations). */
export function reportProblem(status: HTMLElement, message: string): void {
  status.textContent = message;
  vscodeApi().postMessage({ v: 1, type: 'problem', message } satisfies ProblemFromPage);
}
