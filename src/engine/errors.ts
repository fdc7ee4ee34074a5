/** Raised where PyTorch would raise: the message names the loss, the argument and what is wrong. */
export class LossError extends Error {
  constructor(
    readonly loss: string,
    readonly argument: string | null,
    readonly problem: string,
  ) {
    super(`${loss}: ${argument ? `${argument}: ` : ''}${problem}`);
    this.name = 'LossError';
  }
}
