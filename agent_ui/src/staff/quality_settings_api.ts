// The quality settings an admin tunes (docs/metrics.md, "Quality settings"): the automatic
// score's weights and the supervisors' scorecard. Calls reject with HttpError (typed code).
import { requestJson } from "../net/http";

export interface QualitySettings {
  weights: Record<string, number>;
  scorecard: { name: string; weight: number }[];
  first_response_target_ms: Record<string, number>;
  reply_target_ms: Record<string, number>;
}

export function readQualitySettings(): Promise<QualitySettings> {
  return requestJson<QualitySettings>("/api/quality/settings");
}

export function saveQualitySettings(settings: QualitySettings): Promise<QualitySettings> {
  return requestJson<QualitySettings>("/api/quality/settings", { method: "PUT", body: settings });
}

/** A weight typed in the form: a finite number of at least 0, else undefined. */
export function parseWeight(text: string): number | undefined {
  const trimmed = text.trim();
  if (!/^\d+(\.\d+)?$/.test(trimmed)) return undefined;
  return Number(trimmed);
}
