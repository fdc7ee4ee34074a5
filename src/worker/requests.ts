/** The worker side of a request/reply protocol: each message is validated by `parse` and answered
 *  by `handle`; a message that fails either way is answered with an error carrying its id. */
import { parentPort } from 'node:worker_threads';
import { isRecord } from '../protocol/validate';

export interface ErrorReply { v: 1; type: 'error'; id: number; problem: string }

/** The number in `raw[field]` of a message that failed validation, so the reply can name it. */
export function numberField(raw: unknown, field: string): number | undefined {
  const value = isRecord(raw) ? raw[field] : undefined;
  return typeof value === 'number' ? value : undefined;
}

export function serveRequests<J, R>(bundle: string, parse: (raw: unknown) => J, handle: (job: J) => R): void {
  const port = parentPort;
  if (!port) throw new Error(`${bundle} runs inside a worker thread`);
  port.on('message', (raw: unknown) => {
    let reply: R | ErrorReply;
    try {
      reply = handle(parse(raw));
    } catch (e) {
      reply = { v: 1, type: 'error', id: numberField(raw, 'id') ?? -1, problem: e instanceof Error ? e.message : String(e) };
    }
    port.postMessage(reply);
  });
}
