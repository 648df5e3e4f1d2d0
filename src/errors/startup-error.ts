/**
 * A problem with the contract, the fixtures or the configuration, found before the server
 * listens. Its message names the file and the field; the CLI prints it and exits with 1.
 *
 * @example
 * throw new StartupError('fixtures/calls.json', 'record 3 (id 57): /contact/email must match format "email"')
 */
export class StartupError extends Error {
  readonly file: string;

  constructor(file: string, detail: string) {
    super(`${file}: ${detail}`);
    this.name = 'StartupError';
    this.file = file;
  }
}
