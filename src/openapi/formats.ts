import { fullFormats } from 'ajv-formats/dist/formats.js';

type Format = { type: 'number' | 'string'; validate: RegExp | ((value: never) => boolean) };

/** Signed integers that fit in `bits` bits. */
const fitsIn = (bits: number) => {
  const max = 2 ** (bits - 1);
  return (value: number) => value >= -max && value < max;
};

/**
 * The formats the OpenAPI Format Registry adds to JSON Schema's, as openapi-backend defines them
 * for its request validators (int32 and int64 by range, byte as base64; the others are hints).
 * klen-mock defines them once, here, for every validator it compiles (requests, responses,
 * fixtures), so that a validator pack names each format by this table and gets the very
 * definitions it was compiled with (src/openapi/validator-pack.ts).
 */
export const OPENAPI_FORMATS: Readonly<Record<string, Format>> = {
  int32: { type: 'number', validate: fitsIn(32) },
  int64: { type: 'number', validate: fitsIn(64) },
  float: { type: 'number', validate: () => true },
  double: { type: 'number', validate: () => true },
  byte: { type: 'string', validate: /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/ },
  binary: { type: 'string', validate: () => true },
  password: { type: 'string', validate: () => true },
};

/**
 * A format check that remembers its last answers. The same date-times come back in response after
 * response (a week of availability slots is ~300 of them, each checked by ajv-formats' full
 * `date-time`: a regular-expression split and two captures), and that check was a third of Get
 * Availability's time (profiled). The check is a pure function of the string, so a remembered
 * answer is the answer; the memory is bounded (cleared when full).
 */
export function remembered(check: (value: string) => boolean, limit = 8192): (value: string) => boolean {
  const answers = new Map<string, boolean>();
  return (value) => {
    let answer = answers.get(value);
    if (answer === undefined) {
      answer = check(value);
      if (answers.size >= limit) answers.clear();
      answers.set(value, answer);
    }
    return answer;
  };
}

type FullFormat = { validate: (value: string) => boolean; compare?: unknown };
const withMemory = (name: 'date-time' | 'date' | 'time') => {
  const format = fullFormats[name] as FullFormat;
  return { ...format, validate: remembered(format.validate) };
};

/** Every format a klen-mock validator knows: JSON Schema's (ajv-formats, full mode; the date and time ones remembered) and OpenAPI's. */
export const FORMATS: Readonly<Record<string, unknown>> = {
  ...fullFormats,
  'date-time': withMemory('date-time'),
  date: withMemory('date'),
  time: withMemory('time'),
  ...OPENAPI_FORMATS,
};
