// Builds the customer widget as ONE self-contained classic script, dist/widget.js,
// that a shop embeds with <script src=".../widget.js" defer></script>.
// Runs after the pages build, so it must not empty dist/.
import { resolve } from "node:path";
import { defineConfig, type Plugin } from "vite";

/** The staff pages' catalogues, replaced in the widget by empty ones (staff_texts_left_out.ts). */
const STAFF_CATALOGS = /^\.\/catalog_(admin|data|figures|care|floor|mail|supervision|wallboard|routing|shop|sla)$/;

function leaveOutStaffTexts(): Plugin {
  return {
    name: "kefu-leave-out-staff-texts",
    enforce: "pre",
    resolveId(source, importer) {
      if (importer?.endsWith("/src/i18n/catalog.ts") && STAFF_CATALOGS.test(source)) {
        return resolve(import.meta.dirname, "src/widget/staff_texts_left_out.ts");
      }
      return null;
    },
  };
}

export default defineConfig({
  publicDir: false,
  plugins: [leaveOutStaffTexts()],
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
