import { css } from "lit";

/**
 * The widget's whole look. `:host { all: initial !important }` cuts every inherited property
 * (fonts, colours, line height) the shop's page would otherwise pass into the shadow root, and
 * `!important` inside the shadow tree wins over any shop rule that targets the host element.
 */
export const widgetStyles = css`
  :host {
    all: initial !important;
  }
  .root {
    --kefu-accent: #2f6b4f;
    --kefu-accent-ink: #ffffff;
    --kefu-ink: #1d2521;
    --kefu-muted: #5d6b64;
    --kefu-paper: #ffffff;
    --kefu-soft: #eef3f0;
    font: 14px/1.45 system-ui, -apple-system, "Segoe UI", "PingFang SC", "Microsoft YaHei", "Noto Sans CJK SC", sans-serif;
    color: var(--kefu-ink);
  }
  *, *::before, *::after { box-sizing: border-box; }
  button { font: inherit; cursor: pointer; }
  .launcher {
    position: fixed;
    right: 20px;
    bottom: 20px;
    z-index: 2147483000;
    width: 56px;
    height: 56px;
    border: none;
    border-radius: 50%;
    background: var(--kefu-accent);
    color: var(--kefu-accent-ink);
    box-shadow: 0 6px 20px rgba(0, 0, 0, 0.25);
    display: grid;
    place-items: center;
  }
  .launcher svg {
    width: 26px;
    height: 26px;
    fill: none;
    stroke: currentColor;
    stroke-width: 2;
    stroke-linejoin: round;
    stroke-linecap: round;
  }
  .launcher:focus-visible, button:focus-visible, textarea:focus-visible, input:focus-visible {
    outline: 3px solid #f2b134;
    outline-offset: 2px;
  }
  .badge {
    position: absolute;
    top: -4px;
    right: -4px;
    min-width: 20px;
    height: 20px;
    padding: 0 6px;
    border-radius: 10px;
    background: #c0392b;
    color: #fff;
    font-size: 12px;
    line-height: 20px;
  }
  .panel {
    position: fixed;
    right: 20px;
    bottom: 88px;
    z-index: 2147483000;
    width: 370px;
    height: min(560px, calc(100vh - 110px));
    display: flex;
    flex-direction: column;
    background: var(--kefu-paper);
    border-radius: 14px;
    box-shadow: 0 12px 40px rgba(0, 0, 0, 0.28);
    overflow: hidden;
  }
  header {
    display: flex;
    align-items: center;
    gap: 8px;
    padding: 12px 14px;
    background: var(--kefu-accent);
    color: var(--kefu-accent-ink);
  }
  .titles { flex: 1; display: flex; flex-direction: column; min-width: 0; }
  .titles span { font-size: 12px; opacity: 0.85; }
  header button {
    background: rgba(255, 255, 255, 0.16);
    color: inherit;
    border: none;
    border-radius: 6px;
    padding: 4px 8px;
  }
  header .close { font-size: 20px; line-height: 1; padding: 2px 9px; }
  .notice { padding: 6px 14px; background: #fff4d6; color: #6b4e00; font-size: 12px; }
  .messages {
    flex: 1;
    overflow-y: auto;
    padding: 12px 14px;
    background: var(--kefu-soft);
    display: flex;
    flex-direction: column;
    gap: 8px;
  }
  .system { align-self: center; margin: 4px 0; font-size: 12px; color: var(--kefu-muted); text-align: center; }
  .msg { display: flex; flex-direction: column; max-width: 82%; }
  .msg.mine { align-self: flex-end; align-items: flex-end; }
  .msg.theirs { align-self: flex-start; }
  .bubble {
    padding: 8px 11px;
    border-radius: 12px;
    background: var(--kefu-paper);
    white-space: pre-wrap;
    overflow-wrap: anywhere;
  }
  .mine .bubble { background: var(--kefu-accent); color: var(--kefu-accent-ink); }
  .pending .bubble { opacity: 0.7; }
  .meta { font-size: 11px; color: var(--kefu-muted); margin-top: 2px; }
  .failed { color: #b3261e; }
  .retry { background: none; border: none; padding: 0; color: var(--kefu-accent); text-decoration: underline; font-size: 11px; }
  .queue, .typing { padding: 6px 14px; font-size: 12px; }
  .queue { background: #e3efe8; color: var(--kefu-accent); font-weight: 600; }
  .queue.nobody { background: #fff4d6; color: #5c4400; display: flex; flex-direction: column; gap: 4px; align-items: flex-start; }
  .typing { color: var(--kefu-muted); font-style: italic; }
  .kb { margin: 0 12px 6px; padding: 8px 10px; border: 1px solid #dde5e0; border-radius: 10px; background: var(--kefu-soft); max-height: 40%; overflow-y: auto; font-size: 13px; }
  .care-message { margin: 0 12px 6px; padding: 8px 10px; border: 1px solid #dde5e0; border-radius: 10px; background: var(--kefu-soft); font-size: 13px; }
  .kb-label { font-size: 11px; text-transform: uppercase; letter-spacing: 0.04em; color: var(--kefu-muted); margin-bottom: 4px; }
  .kb-body { overflow-wrap: anywhere; margin: 4px 0; }
  .kb-open { border: 0; background: none; padding: 0; font: inherit; color: var(--kefu-accent); text-align: start; cursor: pointer; text-decoration: underline; }
  .kb-article { flex: 1; overflow-y: auto; padding: 10px 14px; font-size: 14px; line-height: 1.5; overflow-wrap: anywhere; }
  .kb-article-title { font-size: 17px; margin: 6px 0; }
  .markdown h1, .markdown h2, .markdown h3, .markdown h4 { font-size: 15px; margin: 10px 0 4px; }
  .markdown p, .markdown ul, .markdown ol { margin: 4px 0; }
  .markdown ul, .markdown ol { padding-inline-start: 20px; }
  .markdown pre { white-space: pre-wrap; background: var(--kefu-soft); padding: 6px; border-radius: 6px; }
  .markdown blockquote { margin: 4px 0; padding-inline-start: 8px; border-inline-start: 3px solid #dde5e0; color: var(--kefu-muted); }
  .bubble a, .markdown a { color: inherit; text-decoration: underline; }
  .length { margin: 0 12px 4px; font-size: 12px; color: var(--kefu-muted); text-align: end; }
  .length.over { color: #b3261e; font-weight: 600; }
  .kb-actions { display: flex; gap: 8px; flex-wrap: wrap; }
  .kb-actions button { border: 1px solid var(--kefu-accent); border-radius: 8px; padding: 4px 10px; background: var(--kefu-paper); color: var(--kefu-accent); font: inherit; cursor: pointer; }
  .kb-actions button.person { background: var(--kefu-accent); color: var(--kefu-accent-ink); }
  .kb-articles { list-style: none; margin: 4px 0 0; padding: 0; }
  .kb-articles li { padding: 3px 0; overflow-wrap: anywhere; }
  .kb-articles span { color: var(--kefu-muted); }
  .composer { display: flex; gap: 8px; padding: 10px 12px 4px; border-top: 1px solid #dde5e0; }
  textarea, input {
    font: inherit;
    color: inherit;
    width: 100%;
    border: 1px solid #c9d4ce;
    border-radius: 8px;
    padding: 8px 10px;
    background: #fff;
  }
  .composer textarea { flex: 1; resize: none; }
  .send {
    border: none;
    border-radius: 8px;
    padding: 0 16px;
    min-height: 40px;
    background: var(--kefu-accent);
    color: var(--kefu-accent-ink);
    font-weight: 600;
  }
  .send:disabled { opacity: 0.6; }
  .link {
    background: none;
    border: none;
    color: var(--kefu-accent);
    text-decoration: underline;
    font-size: 12px;
    padding: 4px 14px 10px;
    align-self: flex-start;
  }
  .offline { flex: 1; overflow-y: auto; padding: 14px; display: flex; flex-direction: column; gap: 10px; }
  .offline h2 { font-size: 16px; margin: 0; }
  .offline p { margin: 0; color: var(--kefu-muted); }
  .offline label { display: flex; flex-direction: column; gap: 4px; font-size: 13px; }
  .offline .send { align-self: stretch; }
  .offline .link { padding-left: 0; }
  .offline .done { color: var(--kefu-ink); font-size: 15px; }
  @media (max-width: 480px) {
    .panel { inset: 0; width: 100%; height: 100%; border-radius: 0; }
    .launcher { right: 14px; bottom: 14px; }
    .root:has(.panel) .launcher { display: none; }
    /* 16 px keeps phone browsers from zooming into the field on focus. */
    textarea, input { font-size: 16px; }
  }
`;
