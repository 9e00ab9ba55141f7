/** One topic per context, keyed by aggregate id so that one aggregate's events stay in order. */
export const Topics = Object.freeze({
  identity: 'hcts.identity.v1',
  catalog: 'hcts.catalog.v1',
  trading: 'hcts.trading.v1',
  payments: 'hcts.payments.v1',
  certificates: 'hcts.certificates.v1',
  compliance: 'hcts.compliance.v1',
} as const);
export type Topic = (typeof Topics)[keyof typeof Topics];
export type Context = keyof typeof Topics;

/** Dead letters of one consumer group: the failed message, its error and its coordinates. */
export function deadLetterTopic(consumerGroup: string): string {
  return `hcts.dlq.${consumerGroup}`;
}
