/**
 * The logging the server needs. pino's API shape (`logger.info(fields, message)`), so a pino
 * logger can be passed as it is.
 */
export interface Logger {
  info(fields: object, message: string): void;
  warn(fields: object, message: string): void;
  error(fields: object, message: string): void;
}

/** Writes one line per event to stderr; errors carry their stack. */
export const stderrLogger: Logger = {
  info: (fields, message) => write('info', fields, message),
  warn: (fields, message) => write('warn', fields, message),
  error: (fields, message) => write('error', fields, message),
};

/** Discards everything: for test suites that embed the server. */
export const silentLogger: Logger = { info() {}, warn() {}, error() {} };

function write(level: string, fields: object, message: string): void {
  const { err, ...rest } = fields as { err?: unknown };
  const extra = Object.keys(rest).length > 0 ? ` ${JSON.stringify(rest)}` : '';
  const stack = err instanceof Error ? `\n${err.stack ?? err.message}` : err === undefined ? '' : ` ${String(err)}`;
  process.stderr.write(`klen-mock ${level}: ${message}${extra}${stack}\n`);
}
