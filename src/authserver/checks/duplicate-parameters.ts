import { invalidRequest } from '../errors';
import type { Params } from '../http';

/**
 * Refuses a request that repeats one of the endpoint's parameters, naming it (never echoing
 * values). Names the endpoint does not define are ignored, as RFC 6749 §3.1 ("MUST ignore
 * unrecognized request parameters") allows. Every endpoint calls this one check.
 * @see RFC 6749 §3.1 ("Request and response parameters MUST NOT be included more than once")
 */
export function rejectDuplicateParameters(params: Params, names: readonly string[]): void {
  const duplicated = params.duplicated().filter((name) => names.includes(name));
  if (duplicated.length > 0) throw invalidRequest(`${duplicated.join(', ')} included more than once`);
}
