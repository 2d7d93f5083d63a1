import { HttpError, requestJson } from "../net/http";
import type { User } from "../protocol/types";

/** The page a staff member lands on after login, by role. */
export function homeFor(user: User): string {
  return user.role === "agent" ? "/console" : "/supervisor";
}

/**
 * Where a signed-in user is sent instead when a page is not for their role (null: the page is
 * theirs). Agents never see the supervisor or admin shell: they go to the console; supervisors
 * opening the admin console go to the supervisor screen.
 */
export function redirectFor(user: User, page: "supervisor" | "admin"): string | null {
  if (user.role === "agent") return "/console";
  if (page === "admin" && user.role !== "admin") return homeFor(user);
  return null;
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
