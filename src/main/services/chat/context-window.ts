// How many tokens a model takes in one request: the profile's own setting when its record names one, else the
// window of the model's family (OpenAI, Claude, and the usual local models), else a conservative default; and the
// part of it a request may fill once the reply's room is set aside.
import type { ProfileChatSettings } from '../../store/store'

/** The window assumed for a model this table does not know: small enough for most local servers' defaults. */
export const DEFAULT_CONTEXT_WINDOW = 8_192

/** The room kept for the reply when the profile sets no maximum reply length. */
export const DEFAULT_REPLY_RESERVE = 1_024

/** Model name patterns (matched on the lower-cased name without its vendor prefix), first match wins. */
const FAMILIES: readonly (readonly [RegExp, number])[] = [
  [/^gpt-4\.1/, 1_047_576],
  [/^gpt-5/, 400_000],
  [/^gpt-4o|^gpt-4-turbo|^gpt-4-\d{4}-preview|^chatgpt-4o/, 128_000],
  [/^gpt-4-32k/, 32_768],
  [/^gpt-4/, 8_192],
  [/^gpt-3\.5-turbo/, 16_385],
  [/^o1-mini/, 128_000],
  [/^o[134](-|$)/, 200_000],
  [/^claude/, 200_000],
  [/llama-?3\.[1-3]|llama-?4/, 128_000],
  [/llama-?3/, 8_192],
  [/llama-?2/, 4_096],
  [/mistral-large|mistral-medium|mistral-small|ministral|codestral|pixtral|mistral-nemo/, 128_000],
  [/mixtral/, 32_768],
  [/mistral/, 32_768],
  [/qwen-?2\.5|qwen-?3/, 32_768],
  [/qwen/, 32_768],
  [/deepseek/, 64_000],
  [/gemma-?3/, 128_000],
  [/gemma/, 8_192],
  [/gemini/, 1_048_576]
]

/** The window of a well-known model family; `DEFAULT_CONTEXT_WINDOW` for any other. */
export function modelWindow(model: string): number {
  const name = model.trim().toLowerCase().split('/').pop() ?? ''
  for (const [pattern, tokens] of FAMILIES) if (pattern.test(name)) return tokens
  return DEFAULT_CONTEXT_WINDOW
}

/** The profile's window: its own setting when it names a positive one, else its model's. */
export function contextWindowOf(profile: Pick<ProfileChatSettings, 'model' | 'contextWindow'>): number {
  const own = profile.contextWindow
  return own !== null && own !== undefined && own > 0 ? Math.floor(own) : modelWindow(profile.model)
}

/** The room kept for the reply: the profile's maximum reply length, else the default; never more than half the window. */
export function replyReserve(profile: Pick<ProfileChatSettings, 'maxTokens'>, window: number): number {
  const own = profile.maxTokens !== null && profile.maxTokens > 0 ? Math.floor(profile.maxTokens) : null
  return Math.min(own ?? DEFAULT_REPLY_RESERVE, Math.floor(window / 2))
}

/** How many tokens the request itself may take: the window less the reply's room. */
export function inputBudget(window: number, reserve: number): number {
  return Math.max(0, window - reserve)
}

/** The window a provider's context-length refusal states ("maximum context length is 8192 tokens", "> 200000 maximum"). */
export function statedWindow(text: string): number | null {
  const found =
    /maximum context length is (\d[\d,]*)/i.exec(text) ??
    /> ?(\d[\d,]*) maximum/i.exec(text) ??
    /context (?:size|window|length)[^\d]{0,20}(\d[\d,]*)/i.exec(text)
  const tokens = found ? Number(found[1]!.replace(/,/g, '')) : NaN
  return Number.isFinite(tokens) && tokens > 0 ? tokens : null
}

/**
 * Windows learned from providers' refusals, for as long as the app runs: a model that refused a request of about
 * `sentTokens` takes less than that from then on, and at most what it said it takes.
 */
export class LearnedWindows {
  private readonly learned = new Map<string, number>()

  private key(profile: Pick<ProfileChatSettings, 'id' | 'model'>): string {
    return `${profile.id}\u0000${profile.model}`
  }

  /** The profile's window, lowered by what its model refused. */
  windowOf(profile: Pick<ProfileChatSettings, 'id' | 'model' | 'contextWindow'>): number {
    const own = contextWindowOf(profile)
    return Math.min(own, this.learned.get(this.key(profile)) ?? own)
  }

  /** Records a refusal of a request estimated at `sentTokens`; returns the window used from now on. */
  refused(
    profile: Pick<ProfileChatSettings, 'id' | 'model' | 'contextWindow' | 'maxTokens'>,
    providerText: string,
    sentTokens: number
  ): number {
    const current = this.windowOf(profile)
    const reserve = replyReserve(profile, current)
    const stated = statedWindow(providerText) ?? Number.POSITIVE_INFINITY
    // The estimate of four characters a token can be low: a quarter less than what was refused, whatever was stated.
    const window = Math.max(1, Math.min(current, stated, Math.floor(sentTokens * 0.75) + reserve))
    this.learned.set(this.key(profile), window)
    return window
  }
}
