import { HttpError, requestJson } from "../net/http";
import type { User } from "../protocol/types";

/** The page a staff member lands on after login, by role. */
export function homeFor(user: User): string {
  return user.role === "agent" ? "/console" : "/supervisor";
}

/** Signs in; resolves with the user, rejects with HttpError (401 invalid_credentials, 429 too_many_attempts). */
export async function login(loginName: string, password: string): Promise<User> {
  const answer = await requestJson<{ user: User }>("/api/login", { body: { login: loginName, password } });
  return answer.user;
}

/** The signed-in user, or null when there is no valid session. */
export async function currentUser(): Promise<User | null> {
  try {
    return (await requestJson<{ user: User }>("/api/me")).user;
  } catch (error) {
    if (error instanceof HttpError && error.status === 401) return null;
    throw error;
  }
}

/** Signs out (revokes the session) and goes to the login page. */
export async function logoutAndLeave(): Promise<void> {
  try {
    await requestJson<null>("/api/logout", { body: {} });
  } finally {
    location.assign("/login");
  }
}

/** Sends the browser to the login page, to come back to `here` afterwards. */
export function toLogin(): void {
  location.assign(`/login?next=${encodeURIComponent(location.pathname)}`);
}
