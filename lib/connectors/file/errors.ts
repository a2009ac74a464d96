/**
 * A fault that makes the whole file unusable (encoding, structure, columns). The caller imports in one
 * transaction and rolls back on it; per-record faults are yielded as items instead.
 */
export class ImportFileError extends Error {
  override readonly name = 'ImportFileError';
  readonly file: string;
  /** What is wrong, without the file name. */
  readonly problem: string;

  constructor(file: string, problem: string) {
    super(`${file}: ${problem}`);
    this.file = file;
    this.problem = problem;
  }
}
