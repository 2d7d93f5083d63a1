// Builds the pages (index, login, console, supervisor, wallboard, demo, kb, admin, setup, invitation,
// widget-preview)
// into dist/.
// The widget is a separate library build: see vite.widget.config.ts.
import { resolve } from "node:path";
import { defineConfig } from "vitest/config";

const page = (name: string) => resolve(import.meta.dirname, `${name}.html`);

export default defineConfig({
  build: {
    outDir: "dist",
    emptyOutDir: true,
    target: "es2022",
    rollupOptions: {
      input: {
        index: page("index"),
        login: page("login"),
        console: page("console"),
        supervisor: page("supervisor"),
        wallboard: page("wallboard"),
        demo: page("demo"),
        kb: page("kb"),
        admin: page("admin"),
        setup: page("setup"),
        invitation: page("invitation"),
        "widget-preview": page("widget-preview"),
      },
    },
  },
  server: {
    // `npm run dev` talks to a kefu server on 8080 for the API and sockets.
    proxy: {
      "/api": "http://127.0.0.1:8080",
      "/ws": { target: "ws://127.0.0.1:8080", ws: true },
      "/widget.js": "http://127.0.0.1:8080",
    },
  },
  test: {
    include: ["src/**/*.test.ts"],
    environment: "node",
  },
});
