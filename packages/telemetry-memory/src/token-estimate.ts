/** Rough token count (about four characters per token, plus per-message framing). */
export const estimateTokens = (messages: readonly { content: string }[]): number =>
  messages.reduce((sum, m) => sum + Math.ceil(m.content.length / 4) + 4, 0);
