/**
 * The client's check of the `iss` authorization response parameter: pure, so it is unit-tested.
 * The client compares it with the issuer of the server it sent the authorization request to, which it
 * stored for that request, and rejects the response when they differ, or when a server that says it
 * sends `iss` (its metadata's `authorization_response_iss_parameter_supported`) left it out.
 * @see RFC 9207 §2.4; RFC 9700 §4.4.2.1
 */

export interface IssuerExpectation {
  /** The issuer identifier of the server the authorization request went to, as its metadata gives it. */
  issuer: string;
  /** Whether that server's metadata says it sends `iss` in every authorization response. @see RFC 9207 §3 */
  sendsIss: boolean;
}

export type IssuerVerdict =
  | { passed: true; why: 'matches' | 'not sent by a server that does not send it' }
  | { passed: false; why: 'differs' | 'missing' | 'no issuer stored for this request' };

/**
 * `received` is the parameter as the query decoded it (URLSearchParams already undoes the form
 * encoding). Simple string comparison, no normalisation. @see RFC 9207 §2.4; RFC 3986 §6.2.1
 */
export function checkIssuer(expected: IssuerExpectation | undefined, received: string | undefined): IssuerVerdict {
  if (!expected?.issuer) return { passed: false, why: 'no issuer stored for this request' };
  if (received === undefined) return expected.sendsIss ? { passed: false, why: 'missing' } : { passed: true, why: 'not sent by a server that does not send it' };
  return received === expected.issuer ? { passed: true, why: 'matches' } : { passed: false, why: 'differs' };
}
