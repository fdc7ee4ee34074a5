// `# expect:` annotations of the corpus, read the same way by the unit and integration tests.

export interface Expected {
  sites: string[];
  findings: string[];
  users: string[];
  /** Diagnostics (also listed as findings) that must offer no quick fix, because none is safe. */
  unfixed: string[];
}

/** The `# expect: site=a,b finding=r user=name unfixed=r` annotation of every line that has one. */
export function expectations(text: string): Map<number, Expected> {
  const byLine = new Map<number, Expected>();
  text.split('\n').forEach((line, i) => {
    const m = /# expect: (.*)$/.exec(line);
    if (!m?.[1]) return;
    const expected: Expected = { sites: [], findings: [], users: [], unfixed: [] };
    for (const part of m[1].trim().split(/\s+/)) {
      const [key, value] = part.split('=');
      const list = key === 'site' ? expected.sites : key === 'finding' ? expected.findings : key === 'user' ? expected.users : key === 'unfixed' ? expected.unfixed : undefined;
      if (!list || !value) throw new Error(`bad annotation on line ${i + 1}: ${part}`);
      list.push(...value.split(','));
    }
    const stray = expected.unfixed.filter((r) => !expected.findings.includes(r));
    if (stray.length > 0) throw new Error(`line ${i + 1}: unfixed ${stray.join(',')} is not also a finding`);
    byLine.set(i, expected);
  });
  return byLine;
}
