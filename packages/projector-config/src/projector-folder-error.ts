import type { Problem } from './types.js';

/** Thrown when a projector folder, or the spec for writing one, has errors. */
export class ProjectorFolderError extends Error {
  override readonly name = 'ProjectorFolderError';

  /**
   * @param operation - The function that found the errors.
   * @param dir - The folder checked or to be written.
   * @param problems - Every problem found. The message lists those of severity `error`.
   */
  constructor(
    operation: string,
    readonly dir: string,
    readonly problems: readonly Problem[],
  ) {
    const errors = problems.filter((problem) => problem.severity === 'error');
    const lines = errors.map((problem) => `  ${problem.file}: ${problem.message}`);
    super(`${operation}: ${errors.length} error${errors.length === 1 ? '' : 's'} in ${dir}:\n${lines.join('\n')}`);
  }

  /** The problems of severity `error`. */
  get errors(): Problem[] {
    return this.problems.filter((problem) => problem.severity === 'error');
  }
}
