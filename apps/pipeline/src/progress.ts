import type { WriteStream } from 'node:tty';

/** Output stream for progress: a terminal gets a redrawn bar, anything else gets plain lines. */
export interface ProgressStream {
  write(text: string): boolean;
  isTTY?: boolean;
  columns?: number;
}

/** One long task's progress display, created by `Reporter.task`. */
export interface ProgressTask {
  /** Reports `done` of `total` units, with an optional suffix such as `loss 0.12 acc 96.1%`. */
  update(done: number, detail?: string): void;
  /** Ends the bar with a final line. */
  finish(detail?: string): void;
}

const TTY_REDRAW_MS = 100;
const PLAIN_LINE_MS = 15_000;

/**
 * Renders progress for the CLI. A terminal gets a bar redrawn at most every 100 ms. CI and logs
 * get a plain line at every tenth of the work or after 15 s without one, so logs stay short.
 */
export class Reporter {
  private readonly stream: ProgressStream;
  private readonly interactive: boolean;

  constructor(stream: ProgressStream = process.stderr as WriteStream, interactive?: boolean) {
    this.stream = stream;
    this.interactive = interactive ?? (stream.isTTY === true && !process.env['CI']);
  }

  /** Writes one line of text (a stage start, a warning, a summary line). */
  line(text: string): void {
    this.stream.write(`${text}\n`);
  }

  /** Starts a task of `total` units (steps, images) named `label`. */
  task(label: string, total: number): ProgressTask {
    const startedAt = Date.now();
    let lastDrawAt = 0;
    let lastTenth = -1;

    const render = (done: number, detail: string | undefined): string => {
      const fraction = total > 0 ? Math.min(1, done / total) : 1;
      const percent = (fraction * 100).toFixed(1).padStart(5);
      const elapsed = (Date.now() - startedAt) / 1000;
      const tail = detail ? `  ${detail}` : '';
      if (!this.interactive) {
        return `${label}: ${done}/${total} (${percent}%) ${formatDuration(elapsed)}${tail}`;
      }
      const width = 24;
      const filled = Math.round(fraction * width);
      const bar = `${'#'.repeat(filled)}${'-'.repeat(width - filled)}`;
      return `${label} [${bar}] ${done}/${total} ${percent}% ${formatDuration(elapsed)}${tail}`;
    };

    return {
      update: (done, detail) => {
        const now = Date.now();
        if (this.interactive) {
          if (now - lastDrawAt < TTY_REDRAW_MS && done < total) {
            return;
          }
          lastDrawAt = now;
          const text = render(done, detail);
          const columns = this.stream.columns ?? 120;
          this.stream.write(`\r${text.slice(0, columns - 1).padEnd(columns - 1)}`);
          return;
        }
        const tenth = total > 0 ? Math.floor((done / total) * 10) : 10;
        if (tenth > lastTenth || now - lastDrawAt >= PLAIN_LINE_MS) {
          lastTenth = tenth;
          lastDrawAt = now;
          this.line(render(done, detail));
        }
      },
      finish: (detail) => {
        const text = `${label}: done in ${formatDuration((Date.now() - startedAt) / 1000)}${detail ? `  ${detail}` : ''}`;
        if (this.interactive) {
          const columns = this.stream.columns ?? 120;
          this.stream.write(`\r${text.padEnd(columns - 1)}\n`);
        } else {
          this.line(text);
        }
      },
    };
  }
}

/** Formats seconds as `42.0 s`, `3 min 05 s` or `1 h 02 min`. */
export function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds) || seconds < 0) {
    return '?';
  }
  if (seconds < 60) {
    return `${seconds.toFixed(1)} s`;
  }
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) {
    return `${minutes} min ${String(Math.round(seconds % 60)).padStart(2, '0')} s`;
  }
  return `${Math.floor(minutes / 60)} h ${String(minutes % 60).padStart(2, '0')} min`;
}
