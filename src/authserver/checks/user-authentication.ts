import { recordCheck, type RequestContext } from '../context';
import { secretsEqual } from '../crypto';
import { findUser, type DemoUser } from '../seed';

/**
 * The user signs in at the authorization server, never at the client.
 * How is out of scope of OAuth; here a demo username and password. @see RFC 6749 §3.1
 */
export function authenticateUser(
  ctx: RequestContext,
  username: string | undefined,
  password: string | undefined,
): DemoUser | undefined {
  const user = findUser(username);
  const pass = user !== undefined && secretsEqual(password ?? '', user.password);
  recordCheck(ctx, {
    name: 'user authentication',
    rfc: 'RFC 6749 §3.1',
    inputs: { username: username ?? null, password: password ?? null },
    pass,
    detail: pass
      ? `${user!.name} signed in at the authorization server; the app never sees the password.`
      : 'Unknown username or wrong password.',
  });
  return pass ? user : undefined;
}
