// The admin console's REST calls (docs/protocol.md, "Admin: staff"). Each rejects with
// HttpError carrying the server's typed error code.
import { requestJson } from "../net/http";
import type { Role } from "../protocol/types";

export type StaffStatus = "active" | "invited" | "password_reset" | "deactivated";

export interface Skill {
  name: string;
  level: number;
}

/** What an admin sets about a staff member (the login only when creating). */
export interface StaffProfile {
  login?: string;
  name: string;
  role: Role;
  teams: string[];
  skills: Skill[];
  languages: string[];
  chat_capacity: number;
  ticket_capacity: number;
}

export interface StaffMember extends Required<StaffProfile> {
  id: number;
  status: StaffStatus;
  created_at: number;
  deactivated_at: number | null;
}

export interface StaffList {
  staff: StaffMember[];
  skills: string[];
  roles: Role[];
}

export function listStaff(): Promise<StaffList> {
  return requestJson<StaffList>("/api/admin/staff");
}

/** Creates the member and returns them with their one-time invitation path. */
export function inviteStaff(profile: StaffProfile): Promise<{ member: StaffMember; invitation_url: string }> {
  return requestJson("/api/admin/staff", { body: profile });
}

export function updateStaff(id: number, profile: StaffProfile): Promise<{ member: StaffMember }> {
  const { login: _login, ...rest } = profile;
  return requestJson(`/api/admin/staff/${id}`, { method: "PUT", body: rest });
}

export function deactivateStaff(id: number): Promise<{ member: StaffMember }> {
  return requestJson(`/api/admin/staff/${id}/deactivate`, { body: {} });
}

export function resetPassword(id: number): Promise<{ member: StaffMember; reset_url: string }> {
  return requestJson(`/api/admin/staff/${id}/reset-password`, { body: {} });
}

/** Lets a deactivated member back; they choose a new password through the returned link. */
export function reactivateStaff(id: number): Promise<{ member: StaffMember; reset_url: string }> {
  return requestJson(`/api/admin/staff/${id}/reactivate`, { body: {} });
}

export function signOutStaff(id: number): Promise<null> {
  return requestJson(`/api/admin/staff/${id}/sign-out`, { body: {} });
}

/** The first admin's setup through the link printed by `kefu serve`. */
export function completeSetup(token: string, login: string, name: string, password: string): Promise<unknown> {
  return requestJson("/api/setup", { body: { token, login, name, password } });
}

export interface LinkInfo {
  purpose: "invitation" | "password_reset";
  login: string;
  name: string;
}

export function readInvitation(token: string): Promise<LinkInfo> {
  return requestJson(`/api/invitations/${encodeURIComponent(token)}`);
}

export function acceptInvitation(token: string, password: string): Promise<unknown> {
  return requestJson(`/api/invitations/${encodeURIComponent(token)}`, { body: { password } });
}

/** "orders:4, returns" → [{orders, 4}, {returns, 3}]; a level that is not a number stays NaN for the server to refuse. */
export function parseSkills(text: string): Skill[] {
  return splitList(text).map((item) => {
    const [name, level] = item.split(":").map((part) => part.trim());
    return { name: name ?? "", level: level === undefined ? 3 : Number(level) };
  });
}

export function splitList(text: string): string[] {
  return text
    .split(/[,，]/)
    .map((item) => item.trim())
    .filter((item) => item.length > 0);
}
