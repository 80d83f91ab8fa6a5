// An import stopped by its input: the message names the file and, when one row
// is to blame, its line (CSV) or row (Parquet).
export class ImportInputError extends Error {
  constructor(
    message: string,
    readonly line?: number,
  ) {
    super(message);
    this.name = "ImportInputError";
  }
}
