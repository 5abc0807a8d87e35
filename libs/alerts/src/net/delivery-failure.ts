/**
 * A failed send. `permanent` failures (a refused address, a redirect, a 4xx other than 408/429, missing
 * configuration) go to the dead letter at once: sending the same thing again cannot succeed.
 */
export class DeliveryFailure extends Error {
  constructor(
    message: string,
    readonly permanent: boolean,
    readonly responseStatus: number | null = null,
  ) {
    super(message);
  }
}
