import type { AuthContext } from '../domains/workspaces/auth.ts';

/** Enough for every credential in active use on one server; beyond it the least recently seen goes. */
const LIMIT = 10_000;

/**
 * Who was behind each credential at its last lookup in this process, keyed by the credential's hash
 * (never the secret). Never trusted alone: the auth hook uses it only to start a read before the
 * credential's lookup answers, and the response still waits for that lookup (see registerAuth).
 */
export class KnownCredentials {
  readonly #byKey = new Map<string, AuthContext>();

  get(key: string): AuthContext | undefined {
    return this.#byKey.get(key);
  }

  /** Records a lookup's answer: the caller, or null to forget a credential that is no longer valid. */
  remember(key: string, auth: AuthContext | null): void {
    this.#byKey.delete(key);
    if (!auth) return;
    this.#byKey.set(key, auth);
    if (this.#byKey.size > LIMIT) {
      const oldest = this.#byKey.keys().next();
      if (!oldest.done) this.#byKey.delete(oldest.value);
    }
  }
}
