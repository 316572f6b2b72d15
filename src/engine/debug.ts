// `--debug`: what a run used (config files, cache), what it reused (cache hits) and where its time went
// (per phase, per rule), written to stderr after the report. The run fills a DebugLog as it goes; nothing
// here is cached or changes a result.

/** One rule's time: in the per-file walk (its visitors, summed over threads) and in judging targets. */
interface RuleTime {
  walk: number;
  judge: number;
  /** Targets it judged. */
  targets: number;
}

export class DebugLog {
  private readonly facts: [string, string][] = [];
  private readonly phases: [string, number, string][] = [];
  private readonly rules = new Map<string, RuleTime>();

  /** A line of what the run used or decided (`config`, `cache`, `summaries`). */
  fact(label: string, value: string): void {
    this.facts.push([label, value]);
  }

  /** A phase's wall time, with an optional detail (`412 files, 380 from the cache`). */
  phase(name: string, ms: number, detail = ''): void {
    this.phases.push([name, ms, detail]);
  }

  /** Time `fn` as the phase `name`. */
  async time<T>(name: string, fn: () => Promise<T> | T, detail?: (value: T) => string): Promise<T> {
    const t = performance.now();
    const value = await fn();
    this.phase(name, performance.now() - t, detail?.(value) ?? '');
    return value;
  }

  rule(id: string, part: 'walk' | 'judge', ms: number, targets = 0): void {
    let r = this.rules.get(id);
    if (!r) this.rules.set(id, (r = { walk: 0, judge: 0, targets: 0 }));
    r[part] += ms;
    r.targets += targets;
  }

  /** Make sure a rule that ran shows in the table even when it spent no measurable time. */
  ruleRan(id: string): void {
    if (!this.rules.has(id)) this.rules.set(id, { walk: 0, judge: 0, targets: 0 });
  }

  format(): string {
    const ms = (n: number) => (n >= 100 ? n.toFixed(0) : n.toFixed(1));
    const lines: string[] = [];
    const labelWidth = Math.max(0, ...this.facts.map(([l]) => l.length));
    for (const [label, value] of this.facts) lines.push(`debug: ${label.padEnd(labelWidth)}  ${value}`);
    if (this.phases.length) {
      const w = Math.max(5, ...this.phases.map(([n]) => n.length));
      lines.push('', `debug: ${'phase'.padEnd(w)}  ${'ms'.padStart(8)}`);
      for (const [name, t, detail] of this.phases) lines.push(`debug: ${name.padEnd(w)}  ${ms(t).padStart(8)}${detail ? `  ${detail}` : ''}`);
    }
    if (this.rules.size) {
      const rows = [...this.rules].sort((a, b) => b[1].walk + b[1].judge - (a[1].walk + a[1].judge) || (a[0] < b[0] ? -1 : 1));
      const w = Math.max(4, ...rows.map(([id]) => id.length));
      lines.push('', `debug: ${'rule'.padEnd(w)}  ${'walk ms'.padStart(8)}  ${'judge ms'.padStart(8)}  ${'targets'.padStart(7)}`);
      for (const [id, r] of rows) {
        lines.push(`debug: ${id.padEnd(w)}  ${ms(r.walk).padStart(8)}  ${ms(r.judge).padStart(8)}  ${String(r.targets).padStart(7)}`);
      }
      lines.push('debug: (walk: the rule\'s visitors during the per-file walk, summed over threads; judge: its checks of targets, with the cross-file verdicts it asked for first)');
    }
    return `${lines.join('\n')}\n`;
  }
}
