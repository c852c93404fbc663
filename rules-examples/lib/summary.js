// A helper module shared by rules: rule files can import each other inside the rules folder.
export function summarise(lines, at) {
  return { title: `Digest for ${at ?? 'now'}`, lines };
}
