// The widget's build puts this module in place of the staff pages' catalogues (see
// vite.widget.config.ts): a customer never sees admin, data (retention and erasure),
// supervision, wallboard, mail, care or figure texts, and leaving them out keeps widget.js
// inside its page-weight budget (marked came in with the articles). The keys stay typed and
// complete for every page through catalog.ts; only the widget's bundle is smaller. DATA_* are
// for main's catalog_data.ts (merged later): unused until then.
export const ADMIN_EN = {};
export const ADMIN_ZH = {};
export const DATA_EN = {};
export const DATA_ZH = {};
export const FIGURES_EN = {};
export const FIGURES_ZH = {};
export const CARE_EN = {};
export const CARE_ZH = {};
export const FLOOR_EN = {};
export const FLOOR_ZH = {};
export const MAIL_EN = {};
export const MAIL_ZH = {};
export const SUPERVISION_EN = {};
export const SUPERVISION_ZH = {};
export const WALLBOARD_EN = {};
export const WALLBOARD_ZH = {};
