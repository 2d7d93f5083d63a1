// The one script a shop embeds: <script src="https://kefu.example/widget.js" defer></script>.
// It talks to the server it was loaded from, or to `data-kefu-server` when given.
import { KefuChatWidget } from "./kefu-chat-widget";

const TAG = "kefu-chat-widget";

function serverOrigin(script: HTMLScriptElement | null): string {
  const configured = script?.dataset.kefuServer;
  if (configured) return new URL(configured, location.href).origin;
  if (script?.src) return new URL(script.src, location.href).origin;
  return location.origin;
}

const server = serverOrigin(document.currentScript as HTMLScriptElement | null);

function mount(): void {
  if (!customElements.get(TAG)) customElements.define(TAG, KefuChatWidget);
  if (document.querySelector(TAG)) return;
  const widget = document.createElement(TAG) as KefuChatWidget;
  widget.server = server;
  document.body.appendChild(widget);
}

if (document.body) mount();
else document.addEventListener("DOMContentLoaded", mount, { once: true });
