/** How long the hover and code-lens providers take inside the extension host, VS Code's own round
 *  trip excluded: what the editor bench reports next to the round trip, through the extension API. */
export type ProviderKind = 'hover' | 'codeLens';

const KEEP = 5000;
const samples: Record<ProviderKind, number[]> = { hover: [], codeLens: [] };

function recordLatency(kind: ProviderKind, ms: number): void {
  const kept = samples[kind];
  kept.push(ms);
  if (kept.length > KEEP) kept.splice(0, kept.length - KEEP);
}

/** The milliseconds of the most recent calls, oldest first. */
export function providerLatency(): Record<ProviderKind, number[]> {
  return { hover: [...samples.hover], codeLens: [...samples.codeLens] };
}

/** Runs `provide` and records how long it took, including its awaits. */
export async function timedProvider<T>(kind: ProviderKind, provide: () => Promise<T>): Promise<T> {
  const started = performance.now();
  try {
    return await provide();
  } finally {
    recordLatency(kind, performance.now() - started);
  }
}
