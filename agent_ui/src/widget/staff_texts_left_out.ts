// The widget's build puts this module in place of the staff pages' catalogues (see
// vite.widget.config.ts): a customer never sees admin, data (retention and erasure),
// supervision, wallboard, mail, care, figure, routing, SLA or shop-integration texts, and leaving
// them out keeps widget.js inside its page-weight budget (marked came in with the articles).
// The keys stay typed and complete for every page through catalog.ts; only the widget's bundle
// is smaller. The widget's own opening-hours texts are in catalog_widget_hours.ts.
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
export const ROUTING_EN = {};
export const ROUTING_ZH = {};
export const SHOP_EN = {};
export const SHOP_ZH = {};
export const SLA_EN = {};
export const SLA_ZH = {};
