/** An HTTP answer that was not 2xx, with the body's `error` code when the server gave one. */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    readonly retryAfterSeconds: number | null = null,
  ) {
    super(`HTTP ${status} ${code}`);
  }
}

/**
 * Sends a JSON request and returns the parsed JSON answer (null for an empty body).
 * Throws HttpError for a non-2xx answer (with `{"error": code}` from the body when present)
 * and lets network failures (TypeError from fetch) through.
 */
export async function requestJson<T>(
  url: string,
  init: { method?: string; body?: unknown; headers?: Record<string, string>; credentials?: RequestCredentials } = {},
): Promise<T> {
  const headers: Record<string, string> = { Accept: "application/json", ...init.headers };
  if (init.body !== undefined) headers["Content-Type"] = "application/json";
  const response = await fetch(url, {
    method: init.method ?? (init.body === undefined ? "GET" : "POST"),
    headers,
    body: init.body === undefined ? undefined : JSON.stringify(init.body),
    credentials: init.credentials ?? "same-origin",
  });
  const text = await response.text();
  let data: unknown = null;
  if (text) {
    try {
      data = JSON.parse(text);
    } catch {
      data = null;
    }
  }
  if (!response.ok) {
    const code = (data as { error?: unknown } | null)?.error;
    const retry = Number(response.headers.get("Retry-After"));
    throw new HttpError(
      response.status,
      typeof code === "string" ? code : `http_${response.status}`,
      Number.isFinite(retry) && retry > 0 ? retry : null,
    );
  }
  return data as T;
}

/** The WebSocket URL for `path` on the server at `origin` (http → ws, https → wss). */
export function socketUrl(origin: string, path: string): string {
  const url = new URL(path, origin);
  url.protocol = url.protocol === "https:" ? "wss:" : "ws:";
  return url.toString();
}
