/** How a run ended: trained to the end, failed (with its reason) or cancelled (its curve so far
 *  kept). Its own module so that the panels' protocol can name it without loading the trainer. */
export const RUN_STATUSES = ['ok', 'failed', 'cancelled'] as const;
export type RunStatus = (typeof RUN_STATUSES)[number];
