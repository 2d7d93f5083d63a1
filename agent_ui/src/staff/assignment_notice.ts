/**
 * Tells the agent about a new assignment: a short WebAudio beep and a title-bar notice that
 * blinks until the page has focus again. Quiet where the browser has no audio (or blocks it
 * before the first user gesture).
 */
export class AssignmentNotice {
  private audio: AudioContext | null = null;
  private blink: ReturnType<typeof setInterval> | null = null;
  /** How many notices were given (the e2e test reads it from the page). */
  count = 0;

  notify(text: string, baseTitle: () => string): void {
    this.count += 1;
    document.documentElement.dataset.kefuAssignments = String(this.count);
    this.beep();
    if (document.hasFocus()) return;
    if (this.blink) clearInterval(this.blink);
    let on = true;
    this.blink = setInterval(() => {
      document.title = on ? `🔔 ${text}` : baseTitle();
      on = !on;
      if (document.hasFocus()) this.stop(baseTitle);
    }, 1000);
    document.title = `🔔 ${text}`;
  }

  stop(baseTitle: () => string): void {
    if (this.blink) clearInterval(this.blink);
    this.blink = null;
    document.title = baseTitle();
  }

  get blinking(): boolean {
    return this.blink !== null;
  }

  /** A short beep (quiet where the browser has no audio or blocks it). */
  beep(): void {
    try {
      const Context = window.AudioContext ?? (window as unknown as { webkitAudioContext?: typeof AudioContext }).webkitAudioContext;
      if (!Context) return;
      this.audio ??= new Context();
      const ctx = this.audio;
      const osc = ctx.createOscillator();
      const gain = ctx.createGain();
      osc.type = "sine";
      osc.frequency.value = 880;
      gain.gain.setValueAtTime(0.0001, ctx.currentTime);
      gain.gain.exponentialRampToValueAtTime(0.2, ctx.currentTime + 0.02);
      gain.gain.exponentialRampToValueAtTime(0.0001, ctx.currentTime + 0.25);
      osc.connect(gain).connect(ctx.destination);
      osc.start();
      osc.stop(ctx.currentTime + 0.3);
    } catch {
      // No audio here: the title notice still tells the agent.
    }
  }
}
