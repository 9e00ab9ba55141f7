/** A failure of the local infrastructure whose message says the cause and what to do. */
export class InfraError extends Error {
  override name = 'InfraError';
}
