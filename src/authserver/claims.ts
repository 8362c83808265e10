/**
 * The OpenID Connect standard claims this server releases, by the scope that asks for them, and
 * every claim it can put in an ID token or a UserInfo response (the discovery document lists them).
 * @see OpenID Connect Core 1.0 §5.1 (standard claims), §5.4 (scope values), §2 (ID token claims)
 */
import { parseScope } from './checks/scope';
import type { DemoUser } from './seed';

export const SCOPE_CLAIMS = {
  profile: ['name', 'given_name', 'family_name', 'preferred_username'],
  email: ['email', 'email_verified'],
} as const satisfies Record<string, readonly string[]>;

/** The claims of an ID token. @see OpenID Connect Core 1.0 §2, §3.1.3.6 */
export const ID_TOKEN_CLAIMS = ['iss', 'sub', 'aud', 'exp', 'iat', 'auth_time', 'nonce', 'at_hash'] as const;

export const CLAIMS_SUPPORTED: readonly string[] = [...new Set([...ID_TOKEN_CLAIMS, ...Object.values(SCOPE_CLAIMS).flat()])];

function claimValue(user: DemoUser, claim: (typeof SCOPE_CLAIMS)[keyof typeof SCOPE_CLAIMS][number]): string | boolean {
  return claim === 'preferred_username' ? user.username : user[claim];
}

/** `sub` and the claims `scope` asks for. @see OpenID Connect Core 1.0 §5.3.2 (sub is always returned) */
export function userClaims(user: DemoUser, scope: string): Record<string, string | boolean> {
  const scopes = parseScope(scope);
  const claims: Record<string, string | boolean> = { sub: user.username };
  for (const [name, names] of Object.entries(SCOPE_CLAIMS)) {
    if (scopes.includes(name)) for (const claim of names) claims[claim] = claimValue(user, claim);
  }
  return claims;
}
