/** The tallest the reply box grows, as a share of the window's height; it scrolls beyond. */
const MOST = 0.45;

/**
 * Grows (or shrinks) a reply box to show all its text, from its own minimum height up to
 * 45 % of the window; called after every render, so typed, inserted and restored drafts fit.
 */
export function fitToContent(box: HTMLTextAreaElement | null): void {
  if (!box) return;
  box.style.height = "auto";
  const most = Math.round(window.innerHeight * MOST);
  box.style.height = `${Math.min(box.scrollHeight + 2, most)}px`;
}
