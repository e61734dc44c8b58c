// VS Code-style `${input:ID}` references (a value the user types when an MCP server starts): the one pattern the
// importers, the stores and the MCP runtime read them by.

/** `${input:ID}`, with the id as its first group; global, so use it with matchAll or replace. */
export const INPUT_REFERENCE = /\$\{input:([^}]*)\}/g

/** The ids of the `${input:…}` references in a text, each once, in order. */
export function inputIdsIn(text: string): string[] {
  return [...new Set([...text.matchAll(INPUT_REFERENCE)].map((match) => match[1]!))]
}
