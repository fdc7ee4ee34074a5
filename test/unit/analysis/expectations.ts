// `# expect:` annotations of the corpus, read the same way by the unit and integration tests.

export interface Expected {
  sites: string[];
  findings: string[];
  users: string[];
}

/** The `# expect: site=a,b finding=r user=name` annotation of every line that has one. */
export function expectations(text: string): Map<number, Expected> {
  const byLine = new Map<number, Expected>();
  text.split('\n').forEach((line, i) => {
    const m = /# expect: (.*)$/.exec(line);
    if (!m?.[1]) return;
    const expected: Expected = { sites: [], findings: [], users: [] };
    for (const part of m[1].trim().split(/\s+/)) {
      const [key, value] = part.split('=');
      const list = key === 'site' ? expected.sites : key === 'finding' ? expected.findings : key === 'user' ? expected.users : undefined;
      if (!list || !value) throw new Error(`bad annotation on line ${i + 1}: ${part}`);
      list.push(...value.split(','));
    }
    byLine.set(i, expected);
  });
  return byLine;
}
