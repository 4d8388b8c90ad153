/** English: the CLI's narration and summaries. */
export const cli = {
  'demo.starting': 'starting an embedded PostgreSQL (stopped again at the end)',
} as const satisfies Record<string, string>;
