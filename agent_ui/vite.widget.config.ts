// Builds the customer widget as ONE self-contained classic script, dist/widget.js,
// that a shop embeds with <script src=".../widget.js" defer></script>.
// Runs after the pages build, so it must not empty dist/.
import { resolve } from "node:path";
import { defineConfig } from "vite";

export default defineConfig({
  publicDir: false,
  build: {
    outDir: "dist",
    emptyOutDir: false,
    target: "es2020",
    cssCodeSplit: false,
    lib: {
      entry: resolve(import.meta.dirname, "src/widget/widget_entry.ts"),
      name: "KefuWidget",
      formats: ["iife"],
      fileName: () => "widget.js",
    },
  },
});
