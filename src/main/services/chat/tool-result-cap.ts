// What the model gets of a tool's result: all of it up to a limit; past it, the head and the tail with a note in
// between saying how much was cut. The whole result stays stored and viewable on the tool's card.
export const TOOL_RESULT_MODEL_CHARS = 16_000

export function capForModel(text: string, maxChars = TOOL_RESULT_MODEL_CHARS): string {
  if (text.length <= maxChars) return text
  const head = Math.ceil(maxChars * 0.75)
  const tail = maxChars - head
  const cut = text.length - head - tail
  return `${text.slice(0, head)}\n\n[… ${cut} of ${text.length} characters cut here; the user sees the whole result …]\n\n${text.slice(text.length - tail)}`
}
