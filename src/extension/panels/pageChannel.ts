/** The message discipline between the extension and one panel page, without VS Code (webviewHost.ts
 *  wires it to a webview): what the page sends is validated by its protocol's parser before anything
 *  acts on it, the page's 'ready' and 'problem' are answered here, and what is sent to the page waits
 *  until it has said ready. */
import type { ProblemFromPage } from '../../protocol/panel';

export interface Typed {
  type: string;
}

/** The messages from a page that the channel handles itself. */
export type ChannelHandled = 'ready' | 'problem';

export interface PageProtocol<ToPage extends Typed, FromPage extends Typed> {
  /** Who log lines name, e.g. "curves panel". */
  name: string;
  /** The protocol's validator of what the page sends; it throws on a malformed message. */
  parse(raw: unknown): FromPage;
  /** A validated message from the page other than 'ready' and 'problem'. */
  onMessage?(m: Exclude<FromPage, { type: ChannelHandled }>): void | Promise<void>;
  /** The page (re)loaded and said ready, before what waited is sent; what is posted now goes straight to it. */
  onReady?(): void;
  /** What still waits for the page once `m` is posted before it is ready (default: everything, in order). */
  whileLoading?(waiting: readonly ToPage[], m: ToPage): ToPage[];
}

export class PageChannel<ToPage extends Typed, FromPage extends Typed> {
  private ready = false;
  private waiting: ToPage[] = [];

  constructor(
    private readonly deliver: (m: ToPage) => void,
    private readonly protocol: PageProtocol<ToPage, FromPage>,
    private readonly warn: (line: string) => void,
  ) {}

  /** The page has said ready (what is posted now reaches it at once). */
  get isReady(): boolean {
    return this.ready;
  }

  post(m: ToPage): void {
    if (!this.ready) {
      this.waiting = this.protocol.whileLoading ? this.protocol.whileLoading(this.waiting, m) : [...this.waiting, m];
      return;
    }
    this.deliver(m);
  }

  /** A message from the page, as it arrived. */
  async receive(raw: unknown): Promise<void> {
    let m: FromPage;
    try {
      m = this.protocol.parse(raw);
    } catch (e) {
      this.warn(`ignored a malformed message from the ${this.protocol.name}: ${e instanceof Error ? e.message : String(e)}`);
      return;
    }
    if (m.type === 'ready') {
      this.ready = true;
      this.protocol.onReady?.();
      for (const w of this.waiting.splice(0)) this.deliver(w);
    } else if (m.type === 'problem') {
      this.warn(`${this.protocol.name}: ${(m as Typed as ProblemFromPage).message}`);
    } else {
      await this.protocol.onMessage?.(m as Exclude<FromPage, { type: ChannelHandled }>);
    }
  }
}

type WhileLoading<ToPage extends Typed> = NonNullable<PageProtocol<ToPage, Typed>['whileLoading']>;

/** A whileLoading rule: a message of type `whole` replaces the waiting one of its type and the
 *  waiting messages of the `parts` types (the updates of what it replaces); the rest wait in order. */
export function replaceWaiting<ToPage extends Typed>(whole: ToPage['type'], parts: readonly ToPage['type'][]): WhileLoading<ToPage> {
  return (waiting, m) => [...(m.type === whole ? waiting.filter((w) => w.type !== whole && !parts.includes(w.type)) : waiting), m];
}

/** A whileLoading rule for a page that gets its whole state on every ready (onReady): only
 *  messages of the `kept` types wait; the others are in that state already. */
export function waitOnly<ToPage extends Typed>(kept: readonly ToPage['type'][]): WhileLoading<ToPage> {
  return (waiting, m) => (kept.includes(m.type) ? [...waiting, m] : [...waiting]);
}
