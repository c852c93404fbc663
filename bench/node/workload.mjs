// The engine benchmark's CPU-bound workload: build `count` page-like objects and transform them.
// EngineBenchmark runs these exact bytes as a Warden rule's library; transform.mjs runs them under node.
// `mark(phase)` is called at the end of each phase; the timed runs pass nothing.
export function transform(count, mark = () => {}) {
  const pages = [];
  for (let i = 0; i < count; i++) {
    pages.push({
      id: String(100000 + i),
      title: 'Quarterly report ' + i,
      space: 'SPACE' + (i % 25),
      version: (i % 9) + 1,
      labels: i % 4 === 0 ? ['confidential', 'finance'] : ['public'],
      author: { id: 'u' + (i % 300), name: 'User ' + (i % 300) },
      createdAt: 1700000000000 + i * 60000,
    });
  }
  mark('build');
  const flagged = pages
    .filter((p) => p.labels.includes('confidential'))
    .map((p) => ({ id: p.id, title: p.title.toUpperCase(), space: p.space, owner: p.author.id, edits: p.version }));
  const editsBySpace = {};
  for (const p of pages) {
    editsBySpace[p.space] = (editsBySpace[p.space] ?? 0) + p.version;
  }
  mark('filterMapGroup');
  const text = JSON.stringify(pages);
  mark('stringify');
  const copy = JSON.parse(text);
  mark('parse');
  let checksum = 0;
  for (const p of copy) {
    checksum = (checksum * 31 + p.title.length + p.version + p.labels.length) % 1000000007;
  }
  const report = JSON.stringify({ flagged, editsBySpace });
  mark('checksumReport');
  return { pages: copy.length, flagged: flagged.length, spaces: Object.keys(editsBySpace).length,
    reportChars: report.length, checksum };
}

// Where the time goes: ms per phase, averaged over `iterations`. Date.now(), because the rule sandbox has no
// performance.now(); its 1 ms ticks average out over many iterations.
export function phaseTimes(count, iterations) {
  const totals = {};
  let last = 0;
  const mark = (phase) => {
    const now = Date.now();
    totals[phase] = (totals[phase] ?? 0) + now - last;
    last = now;
  };
  for (let i = 0; i < iterations; i++) {
    last = Date.now();
    transform(count, mark);
  }
  for (const phase of Object.keys(totals)) {
    totals[phase] /= iterations;
  }
  return totals;
}
