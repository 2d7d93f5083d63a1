import { css } from "lit";

/** Look shared by the staff pages (login, console, supervisor). */
export const staffStyles = css`
  :host {
    --accent: #1f5f8b;
    --accent-ink: #fff;
    --ink: #1c2430;
    --muted: #5c6675;
    --line: #d9dee5;
    --paper: #fff;
    --soft: #f3f5f8;
    --warn: #b3261e;
    display: block;
    color: var(--ink);
    font: 14px/1.45 system-ui, -apple-system, "Segoe UI", "PingFang SC", "Microsoft YaHei", "Noto Sans CJK SC", sans-serif;
  }
  *, *::before, *::after { box-sizing: border-box; }
  button, input, select, textarea { font: inherit; color: inherit; }
  button {
    cursor: pointer;
    border: 1px solid var(--line);
    background: var(--paper);
    border-radius: 6px;
    padding: 6px 12px;
  }
  button.primary { background: var(--accent); color: var(--accent-ink); border-color: var(--accent); font-weight: 600; }
  button:disabled { opacity: 0.55; cursor: default; }
  :focus-visible { outline: 3px solid #f2b134; outline-offset: 1px; }
  .topbar {
    display: flex;
    align-items: center;
    gap: 12px;
    padding: 8px 16px;
    background: var(--ink);
    color: #fff;
  }
  .topbar .brand { font-weight: 700; letter-spacing: 0.02em; }
  .topbar .spacer { flex: 1; }
  .topbar button, .topbar select {
    background: transparent;
    color: #fff;
    border: 1px solid rgba(255, 255, 255, 0.35);
    border-radius: 6px;
    padding: 4px 10px;
  }
  .topbar select option { color: var(--ink); }
  .topbar a.kb-link, .topbar a.admin-link { color: #fff; }
  .notice { padding: 6px 16px; background: #fff4d6; color: #6b4e00; }
  .error { color: var(--warn); }
`;

/** Cards of figures and their tables, as the supervisor's screens show them. */
export const staffCardStyles = css`
  .card { border: 1px solid var(--line); border-radius: 10px; padding: 12px 14px; background: var(--paper); overflow-x: auto; }
  h2 { font-size: 15px; margin: 0 0 8px; }
  table { border-collapse: collapse; width: 100%; }
  th, td { text-align: left; padding: 5px 8px; border-bottom: 1px solid var(--line); }
  th { font-size: 12px; color: var(--muted); font-weight: 600; }
  td.n { text-align: right; font-variant-numeric: tabular-nums; }
`;
