import { LitElement } from "lit";
import { property, state } from "lit/decorators.js";
import type { I18n, MessageKey } from "../i18n/i18n";
import { HttpError } from "../net/http";

/**
 * What the tabs of the admin console share: the console's language, the problem a tab shows
 * (rendered by the tab as text in a role="alert"), whether a change is under way (the tab
 * disables its buttons meanwhile), and the one way a change runs: the problem cleared, the work
 * done, the tab's data read again, a refusal explained in the admin's language.
 *
 * A tab says how it reads its data (`load`, called when it is attached and after each change
 * that asks for it) and how it words a refusal (`explain`, given the server's typed error code,
 * or "network" when no answer came).
 */
export abstract class AdminPanel extends LitElement {
  @property({ attribute: false }) i18n!: I18n;
  @state() protected problem: string | null = null;
  @state() protected busy = false;

  protected abstract load(): Promise<void>;
  protected abstract explain(code: string): string;

  override connectedCallback(): void {
    super.connectedCallback();
    void this.load();
  }

  protected t(key: MessageKey, params: Record<string, string | number> = {}): string {
    return this.i18n.t(key, params);
  }

  /**
   * Runs one change. Returns whether it was taken; a refusal leaves its explanation in
   * `problem`. With `reload` the tab's data is read again after a change that was taken.
   */
  protected async run(work: () => Promise<unknown>, { reload = true } = {}): Promise<boolean> {
    this.busy = true;
    this.problem = null;
    try {
      await work();
      if (reload) await this.load();
      return true;
    } catch (error) {
      this.problem = this.explain(error instanceof HttpError ? error.code : "network");
      return false;
    } finally {
      this.busy = false;
    }
  }
}
