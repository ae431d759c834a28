/** Which service each problem of a multi-document YAML file belongs to: the service of its own document. */

/** The index of the YAML document (counted by its `---` and `...` marker lines) line `line` is in. */
function documentIndexer(text: string): (line: number) => number {
  const markers: number[] = [];
  text.split(/\r?\n/).forEach((l, i) => {
    if (/^(?:---|\.\.\.)(?:[ \t]|$)/.test(l)) markers.push(i);
  });
  return (line) => {
    let n = 0;
    while (n < markers.length && markers[n]! <= line) n++;
    return n;
  };
}

/**
 * The service of the problem at each of `lines`: the one service of the SLOs of its document, else the one service
 * of the file's SLOs; `null` when neither says (a document of several services, or none in a file of several).
 */
export function servicesOfLines(
  text: string,
  slos: ReadonlyArray<{ line: number; service: string | null }>,
  lines: readonly number[],
): Array<string | null> {
  const documentOf = documentIndexer(text);
  const byDocument = new Map<number, Set<string | null>>();
  for (const s of slos) {
    const d = documentOf(s.line);
    byDocument.set(d, (byDocument.get(d) ?? new Set()).add(s.service));
  }
  const all = new Set(slos.map((s) => s.service));
  const only = (set: Set<string | null> | undefined) => (set?.size === 1 ? [...set][0]! : undefined);
  return lines.map((line) => only(byDocument.get(documentOf(line))) ?? only(all) ?? null);
}
