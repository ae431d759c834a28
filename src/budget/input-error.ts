/** A value of an SLO the engine cannot compute with, and which input it was: a host points at the field. */
export class BudgetInputError extends RangeError {
  constructor(
    readonly input: 'window' | 'timeZone',
    message: string,
  ) {
    super(message);
    this.name = 'BudgetInputError';
  }
}
