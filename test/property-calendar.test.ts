/**
 * Property-based tests of the Calendar API over real HTTP, each against an exact oracle written
 * here from the contract (openapi.yaml's Calendar operations) and the fixtures, never from the
 * sandbox's own code:
 *
 * 1. Times: generated `start_time` / `end_time` strings (ISO 8601 in many forms, impossible
 *    dates, offsets past ±18:00, text) → Create Event's answer, and the times Get Event Details
 *    shows (UTC, milliseconds, finer fractions cut), `duration_minutes`.
 * 2. Bodies: Create Event, PUT and PATCH Update Event over every documented field (valid,
 *    invalid, null, absent) → the status and code of the documented order of checks, and on
 *    success the whole event Get Event Details shows.
 * 3. Get Events, model-based: sequences of creations, cancellations and moves, mixed with
 *    queries (dates, date-times, status, page, limit) compared with the model's page.
 * 4. Get Availability, model-based: events created (some cancelled or ended) around ranges in
 *    2030-2032 (DST changes included) and around the world's start; the exact slot list is
 *    recomputed here with luxon; and the parameter space (dates, range length, duration).
 * 5. Booking round trip: book a free slot, the slots within the buffer disappear; cancel, the
 *    availability is as before.
 *
 * Manual clock: every world starts at 2025-05-01T12:00:00Z and only moves when told. Every run
 * (or sequence) has a fresh `X-Mock-Session` of its own. Every answer `call()` sees is checked
 * against openapi.yaml, and a server error logged fails the file.
 *
 * A failure prints the seed and path; replay with KLEN_FC_SEED=<seed> KLEN_FC_PATH=<path> (and
 * `-t` to pick the property). KLEN_FC_RUNS_CALENDAR=<n> sets the cases of the single-request
 * properties (default 200; the sequence properties run half as many).
 *
 * The sandbox bugs these properties found are plain tests at the end of this file.
 */
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import { integerVerdict } from './helpers/property-http.js';
import { EXAMPLE_KEY, useSandbox, type CallResult } from './helpers/sandbox.js';
import { fcOptions } from './helpers/fc-options.js';

const sandbox = useSandbox({ clock: 'manual' });

const RUNS = Number(process.env['KLEN_FC_RUNS_CALENDAR'] ?? 200);
const SEQUENCE_RUNS = Math.max(1, Math.round(RUNS / 2));
/** Below this many cases the rarer answers may not come up, so their reachability is not asserted. */
const COVERAGE_RUNS = 100;
/** Per property: past this, the smallest counterexample so far is reported (shrinking over HTTP is bounded). */
const TIME_LIMIT = Math.max(20_000, RUNS * 60);
const IT_TIMEOUT = TIME_LIMIT + 30_000;
/** The calendar properties' fast-check options (`examples`: see fcOptions; the rarest answers a coverage check asserts run first). */
const calendarOptions = <T>(numRuns: number, examples: T[] = []) => fcOptions<T>(numRuns, TIME_LIMIT, examples);
/** Every world these properties use starts with this (unique per run of the file). */
const RUN_ID = `prop-calendar-${Date.now()}`;
let worldCount = 0;
const freshWorld = (what: string) => `${RUN_ID}-${what}-${worldCount++}`;

const LIST = '/api/v1/calendar/events';
const CREATE = '/api/v1/calendar/events/create';
const DETAIL = '/api/v1/calendar/events/{event_id}';
const UPDATE = '/api/v1/calendar/events/{event_id}/update';
const CANCEL = '/api/v1/calendar/events/{event_id}/cancel';
const AVAILABILITY = '/api/v1/calendar/availability';

const MINUTE = 60_000;
const DAY = 86_400_000;
/** The manual clock's start (src/server.ts DEFAULT_MANUAL_CLOCK_START): every world's "now" until advanced. */
const NOW = Date.parse('2025-05-01T12:00:00.000Z');
/** A valid start and end, the day after the worlds start: for the properties' fixed examples. */
const EXAMPLE_TIMES = { start_time: '2025-05-02T10:00:00.000Z', end_time: '2025-05-02T11:00:00.000Z' };
const TODAY = '2025-05-01';
const MAX_INT32 = 2 ** 31 - 1;

// ---- the documented messages

const MESSAGES = {
  invalidDatetime: 'Invalid datetime format. Expected ISO 8601 format (YYYY-MM-DDTHH:MM:SS.sssZ)',
  endAfterStart: 'end_time must be after start_time',
  invalidDate: 'Invalid date format. Expected YYYY-MM-DD',
  endBeforeStart: 'end_date must not be before start_date',
  rangeTooLong: 'The date range must not be longer than 366 days',
  invalidDuration: 'Duration must be between 1 and 180 minutes',
  notFound: 'Event not found or you do not have access',
  missing: (name: string) => `Missing required parameter: ${name}`,
  noAgent: (id: number) => `ai_agent_id: no agent ${id} in this team`,
};

// ---- the fixtures the sandbox serves: the oracle's data

type Json = Record<string, any>;
type Team = 101 | 202;
type Weekday = 'monday' | 'tuesday' | 'wednesday' | 'thursday' | 'friday' | 'saturday' | 'sunday';
interface CalendarSettings {
  timezone: string;
  user_id: number;
  working_hours: Partial<Record<Weekday, Array<[string, string]>>>;
  buffer_minutes: number;
  advance_notice_minutes: number;
  connected_calendars: string[];
}
interface TeamFixture {
  id: number;
  name: string;
  calendar?: CalendarSettings;
}
interface AgentFixture {
  id: number;
  team_id: number;
  name: string;
  assistant_id: string;
}

const fixture = <T>(name: string): T => JSON.parse(readFileSync(new URL(`../fixtures/${name}`, import.meta.url), 'utf8')) as T;
const TEAMS = fixture<TeamFixture[]>('teams.json');
const AGENTS = fixture<AgentFixture[]>('agents.json');
const SEEDED_EVENTS = fixture<Array<{ id: number; team_id: number }>>('calendar-events.json');
const TEAM_IDS = TEAMS.map((t) => t.id);
const TEAM_KEY: Readonly<Record<Team, string>> = { 101: EXAMPLE_KEY, 202: 'klen_test_other_team' };
const settingsOf = (team: Team) => TEAMS.find((t) => t.id === team)?.calendar as CalendarSettings;
const teamName = (team: number) => TEAMS.find((t) => t.id === team)?.name as string;
const agentsOf = (team: number) => AGENTS.filter((a) => a.team_id === team).map((a) => a.id);
/** The id the first event a world creates gets: after every seeded one. */
const FIRST_NEW_ID = Math.max(...SEEDED_EVENTS.map((e) => e.id)) + 1;
const seededIdsOf = (team: number) => SEEDED_EVENTS.filter((e) => e.team_id === team).map((e) => e.id);

const EVENT_TYPES = ['meeting', 'appointment', 'busy', 'voice_call', 'video_call'] as const;
const STATUSES = ['scheduled', 'confirmed', 'cancelled', 'completed', 'no_show'] as const;
const DISPLAY: Readonly<Record<string, string>> = {
  meeting: 'Meeting',
  appointment: 'Appointment',
  busy: 'Busy',
  voice_call: 'Voice Call',
  video_call: 'Video Call',
  scheduled: 'Scheduled',
  confirmed: 'Confirmed',
  cancelled: 'Cancelled',
  completed: 'Completed',
  no_show: 'No Show',
};
/** The documented no-answer number: an event with this customer phone ends as no_show. */
const NO_SHOW_PHONE = '+15005550001';
const isOpen = (status: string) => status === 'scheduled' || status === 'confirmed';
const endStatusOf = (phone: string | null) => (phone === NO_SHOW_PHONE ? 'no_show' : 'completed');

// ---- requests

/** Requests as one team's key, in one world. */
function client(session: string, team: Team = 101) {
  const headers = { Authorization: `Bearer ${TEAM_KEY[team]}`, 'X-Mock-Session': session };
  const json = { ...headers, 'Content-Type': 'application/json' };
  return {
    list: (query: string) => sandbox.call(`${LIST}${query}`, { headers }, LIST),
    get: (id: number | string) => sandbox.call(`${LIST}/${id}`, { headers }, DETAIL),
    create: (body: unknown) => sandbox.call(CREATE, { method: 'POST', headers: json, body: JSON.stringify(body) }, CREATE),
    update: (method: 'PUT' | 'PATCH', id: number | string, body: unknown) => sandbox.call(`${LIST}/${id}/update`, { method, headers: json, body: JSON.stringify(body) }, UPDATE),
    cancel: (id: number | string) => sandbox.call(`${LIST}/${id}/cancel`, { method: 'POST', headers }, CANCEL),
    availability: (query: string) => sandbox.call(`${AVAILABILITY}${query}`, { headers }, AVAILABILITY),
    advance: async (seconds: number) => {
      const res = await fetch(`${sandbox.url}/__mock/sessions/${session}/clock/advance`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ seconds }) });
      expect(res.status).toBe(200);
      await res.text();
    },
  };
}
type Client = ReturnType<typeof client>;

const query = (params: Record<string, string | undefined>) => {
  const parts = Object.entries(params).filter(([, v]) => v !== undefined).map(([k, v]) => `${k}=${encodeURIComponent(v as string)}`);
  return parts.length === 0 ? '' : `?${parts.join('&')}`;
};

/** An expected refusal: status, code, and the message when the oracle knows it. */
interface Refusal {
  status: number;
  error: string;
  message?: string;
}

function expectRefusal(res: CallResult, expected: Refusal, context: string): void {
  expect({ status: res.status, error: res.body?.error }, `${context}: answered ${res.text.slice(0, 300)}`).toEqual({ status: expected.status, error: expected.error });
  if (expected.message !== undefined) expect(res.body.message, context).toBe(expected.message);
}

const answer = (res: CallResult) => (res.status >= 400 ? `${res.status} ${res.body?.error}` : String(res.status));
const tally = (seen: Map<string, number>, key: string) => seen.set(key, (seen.get(key) ?? 0) + 1);
const sortedTally = (seen: Map<string, number>) => JSON.stringify(Object.fromEntries([...seen].sort()));
function expectReached(seen: Map<string, number>, answers: string[], runs: number): void {
  if (runs < COVERAGE_RUNS) return;
  for (const a of answers) expect(seen.get(a) ?? 0, `no case reached "${a}": the generators no longer cover it (${sortedTally(seen)})`).toBeGreaterThan(0);
}

// ============================================================================================
// The time oracle: ISO 8601 date-times, read independently of the sandbox's parser
// ============================================================================================

const isDigit = (c: string | undefined) => c !== undefined && c >= '0' && c <= '9';
const isLeapYear = (y: number) => (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
const daysInMonth = (y: number, m: number) => [31, isLeapYear(y) ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][m - 1] ?? 0;
/** The most fraction digits generated: past nanoseconds (RFC 3339 sets no limit; the contract cuts to milliseconds). */
const MAX_FRACTION_DIGITS = 12;
/** The first instant the contract's `CalendarDateTime` (four-digit years) cannot show. */
const YEAR_10000 = Date.UTC(10000, 0, 1);

/**
 * The instant (epoch ms, the fraction cut to milliseconds) of an ISO 8601 date-time as the
 * contract takes it: `YYYY-MM-DDTHH:MM[:SS[.fraction]]` then `Z`, `±HH:MM`, `±HHMM` or nothing
 * (UTC); `T` and `Z` in either case; a real date (leap years), hours 00-23, minutes and seconds
 * 00-59, offsets up to ±18:00 with minutes 00-59, any number of fraction digits; and an instant
 * the API can show (`CalendarDateTime`: four-digit years, so not past 9999-12-31T23:59:59.999Z).
 * Undefined for anything else.
 */
function instantOf(text: string): number | undefined {
  let i = 0;
  const digits = (n: number): number | undefined => {
    for (let k = 0; k < n; k += 1) if (!isDigit(text[i + k])) return undefined;
    const value = Number(text.slice(i, i + n));
    i += n;
    return value;
  };
  const take = (chars: string): boolean => {
    const c = text[i];
    if (c !== undefined && chars.includes(c)) {
      i += 1;
      return true;
    }
    return false;
  };
  const year = digits(4);
  if (year === undefined || !take('-')) return undefined;
  const month = digits(2);
  if (month === undefined || !take('-')) return undefined;
  const day = digits(2);
  if (day === undefined || !take('Tt')) return undefined;
  const hour = digits(2);
  if (hour === undefined || !take(':')) return undefined;
  const minute = digits(2);
  if (minute === undefined) return undefined;
  let second = 0;
  let millis = 0;
  if (take(':')) {
    const s = digits(2);
    if (s === undefined) return undefined;
    second = s;
    if (take('.')) {
      let fraction = '';
      while (isDigit(text[i])) fraction += text[i++];
      if (fraction.length < 1) return undefined;
      millis = Number(fraction.padEnd(3, '0').slice(0, 3));
    }
  }
  let offset = 0;
  if (i < text.length && !take('Zz')) {
    const sign = text[i] === '+' ? 1 : text[i] === '-' ? -1 : 0;
    if (sign === 0) return undefined;
    i += 1;
    const hours = digits(2);
    if (hours === undefined) return undefined;
    take(':');
    const minutes = digits(2);
    if (minutes === undefined || minutes > 59 || hours * 60 + minutes > 18 * 60) return undefined;
    offset = sign * (hours * 60 + minutes);
  }
  if (i !== text.length) return undefined;
  if (year < 1000 || month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month) || hour > 23 || minute > 59 || second > 59) return undefined;
  const instant = Date.UTC(year, month - 1, day, hour, minute, second, millis) - offset * MINUTE;
  return instant < YEAR_10000 ? instant : undefined;
}

/** A real `YYYY-MM-DD` date (year 1000 or later): its UTC midnight, else undefined. */
function dateOf(text: string): number | undefined {
  const m = /^([0-9]{4})-([0-9]{2})-([0-9]{2})$/.exec(text);
  if (!m) return undefined;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (y < 1000 || mo < 1 || mo > 12 || d < 1 || d > daysInMonth(y, mo)) return undefined;
  return Date.UTC(y, mo - 1, d);
}

const iso = (ms: number) => new Date(ms).toISOString();
const isoDate = (ms: number) => iso(ms).slice(0, 10);
const pad = (n: number, width = 2) => String(n).padStart(width, '0');

/** How a time is written: its zone (and offset), the separators, seconds and fraction digits. */
interface TimeForm {
  zone: 'Z' | 'z' | 'none' | 'offset';
  offset: number;
  colon: boolean;
  seconds: boolean;
  fraction: number;
  /** Digits written past the milliseconds (cut by the reader). */
  extra: string;
  lowerT: boolean;
  negativeZero: boolean;
}

const formArb: fc.Arbitrary<TimeForm> = fc.record({
  zone: fc.constantFrom<TimeForm['zone']>('Z', 'Z', 'z', 'none', 'offset', 'offset', 'offset'),
  offset: fc.oneof(fc.constantFrom(0, 60, 120, -300, -240, -420, -480, 330, 345, 540, 570, 840, -600, 1080, -1080), fc.integer({ min: -1080, max: 1080 })),
  colon: fc.boolean(),
  seconds: fc.oneof({ weight: 3, arbitrary: fc.constant(true) }, { weight: 1, arbitrary: fc.constant(false) }),
  fraction: fc.integer({ min: 0, max: MAX_FRACTION_DIGITS }),
  extra: fc.stringMatching(/^[0-9]{9}$/),
  lowerT: fc.oneof({ weight: 5, arbitrary: fc.constant(false) }, { weight: 1, arbitrary: fc.constant(true) }),
  negativeZero: fc.boolean(),
});

/** An instant written in a form (a form with fewer digits than the instant has cuts it: the oracle reads what is written). */
function render(instant: number, form: TimeForm): string {
  const offset = form.zone === 'offset' ? form.offset : 0;
  const d = new Date(instant + offset * MINUTE);
  let text = `${pad(d.getUTCFullYear(), 4)}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}${form.lowerT ? 't' : 'T'}${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}`;
  if (form.seconds) {
    text += `:${pad(d.getUTCSeconds())}`;
    if (form.fraction > 0) text += `.${`${pad(d.getUTCMilliseconds(), 3)}${form.extra}`.slice(0, form.fraction)}`;
  }
  if (form.zone === 'Z' || form.zone === 'z') return text + form.zone;
  if (form.zone === 'none') return text;
  const sign = offset < 0 || (offset === 0 && form.negativeZero) ? '-' : '+';
  const abs = Math.abs(offset);
  return `${text}${sign}${pad(Math.floor(abs / 60))}${form.colon ? ':' : ''}${pad(abs % 60)}`;
}

// ============================================================================================
// The event oracle: what a write leaves, as Get Event Details shows it
// ============================================================================================

type Mode = 'create' | 'replace' | 'patch';

const TEXT_FIELDS: ReadonlyArray<readonly [string, number]> = [
  ['description', 10000],
  ['location', 500],
  ['customer_name', 200],
  ['customer_notes', 10000],
  ['video_conference_url', 2048],
  ['video_conference_provider', 100],
];
const BOOLEAN_FIELDS = ['has_video_conference', 'is_reminder_enabled', 'sync_external_calendars', 'send_notifications'] as const;
const CUSTOMER_FIELDS: Readonly<Record<string, string>> = { customer_name: 'name', customer_email: 'email', customer_phone: 'phone', customer_notes: 'notes' };
const VALID_EMAILS = ['jane.doe@example.com', 'a+b@sub.example.co.uk', "o'neil@example.org", 'x@y.io'];
const INVALID_EMAILS = ['not-an-email', 'a@', '@example.com', 'a b@example.com', 'jane@@example.com', `${'a'.repeat(250)}@example.com`];
const E164 = /^\+[1-9][0-9]{1,14}$/;
/** JSON Schema lengths count code points. */
const codePoints = (s: string) => [...s].length;
const has = (body: Json, name: string) => Object.hasOwn(body, name);

/** The schema's verdict on a body (openapi.yaml's request schemas and x-klen-validation-errors, in their order). */
function schemaVerdict(mode: Mode, body: Json): Refusal | undefined {
  const title = body['title'];
  if ((!has(body, 'title') && mode !== 'patch') || (typeof title === 'string' && (codePoints(title) === 0 || !/\S/u.test(title)))) {
    return { status: 400, error: 'missing_parameter', message: MESSAGES.missing('title') };
  }
  for (const name of ['start_time', 'end_time']) {
    if ((!has(body, name) && mode !== 'patch') || body[name] === '') return { status: 400, error: 'missing_parameter', message: MESSAGES.missing(name) };
  }
  const problems: string[] = [];
  const check = (name: string, ok: (v: unknown) => boolean) => {
    if (has(body, name) && !ok(body[name])) problems.push(name);
  };
  check('title', (v) => typeof v === 'string' && codePoints(v) <= 255);
  check('start_time', (v) => typeof v === 'string');
  check('end_time', (v) => typeof v === 'string');
  for (const [name, max] of TEXT_FIELDS) check(name, (v) => v === null || (typeof v === 'string' && codePoints(v) <= max));
  check('customer_email', (v) => v === null || (typeof v === 'string' && VALID_EMAILS.includes(v)));
  check('customer_phone', (v) => v === null || (typeof v === 'string' && E164.test(v)));
  check('event_type', (v) => (EVENT_TYPES as readonly unknown[]).includes(v));
  check('status', (v) => (mode === 'create' ? ['scheduled', 'confirmed'] : (STATUSES as readonly unknown[])).includes(v));
  for (const name of BOOLEAN_FIELDS) check(name, (v) => typeof v === 'boolean');
  // created_by_ai_agent: a Create Event and PUT field (EventDefaults); PATCH's schema does not know it
  if (mode !== 'patch') check('created_by_ai_agent', (v) => typeof v === 'boolean');
  check('remind_before_minutes', (v) => Number.isInteger(v) && (v as number) >= 0 && (v as number) <= 10080);
  // ai_agent_id may be null: no agent (on an update, the agent is removed)
  for (const name of ['ai_agent_id', 'team_id']) check(name, (v) => (name === 'ai_agent_id' && v === null) || (Number.isInteger(v) && (v as number) >= 1 && (v as number) <= MAX_INT32));
  return problems.length > 0 ? { status: 400, error: 'validation_error' } : undefined;
}

/** The checks after the schema, in the documented order: times, end after start, agent, team. */
function ruleVerdict(body: Json, previous: Json | undefined, team: Team): Refusal | { start: number; end: number } {
  const start = has(body, 'start_time') ? instantOf(body['start_time']) : undefined;
  const end = has(body, 'end_time') ? instantOf(body['end_time']) : undefined;
  if ((has(body, 'start_time') && start === undefined) || (has(body, 'end_time') && end === undefined)) {
    return { status: 400, error: 'invalid_datetime_format', message: MESSAGES.invalidDatetime };
  }
  const s = start ?? Date.parse(previous?.['start_time']);
  const e = end ?? Date.parse(previous?.['end_time']);
  if (e <= s) return { status: 400, error: 'validation_error', message: MESSAGES.endAfterStart };
  const agent = body['ai_agent_id'];
  if (has(body, 'ai_agent_id') && agent !== null && !agentsOf(team).includes(agent)) return { status: 400, error: 'validation_error', message: MESSAGES.noAgent(agent) };
  const teamId = body['team_id'];
  if (has(body, 'team_id') && teamId !== team) {
    return TEAM_IDS.includes(teamId) ? { status: 403, error: 'team_access_denied' } : { status: 404, error: 'team_not_found', message: 'Team not found' };
  }
  return { start: s, end: e };
}

function agentBlock(id: number | null): Json | null {
  const agent = id === null ? undefined : AGENTS.find((a) => a.id === id);
  return agent ? { id: agent.id, name: agent.name, assistant_id: agent.assistant_id } : null;
}

/** External calendar ids for the team's connected calendars (Get Event Details' documented example: Google's is the UUID's hex). */
function externalCalendars(uuid: string, team: Team, sync: boolean): Json {
  const connected = sync ? settingsOf(team).connected_calendars : [];
  const hex = uuid.replaceAll('-', '').toLowerCase();
  return {
    google: connected.includes('google') ? hex : null,
    outlook: connected.includes('outlook') ? `AAMkA${Buffer.from(hex, 'hex').toString('base64url')}` : null,
    gohighlevel: connected.includes('gohighlevel') ? hex.slice(0, 20) : null,
  };
}

interface Written {
  /** Get Event Details after the write (and after the world's clock ended it, if its end has passed). */
  details: Json;
  /** What the write's answer shows: the status before the clock moved it. */
  answeredStatus: string;
  /** The write changed nothing (PUT/PATCH with the event's own values): the event and its updated_at stay. */
  unchanged: boolean;
  /** An open event whose end had already passed: the world ended it at once (at the write: updated_at is the write's). */
  endedAtOnce: boolean;
}

/**
 * The event a valid write leaves (the contract's Create Event and Update Event rules): create
 * and PUT start from the documented defaults, PATCH from the event; `null` clears a nullable
 * field; created_by_ai_agent is set by Create only; the event keeps id, uuid, created_at, team.
 */
function writtenEvent(mode: Mode, body: Json, previous: Json | undefined, ids: { id: number; uuid: string }, team: Team, times: { start: number; end: number }, now: number): Written {
  const kept = mode === 'patch' ? previous : undefined;
  const value = (name: string, detailName: string, fallback: unknown) => (has(body, name) ? body[name] : kept ? kept[detailName] : fallback);
  const customer: Json = {};
  for (const [name, target] of Object.entries(CUSTOMER_FIELDS)) customer[target] = has(body, name) ? body[name] : kept ? kept['customer'][target] : null;
  const agentId = has(body, 'ai_agent_id') ? body['ai_agent_id'] : kept ? (kept['ai_agent']?.id ?? null) : null;
  const status = value('status', 'status', 'scheduled') as string;
  const eventType = value('event_type', 'event_type', 'meeting') as string;
  const sync = body['sync_external_calendars'] ?? true;
  const details: Json = {
    id: ids.id,
    uuid: ids.uuid,
    title: value('title', 'title', ''),
    description: value('description', 'description', null),
    event_type: eventType,
    event_type_display: DISPLAY[eventType],
    status,
    status_display: DISPLAY[status],
    start_time: iso(times.start),
    end_time: iso(times.end),
    duration_minutes: Math.floor((times.end - times.start) / MINUTE),
    location: value('location', 'location', null),
    has_video_conference: value('has_video_conference', 'has_video_conference', false),
    video_conference_url: value('video_conference_url', 'video_conference_url', null),
    video_conference_provider: value('video_conference_provider', 'video_conference_provider', null),
    created_by_ai_agent: previous ? previous['created_by_ai_agent'] : (body['created_by_ai_agent'] ?? false),
    is_reminder_enabled: value('is_reminder_enabled', 'is_reminder_enabled', true),
    remind_before_minutes: value('remind_before_minutes', 'remind_before_minutes', 60),
    created_at: previous ? previous['created_at'] : iso(now),
    updated_at: iso(now),
    customer,
    ai_agent: agentBlock(agentId),
    team: { id: team, name: teamName(team) },
    // an update not synced keeps the ids it had; one synced (the default) has the team's
    external_calendars: previous && !sync ? previous['external_calendars'] : externalCalendars(ids.uuid, team, sync),
    ics_url: `/calendar/event/${ids.uuid}/calendar.ics`,
  };
  const unchanged = previous !== undefined && canonical({ ...details, updated_at: null }) === canonical({ ...previous, updated_at: null });
  if (unchanged) return { details: previous as Json, answeredStatus: previous?.['status'], unchanged, endedAtOnce: false };
  const endedAtOnce = isOpen(status) && times.end <= now;
  if (endedAtOnce) {
    const ended = endStatusOf(customer['phone']);
    details['status'] = ended;
    details['status_display'] = DISPLAY[ended];
  }
  return { details, answeredStatus: status, unchanged, endedAtOnce };
}

/** JSON with every object's keys sorted: equal content, equal text. */
function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) => (v !== null && typeof v === 'object' && !Array.isArray(v) ? Object.fromEntries(Object.entries(v).sort(([x], [y]) => (x < y ? -1 : 1))) : v));
}

/** An event as Get Events lists it (openapi.yaml CalendarEventListItem): Get Event Details, less some fields. */
function listItem(details: Json): Json {
  return {
    id: details['id'],
    uuid: details['uuid'],
    title: details['title'],
    event_type: details['event_type'],
    status: details['status'],
    start_time: details['start_time'],
    end_time: details['end_time'],
    duration_minutes: details['duration_minutes'],
    location: details['location'],
    has_video_conference: details['has_video_conference'],
    video_conference_url: details['video_conference_url'],
    created_by_ai_agent: details['created_by_ai_agent'],
    ai_agent: details['ai_agent'],
    customer: { name: details['customer']['name'], email: details['customer']['email'], phone: details['customer']['phone'] },
  };
}

// ---- the seeded events, read once (every world starts from the same seed at the same instant)

const seededCache = new Map<Team, Promise<Json[]>>();
/** Every event of the team a fresh world lists (Get Events over years 1000-9999), in list form. */
function seededEvents(team: Team): Promise<Json[]> {
  let events = seededCache.get(team);
  if (!events) {
    events = allEvents(client(freshWorld('seed'), team));
    seededCache.set(team, events);
  }
  return events;
}

async function allEvents(api: Client): Promise<Json[]> {
  const events: Json[] = [];
  for (let page = 1; ; page += 1) {
    const res = await api.list(query({ start_date: '1000-01-01', end_date: '9999-12-31', limit: '100', page: String(page) }));
    expect(res.status).toBe(200);
    events.push(...res.body.events);
    if (page >= res.body.pages) return events;
  }
}

// ============================================================================================
// 1. Times
// ============================================================================================

const offsetText = fc
  .record({
    sign: fc.constantFrom('+', '-'),
    hours: fc.oneof({ weight: 6, arbitrary: fc.integer({ min: 0, max: 14 }) }, { weight: 2, arbitrary: fc.constantFrom(17, 18, 19, 23, 99) }),
    minutes: fc.oneof({ weight: 6, arbitrary: fc.constantFrom(0, 30, 45) }, { weight: 1, arbitrary: fc.constantFrom(1, 59, 60, 99) }),
    colon: fc.boolean(),
  })
  .map(({ sign, hours, minutes, colon }) => `${sign}${pad(hours)}${colon ? ':' : ''}${pad(minutes)}`);

/** A date-time written from parts, each now and then out of range; sometimes mangled into a form that is not ISO 8601. */
const writtenParts = fc
  .record({
    year: fc.oneof(fc.integer({ min: 1000, max: 9999 }), fc.constantFrom(1000, 1900, 2000, 2023, 2024, 2025, 2031, 2100, 9999)),
    month: fc.oneof({ weight: 12, arbitrary: fc.integer({ min: 1, max: 12 }) }, { weight: 1, arbitrary: fc.constantFrom(0, 13, 99) }),
    day: fc.oneof({ weight: 4, arbitrary: fc.integer({ min: 1, max: 28 }) }, { weight: 4, arbitrary: fc.integer({ min: 28, max: 31 }) }, { weight: 1, arbitrary: fc.constantFrom(0, 32) }),
    hour: fc.oneof({ weight: 12, arbitrary: fc.integer({ min: 0, max: 23 }) }, { weight: 1, arbitrary: fc.constant(24) }),
    minute: fc.oneof({ weight: 12, arbitrary: fc.integer({ min: 0, max: 59 }) }, { weight: 1, arbitrary: fc.constant(60) }),
    second: fc.option(fc.integer({ min: 0, max: 59 }), { freq: 3 }),
    fraction: fc.option(fc.stringMatching(new RegExp(`^[0-9]{1,${MAX_FRACTION_DIGITS}}$`)), { freq: 2 }),
    zone: fc.oneof({ weight: 3, arbitrary: fc.constantFrom('Z', 'z', '') }, { weight: 4, arbitrary: offsetText }),
    t: fc.constantFrom('T', 'T', 'T', 't'),
    mangle: fc.oneof({ weight: 14, arbitrary: fc.constant('none') }, { weight: 1, arbitrary: fc.constantFrom('date-only', 'space', 'unpadded', 'trailing-space', 'slashes', 'leading-space') }),
  })
  .map((p) => {
    const month = p.mangle === 'unpadded' ? String(p.month) : pad(p.month);
    const date = p.mangle === 'slashes' ? `${pad(p.year, 4)}/${month}/${pad(p.day)}` : `${pad(p.year, 4)}-${month}-${pad(p.day)}`;
    if (p.mangle === 'date-only') return date;
    const seconds = p.second === null ? '' : `:${pad(p.second)}${p.fraction === null ? '' : `.${p.fraction}`}`;
    const text = `${date}${p.mangle === 'space' ? ' ' : p.t}${pad(p.hour)}:${pad(p.minute)}${seconds}${p.zone}`;
    return p.mangle === 'trailing-space' ? `${text} ` : p.mangle === 'leading-space' ? ` ${text}` : text;
  });

/** Instants around the daylight-saving changes, in the offset form (the instant is exact whatever the zone's rules). */
const DST_TIMES = [
  '2031-03-09T01:59:59.999-08:00',
  '2031-03-09T02:30:00-08:00',
  '2031-03-09T03:00:00-07:00',
  '2031-11-02T01:30:00-07:00',
  '2031-11-02T01:30:00-08:00',
  '2031-11-02T01:00:00-0800',
  '2031-03-09T02:00:00-05:00',
  '2031-03-30T02:30:00+01:00',
  '2031-10-26T02:30:00+0200',
  '2024-03-10T02:30:00-05:00',
  '2024-11-03T01:59:59.9999999-04:00',
  '2024-02-29T23:59:59.999999999-12:00',
];

const TEXTS = [
  '',
  ' ',
  'tomorrow',
  'May 1, 2025 14:00',
  '2025-05-01',
  '2023-02-29T10:00:00Z',
  '2024-02-29T10:00:00Z',
  '2025-04-31T10:00:00Z',
  '2025-02-30T10:00:00Z',
  '2025-05-01T24:00:00Z',
  '2025-05-01T23:60:00Z',
  '2025-05-01T10:00:00+18:00',
  '2025-05-01T10:00:00-18:00',
  '2025-05-01T10:00:00+18:01',
  '2025-05-01T10:00:00+19:00',
  '2025-05-01T10:00:00-1801',
  '2025-05-01 14:00',
  '1714572000',
  'null',
  '２０２５-０５-０１T１０:００Z',
  '2025-05-01T10:00:00.Z',
  '2025-05-01T10:00:00.000+05:3',
  '2025-05-01T10:00:00ZZ',
  '2025-05-01T10:00:00+05:30Z',
  'T10:00:00Z',
  '9999-12-31T23:59:59.999Z',
  '1000-01-01T00:00:00Z',
  '1000-01-01T00:00:00+01:00',
  '0999-12-31T23:00:00Z',
  '9999-12-31T23:00:00-05:00',
  '9999-12-31T19:00:00-05:00',
  '9999-12-31T23:59:59.9999999999Z',
  '2030-01-01T10:00:00.1234567890123Z',
];

/** Instants anywhere in years 1000-9999, and near the world's now (an end at or before it is ended at once). */
const instantArb = fc.oneof(
  { weight: 3, arbitrary: fc.integer({ min: Date.UTC(1000, 0, 1), max: Date.UTC(9999, 11, 31, 23, 59, 59, 999) }) },
  { weight: 2, arbitrary: fc.integer({ min: Date.UTC(2024, 0, 1), max: Date.UTC(2032, 11, 31) }) },
  { weight: 1, arbitrary: fc.integer({ min: NOW - 2 * DAY, max: NOW + 2 * DAY }) },
  { weight: 1, arbitrary: fc.constantFrom(NOW, NOW - 1, NOW + 1, NOW - MINUTE) },
);

/** Instants around the last one the API can show (9999-12-31T23:59:59.999Z), written in year 9999 with a negative offset. */
const endOfYear9999 = fc
  .tuple(fc.integer({ min: Date.UTC(9999, 11, 31, 0, 0) / MINUTE, max: Date.UTC(10000, 0, 1, 17, 0) / MINUTE }), formArb, fc.integer({ min: -1080, max: -1 }))
  .map(([minute, form, offset]) => render(minute * MINUTE, { ...form, zone: 'offset', offset: Math.min(offset, Math.floor((Date.UTC(9999, 11, 31, 23, 59) - minute * MINUTE) / MINUTE)) }));

const startText = fc.oneof(
  { weight: 4, arbitrary: writtenParts },
  { weight: 1, arbitrary: endOfYear9999 },
  { weight: 4, arbitrary: fc.tuple(instantArb, formArb).map(([i, f]) => render(i, f)) },
  { weight: 1, arbitrary: fc.constantFrom(...DST_TIMES) },
  { weight: 2, arbitrary: fc.oneof(fc.constantFrom(...TEXTS), fc.string({ maxLength: 30 })) },
);

/** From the start: the smallest steps either side, minutes, days, up to ten years. */
const deltaArb = fc.oneof(
  fc.constantFrom(0, 1, -1, 999, 59_999, 60_000, 60_001, -60_000, 3_600_000),
  fc.integer({ min: -120_000, max: 120_000 }),
  fc.integer({ min: -DAY, max: 7 * DAY }),
  fc.integer({ min: 0, max: 3653 * DAY }),
  fc.constantFrom(3652 * DAY, 3653 * DAY, 3653 * DAY + 59_999),
);

/** The same written time ten years on (a leap day then is not one). */
const tenYearsOn = (text: string) => text.replace(/^([0-9]{4})/, (y) => pad(Number(y) + 10, 4));

const timePair = startText.chain((start) => {
  const base = instantOf(start) ?? NOW;
  return fc
    .oneof(
      { weight: 5, arbitrary: fc.tuple(deltaArb, formArb).map(([d, f]) => render(base + d, f)) },
      { weight: 1, arbitrary: fc.constant(tenYearsOn(start)) },
      // the same instant written with other fraction digits: equal once cut to milliseconds
      { weight: 1, arbitrary: fc.tuple(formArb, fc.stringMatching(/^[0-9]{9}$/)).map(([f, extra]) => render(base, { ...f, seconds: true, fraction: 12, extra })) },
      { weight: 2, arbitrary: startText },
      { weight: 1, arbitrary: endOfYear9999 },
      { weight: 1, arbitrary: formArb.map((f) => render(NOW, f)) },
    )
    .map((end) => ({ start, end }));
});

describe('1. Create Event times: ISO 8601 in, UTC with milliseconds out', () => {
  it(`answers ${RUNS} generated start/end pairs as the time oracle says, and Get Event Details shows the times cut to milliseconds`, { timeout: IT_TIMEOUT }, async () => {
    const seen = new Map<string, number>();
    await fc.assert(
      fc.asyncProperty(
        timePair,
        async ({ start, end }) => {
          const api = client(freshWorld('times'));
          const res = await api.create({ title: 'T', start_time: start, end_time: end });
          tally(seen, answer(res));
          const s = instantOf(start);
          const e = instantOf(end);
          const context = `start ${JSON.stringify(start)} end ${JSON.stringify(end)}`;
          let expected: Refusal | undefined;
          if (start === '') expected = { status: 400, error: 'missing_parameter', message: MESSAGES.missing('start_time') };
          else if (end === '') expected = { status: 400, error: 'missing_parameter', message: MESSAGES.missing('end_time') };
          else if (s === undefined || e === undefined) expected = { status: 400, error: 'invalid_datetime_format', message: MESSAGES.invalidDatetime };
          else if (e <= s) expected = { status: 400, error: 'validation_error', message: MESSAGES.endAfterStart };
          if (expected) {
            expectRefusal(res, expected, context);
            // a refused body created nothing
            expect((await api.get(FIRST_NEW_ID)).status).toBe(404);
            return;
          }
          const [startMs, endMs] = [s as number, e as number];
          expect(res.status, `${context}: ${res.text}`).toBe(201);
          expect(res.body).toMatchObject({ title: 'T', start_time: iso(startMs), end_time: iso(endMs), status: 'scheduled', message: 'Event created successfully' });
          const details = await api.get(res.body.id);
          expect(details.status).toBe(200);
          expect(
            { start_time: details.body.start_time, end_time: details.body.end_time, duration_minutes: details.body.duration_minutes, status: details.body.status, created_at: details.body.created_at },
            context,
          ).toEqual({
            start_time: new Date(startMs).toISOString(),
            end_time: new Date(endMs).toISOString(),
            duration_minutes: Math.floor((endMs - startMs) / MINUTE),
            // the world's clock ends at once an event whose end has passed
            status: endMs <= NOW ? 'completed' : 'scheduled',
            created_at: iso(NOW),
          });
        },
      ),
      calendarOptions(RUNS),
    );
    console.info(`Create Event times: ${RUNS} pairs, answers ${sortedTally(seen)}`);
    expectReached(seen, ['201', '400 invalid_datetime_format', '400 validation_error'], RUNS);
  });
});

// ============================================================================================
// 2. Create Event, PUT and PATCH bodies
// ============================================================================================

const ABSENT = Symbol('absent');
type Maybe<T> = T | typeof ABSENT;
/** A value once in `times` cases, else ABSENT. */
const rarely = <T>(arbitrary: fc.Arbitrary<T>, times: number) => fc.oneof({ weight: times - 1, arbitrary: fc.constant<Maybe<T>>(ABSENT) }, { weight: 1, arbitrary });

/** Each documented field: values the contract takes, and values it refuses. */
const FIELD_VALUES: Record<string, { ok: fc.Arbitrary<unknown>; bad: fc.Arbitrary<unknown> }> = {
  title: {
    ok: fc.constantFrom('Demo', ' Padded title ', 'Réunion 🚀', 'é'.repeat(255), '😀'.repeat(255), '\u200bzero-width'),
    bad: fc.constantFrom('', '   ', '\t\n', '\u00a0\u2003', 'a'.repeat(256), 5, null, true, ['x']),
  },
  description: { ok: fc.oneof(fc.constantFrom(null, '', 'Notes for the meeting', 'x'.repeat(10000)), fc.string({ maxLength: 20 })), bad: fc.constantFrom('x'.repeat(10001), 7, false, {}) },
  event_type: { ok: fc.constantFrom(...EVENT_TYPES), bad: fc.constantFrom('webinar', 'Meeting', '', null, 1) },
  status: { ok: fc.constantFrom(...STATUSES), bad: fc.constantFrom('done', 'Scheduled', '', null, 0) },
  location: { ok: fc.constantFrom(null, 'Room 1', '', 'l'.repeat(500)), bad: fc.constantFrom('l'.repeat(501), 3, ['Room']) },
  customer_name: { ok: fc.constantFrom(null, 'Jane Doe', 'n'.repeat(200)), bad: fc.constantFrom('n'.repeat(201), 1) },
  customer_email: { ok: fc.constantFrom(null, ...VALID_EMAILS), bad: fc.constantFrom(...INVALID_EMAILS, 5) },
  customer_phone: {
    ok: fc.oneof(fc.constantFrom(null, '+15551234567', '+442071838750', '+12', NO_SHOW_PHONE), fc.stringMatching(/^\+[1-9][0-9]{1,14}$/)),
    bad: fc.constantFrom('5551234567', '+0123456', '+1', '+1234567890123456', '+1 555 123 4567', '', 15551234567),
  },
  customer_notes: { ok: fc.constantFrom(null, 'VIP', 'n'.repeat(10000)), bad: fc.constantFrom('n'.repeat(10001), true) },
  has_video_conference: { ok: fc.boolean(), bad: fc.constantFrom('yes', 1, null) },
  video_conference_url: { ok: fc.constantFrom(null, 'https://zoom.us/j/5551234567', 'u'.repeat(2048)), bad: fc.constantFrom('u'.repeat(2049), 9) },
  video_conference_provider: { ok: fc.constantFrom(null, 'Zoom', 'Google Meet', 'p'.repeat(100)), bad: fc.constantFrom('p'.repeat(101), {}) },
  is_reminder_enabled: { ok: fc.boolean(), bad: fc.constantFrom('true', 0, null) },
  remind_before_minutes: { ok: fc.oneof(fc.constantFrom(0, 1, 15, 60, 1440, 10080), fc.integer({ min: 0, max: 10080 })), bad: fc.constantFrom(-1, 10081, 1.5, '60', null) },
  ai_agent_id: { ok: fc.constantFrom(...agentsOf(101), null), bad: fc.constantFrom(512, 513, 601, 999, 0, -1, MAX_INT32 + 1, '123', 12.5) },
  team_id: { ok: fc.constant(101), bad: fc.constantFrom(202, 303, 999, 0, '101', null) },
  sync_external_calendars: { ok: fc.boolean(), bad: fc.constantFrom('no', null) },
  send_notifications: { ok: fc.boolean(), bad: fc.constantFrom(1, null) },
  created_by_ai_agent: { ok: fc.boolean(), bad: fc.constantFrom('yes', null, 1) },
};
const OPTIONAL_FIELDS = Object.keys(FIELD_VALUES).filter((name) => name !== 'title');

/** Start instants: future mostly, some past (the world ends those at once), some around now. */
const eventStart = fc.oneof(
  { weight: 4, arbitrary: fc.integer({ min: Date.UTC(2025, 5, 1) / MINUTE, max: Date.UTC(2027, 11, 31) / MINUTE }).map((m) => m * MINUTE) },
  { weight: 1, arbitrary: fc.integer({ min: Date.UTC(2024, 0, 1) / MINUTE, max: Date.UTC(2025, 3, 30) / MINUTE }).map((m) => m * MINUTE) },
  { weight: 1, arbitrary: fc.integer({ min: (NOW - 3 * 3_600_000) / MINUTE, max: (NOW + 3_600_000) / MINUTE }).map((m) => m * MINUTE) },
);

/** Valid, or not: a start and end written in random forms, the end usually after the start. */
const timesArb = fc
  .record({
    start: eventStart,
    minutes: fc.oneof({ weight: 6, arbitrary: fc.integer({ min: 1, max: 480 }) }, { weight: 1, arbitrary: fc.constantFrom(0, -30) }),
    startForm: formArb,
    endForm: formArb,
    badStart: rarely(fc.constantFrom<unknown>('', '2025-13-01T10:00:00Z', 'tomorrow', '2025-06-01', 5, null), 8),
    badEnd: rarely(fc.constantFrom<unknown>('', '2026-02-29T10:00:00Z', '2025-06-01T10:00:00+19:00', false), 8),
  })
  .map(({ start, minutes, startForm, endForm, badStart, badEnd }) => ({
    start_time: badStart !== ABSENT ? badStart : render(start, startForm),
    end_time: badEnd !== ABSENT ? badEnd : render(start + minutes * MINUTE, endForm),
  }));

/**
 * A body for `mode`: a title and the times (create and PUT: now and then one left out; PATCH:
 * each only sometimes), each optional field absent or valid; then now and then one or two
 * fields set to a value the contract refuses. PATCH also sends bodies that change nothing.
 */
function bodyArb(mode: Mode): fc.Arbitrary<Json> {
  const optional = Object.fromEntries(
    OPTIONAL_FIELDS.map((name) => [name, fc.oneof({ weight: mode === 'patch' ? 5 : 3, arbitrary: fc.constant<Maybe<unknown>>(ABSENT) }, { weight: 1, arbitrary: (FIELD_VALUES[name] as { ok: fc.Arbitrary<unknown> }).ok })]),
  ) as Record<string, fc.Arbitrary<Maybe<unknown>>>;
  const badField = fc.constantFrom(...Object.keys(FIELD_VALUES)).chain((name) => (FIELD_VALUES[name] as { bad: fc.Arbitrary<unknown> }).bad.map((v) => [name, v] as const));
  const required = mode === 'patch' ? fc.boolean().chain((sent) => (sent ? fc.constant(true) : fc.constantFrom(false, false, true))) : fc.oneof({ weight: 12, arbitrary: fc.constant(true) }, { weight: 1, arbitrary: fc.constant(false) });
  const body = fc
    .record({
      title: FIELD_VALUES['title']?.ok as fc.Arbitrary<unknown>,
      times: timesArb,
      sent: fc.record({ title: required, start_time: required, end_time: required }),
      optional: fc.record(optional),
      bad: fc.oneof(
        { weight: 4, arbitrary: fc.constant<ReadonlyArray<readonly [string, unknown]>>([]) },
        { weight: 2, arbitrary: fc.array(badField, { minLength: 1, maxLength: 2 }) },
        // only what the handler refuses after the schema: another team's agent, another team
        { weight: 2, arbitrary: fc.constantFrom<ReadonlyArray<readonly [string, unknown]>>([['ai_agent_id', 512]], [['ai_agent_id', 999]], [['team_id', 202]], [['team_id', 303]], [['team_id', 999]]) },
      ),
      extra: rarely(fc.constantFrom<Json>({ unknown_field: 'ignored' }, { id: 1 }, { created_at: '2000-01-01T00:00:00Z' }), 8),
    })
    .map(({ title, times, sent, optional: fields, bad, extra }) => {
      const written: Json = { title, ...times };
      const result: Json = {};
      for (const name of ['title', 'start_time', 'end_time'] as const) if (sent[name]) result[name] = written[name];
      for (const [name, v] of Object.entries(fields)) if (v !== ABSENT) result[name] = v;
      for (const [name, v] of bad) result[name] = v;
      return { ...result, ...(extra === ABSENT ? {} : extra) };
    });
  if (mode !== 'patch') return body;
  // bodies that change nothing: empty, or only what PATCH ignores
  const nothing = fc.constantFrom<Json>({}, { created_by_ai_agent: true }, { created_by_ai_agent: 'not even a boolean' }, { unknown_field: 1 });
  return fc.oneof({ weight: 8, arbitrary: body }, { weight: 1, arbitrary: nothing });
}

/** A body Create Event takes for sure: the base of an update. */
const baseBody = fc
  .record({
    start: eventStart,
    minutes: fc.integer({ min: 1, max: 480 }),
    fields: fc.record(Object.fromEntries(OPTIONAL_FIELDS.filter((n) => n !== 'status' && n !== 'team_id').map((n) => [n, fc.option((FIELD_VALUES[n] as { ok: fc.Arbitrary<unknown> }).ok, { freq: 2, nil: ABSENT })]))),
    confirmed: fc.boolean(),
  })
  .map(({ start, minutes, fields, confirmed }) => {
    const body: Json = { title: 'Base event', start_time: iso(start), end_time: iso(start + minutes * MINUTE), status: confirmed ? 'confirmed' : 'scheduled' };
    for (const [name, v] of Object.entries(fields)) if (v !== ABSENT) body[name] = v;
    return body;
  });

/** Team 101's seeded events to update: absolute and relative ones, open and closed. */
const SEEDED_TARGETS = [123, 124, 456, 1001, 1002, 1003, 1007, 1009, 1013, 1024, 1027, 1032];

const updateRequest = fc.record({
  method: fc.constantFrom<'PUT' | 'PATCH'>('PUT', 'PATCH'),
  target: fc.oneof(
    { weight: 6, arbitrary: fc.constant<'created'>('created') },
    { weight: 3, arbitrary: fc.constantFrom(...SEEDED_TARGETS) },
    { weight: 2, arbitrary: fc.constantFrom(...seededIdsOf(202).slice(0, 3), 999_999, 'abc') },
  ),
  base: baseBody,
});

async function checkWrite(api: Client, mode: Mode, body: Json, res: CallResult, previous: Json | undefined, targetFound: boolean, now: number, seen: Map<string, number>): Promise<void> {
  tally(seen, `${mode} ${answer(res)}`);
  if (mode !== 'create') tally(seen, `update ${answer(res)}`);
  const context = `${mode} ${JSON.stringify(body).slice(0, 600)}`;
  const verdict = schemaVerdict(mode, body) ?? (targetFound ? undefined : { status: 404, error: 'not_found', message: MESSAGES.notFound });
  const rules = verdict ?? ruleVerdict(body, previous, 101);
  if ('status' in rules) {
    expectRefusal(res, rules, context);
    // all or nothing: the event is as it was, and a refused create made none
    if (previous) expect((await api.get(previous['id'])).body).toEqual(previous);
    if (mode === 'create') expect((await api.get(FIRST_NEW_ID)).status).toBe(404);
    return;
  }
  const ids = previous ? { id: previous['id'], uuid: previous['uuid'] } : { id: res.body?.id, uuid: res.body?.uuid };
  const written = writtenEvent(mode, body, previous, ids, 101, rules, now);
  expect(res.status, `${context}: ${res.text.slice(0, 300)}`).toBe(mode === 'create' ? 201 : 200);
  const summary = { id: ids.id, uuid: ids.uuid, title: written.details['title'], start_time: written.details['start_time'], end_time: written.details['end_time'], status: written.answeredStatus };
  if (mode === 'create') {
    expect(res.body).toEqual({ ...summary, ics_url: `/calendar/event/${ids.uuid}/calendar.ics`, message: 'Event created successfully' });
    expect(res.headers.get('location')).toBe(`/api/v1/calendar/events/${ids.id}`);
    expect(ids.id).toBe(FIRST_NEW_ID);
  } else {
    expect(res.body).toEqual({ ...summary, message: 'Event updated successfully' });
  }
  const after = await api.get(ids.id);
  expect(after.status).toBe(200);
  expect(after.body, context).toEqual(written.details);
  if (written.endedAtOnce) tally(seen, `${mode} ended at once`);
  if (written.unchanged) tally(seen, `${mode} unchanged`);
  // by UUID too, the same event
  expect((await api.get(ids.uuid.toUpperCase())).body).toEqual(after.body);
}

describe('2. Create Event, PUT and PATCH Update Event: bodies over every documented field', () => {
  it(`answers ${RUNS} generated Create Event bodies as the oracle says, and Get Event Details shows the oracle's event`, { timeout: IT_TIMEOUT }, async () => {
    const seen = new Map<string, number>();
    await fc.assert(
      fc.asyncProperty(bodyArb('create'), async (body) => {
        const api = client(freshWorld('create'));
        const res = await api.create(body);
        await checkWrite(api, 'create', body, res, undefined, true, NOW, seen);
      }),
      calendarOptions<[Json]>(RUNS, [[{ ...EXAMPLE_TIMES, title: 'No such team', team_id: 999 }]]),
    );
    console.info(`Create Event bodies: ${RUNS} bodies, answers ${sortedTally(seen)}`);
    expectReached(seen, ['create 201', 'create 400 missing_parameter', 'create 400 validation_error', 'create 400 invalid_datetime_format', 'create 403 team_access_denied', 'create 404 team_not_found'], RUNS);
  });

  it(`answers ${RUNS} generated PUT and PATCH updates as the oracle says (defaults for PUT, kept fields for PATCH, null clears)`, { timeout: IT_TIMEOUT }, async () => {
    const seen = new Map<string, number>();
    const request = updateRequest.chain((r) => bodyArb(r.method === 'PUT' ? 'replace' : 'patch').map((body) => ({ ...r, body })));
    await fc.assert(
      fc.asyncProperty(request, async ({ method, target, base, body }) => {
        const api = client(freshWorld('update'));
        let id: number | string = target;
        if (target === 'created') {
          const created = await api.create(base);
          expect(created.status, created.text).toBe(201);
          id = created.body.id;
        }
        // a minute later: an update's updated_at differs from the event's
        await api.advance(60);
        const before = await api.get(id);
        const previous = before.status === 200 ? (before.body as Json) : undefined;
        const mode: Mode = method === 'PUT' ? 'replace' : 'patch';
        const res = await api.update(method, id, body);
        await checkWrite(api, mode, body, res, previous, previous !== undefined, NOW + MINUTE, seen);
      }),
      calendarOptions<[{ method: 'PUT' | 'PATCH'; target: number | string; base: Json; body: Json }]>(RUNS, [
        [{ method: 'PATCH', target: 'created', base: { ...EXAMPLE_TIMES, title: 'Base event' }, body: { team_id: 999 } }],
        [{ method: 'PATCH', target: 'created', base: { ...EXAMPLE_TIMES, title: 'Base event' }, body: {} }],
      ]),
    );
    console.info(`PUT/PATCH Update Event: ${RUNS} updates, answers ${sortedTally(seen)}`);
    expectReached(
      seen,
      [
        'replace 200', 'patch 200', 'patch unchanged', 'replace 400 missing_parameter', 'replace 400 validation_error', 'patch 400 validation_error',
        'update 400 missing_parameter', 'update 400 invalid_datetime_format', 'update 404 not_found', 'update 403 team_access_denied', 'update 404 team_not_found',
      ],
      RUNS,
    );
  });

  it('an empty PATCH changes nothing, not even updated_at; created_by_ai_agent is ignored by PATCH and PUT', async () => {
    const api = client(freshWorld('update-empty'));
    const created = await api.create({ title: 'Kept', start_time: '2026-01-05T10:00:00Z', end_time: '2026-01-05T11:00:00Z', created_by_ai_agent: true, location: 'Room 2' });
    await api.advance(120);
    const before = (await api.get(created.body.id)).body;
    expect((await api.update('PATCH', created.body.id, {})).status).toBe(200);
    expect((await api.update('PATCH', created.body.id, { created_by_ai_agent: false })).status).toBe(200);
    expect((await api.get(created.body.id)).body).toEqual(before);
    expect((await api.update('PUT', created.body.id, { title: 'Kept', start_time: '2026-01-05T10:00:00Z', end_time: '2026-01-05T11:00:00Z', created_by_ai_agent: false })).status).toBe(200);
    const replaced = (await api.get(created.body.id)).body;
    expect(replaced).toEqual({ ...before, location: null, updated_at: '2025-05-01T12:02:00.000Z' });
  });
});

// ============================================================================================
// 3. Get Events: model-based sequences
// ============================================================================================

interface Bound {
  /** A date, a date-time written in some form, an event's own start or end (index into the model), or text that is neither. */
  kind: 'date' | 'instant' | 'event-edge' | 'invalid';
  ms: number;
  form: TimeForm;
  pick: number;
  edge: 'start' | 'end';
  text: string;
}

interface EventsQuery {
  start?: Bound;
  end?: Bound | 'same';
  status?: string;
  page?: string;
  limit?: string;
}

type EventsOp =
  | { kind: 'create'; team: Team; start: number; minutes: number; copyStart: number | null; form: TimeForm; fields: Json }
  | { kind: 'cancel'; team: Team; pick: number }
  | { kind: 'move'; team: Team; pick: number; start: number; minutes: number }
  | { kind: 'query'; team: Team; query: EventsQuery };

const gridInstant = (from: number, to: number, step: number) => fc.integer({ min: Math.ceil(from / step), max: Math.floor(to / step) }).map((n) => n * step);

const boundArb: fc.Arbitrary<Bound> = fc.record({
  kind: fc.constantFrom<Bound['kind']>('date', 'date', 'instant', 'event-edge', 'event-edge', 'invalid'),
  ms: fc.oneof(
    { weight: 8, arbitrary: gridInstant(Date.UTC(2024, 0, 1), Date.UTC(2027, 0, 1), 30 * MINUTE) },
    { weight: 1, arbitrary: fc.integer({ min: Date.UTC(2024, 0, 1), max: Date.UTC(2027, 0, 1) }) },
    { weight: 1, arbitrary: fc.constantFrom(Date.UTC(1000, 0, 1), Date.UTC(9999, 10, 30), Date.UTC(9999, 11, 20), NOW, Date.UTC(2025, 4, 1)) },
  ),
  form: formArb,
  pick: fc.nat(),
  edge: fc.constantFrom<'start' | 'end'>('start', 'end'),
  text: fc.constantFrom('2025-02-30', '2025/05/01', 'tomorrow', '2025-05-01T24:00:00Z', '05-01-2025', '2025-5-1', '', '2025-05-01T10:00:00+19:00'),
});

const eventsQueryArb: fc.Arbitrary<EventsQuery> = fc.record(
  {
    start: boundArb,
    end: fc.oneof({ weight: 6, arbitrary: boundArb }, { weight: 1, arbitrary: fc.constant<'same'>('same') }),
    status: fc.oneof({ weight: 4, arbitrary: fc.constantFrom(...STATUSES) }, { weight: 1, arbitrary: fc.constantFrom('done', 'CANCELLED') }),
    page: fc.oneof({ weight: 8, arbitrary: fc.integer({ min: 1, max: 4 }).map(String) }, { weight: 1, arbitrary: fc.constantFrom('0', '-1', 'abc', '1.5', '2147483648') }),
    limit: fc.oneof({ weight: 8, arbitrary: fc.constantFrom('1', '2', '3', '5', '10', '100') }, { weight: 2, arbitrary: fc.integer({ min: 1, max: 100 }).map(String) }, { weight: 1, arbitrary: fc.constantFrom('0', '101', 'ten') }),
  },
  { requiredKeys: [] },
);

const eventFields = (team: Team) =>
  fc.record(
    {
      status: fc.constantFrom('scheduled', 'confirmed'),
      event_type: fc.constantFrom(...EVENT_TYPES),
      location: fc.constantFrom(null, 'Room 1', 'Online'),
      customer_name: fc.constantFrom(null, 'Jane Doe'),
      customer_email: fc.constantFrom(null, 'jane.doe@example.com'),
      customer_phone: fc.constantFrom(null, '+15551234567', NO_SHOW_PHONE),
      has_video_conference: fc.boolean(),
      video_conference_url: fc.constantFrom(null, 'https://zoom.us/j/1'),
      created_by_ai_agent: fc.boolean(),
      ai_agent_id: fc.constantFrom(...agentsOf(team)),
    },
    { requiredKeys: [] },
  );

const eventsOpArb: fc.Arbitrary<EventsOp> = fc.constantFrom<Team>(101, 101, 202).chain((team) =>
  fc.oneof(
    {
      weight: 4,
      arbitrary: fc.record({
        kind: fc.constant<'create'>('create'),
        team: fc.constant(team),
        start: fc.oneof({ weight: 5, arbitrary: gridInstant(Date.UTC(2024, 5, 1), Date.UTC(2026, 5, 1), 30 * MINUTE) }, { weight: 1, arbitrary: gridInstant(NOW - 2 * DAY, NOW + 2 * DAY, 15 * MINUTE) }),
        minutes: fc.oneof({ weight: 6, arbitrary: fc.constantFrom(15, 30, 45, 60, 90, 120) }, { weight: 1, arbitrary: fc.constantFrom(1440 * 3, 1440 * 40, 1) }),
        copyStart: fc.oneof({ weight: 3, arbitrary: fc.constant(null) }, { weight: 1, arbitrary: fc.nat() }),
        form: formArb,
        fields: eventFields(team),
      }),
    },
    { weight: 1, arbitrary: fc.record({ kind: fc.constant<'cancel'>('cancel'), team: fc.constant(team), pick: fc.nat() }) },
    {
      weight: 1,
      arbitrary: fc.record({
        kind: fc.constant<'move'>('move'),
        team: fc.constant(team),
        pick: fc.nat(),
        start: gridInstant(Date.UTC(2024, 5, 1), Date.UTC(2026, 5, 1), 30 * MINUTE),
        minutes: fc.constantFrom(15, 30, 60, 600),
      }),
    },
    { weight: 4, arbitrary: fc.record({ kind: fc.constant<'query'>('query'), team: fc.constant(team), query: eventsQueryArb }) },
  ),
);

/** A world's events as the model keeps them: the list items of each team, by id. */
class EventsModel {
  readonly byTeam = new Map<Team, Map<number, Json>>();
  created = 0;

  static async start(): Promise<EventsModel> {
    const model = new EventsModel();
    for (const team of [101, 202] as const) model.byTeam.set(team, new Map((await seededEvents(team)).map((e) => [e.id as number, structuredClone(e)])));
    return model;
  }

  events(team: Team): Json[] {
    return [...(this.byTeam.get(team) as Map<number, Json>).values()];
  }

  /** Every event of both teams, in id order (the pick of cancel and move may name another team's). */
  all(): Json[] {
    return [...this.events(101), ...this.events(202)].sort((a, b) => a['id'] - b['id']);
  }
}

const byStartThenId = (a: Json, b: Json) => Date.parse(a['start_time']) - Date.parse(b['start_time']) || a['id'] - b['id'];

/** A query bound's text, and what the model reads it as: a date (its UTC midnight) or an instant. */
function boundText(bound: Bound, model: EventsModel, team: Team): string {
  switch (bound.kind) {
    case 'date':
      return isoDate(bound.ms);
    case 'instant':
      return render(bound.ms, bound.form);
    case 'event-edge': {
      const events = model.events(team);
      const event = events[bound.pick % events.length] as Json;
      return render(Date.parse(event[bound.edge === 'start' ? 'start_time' : 'end_time']), bound.form);
    }
    case 'invalid':
      return bound.text;
  }
}

type EventsParams = { start_date?: string | undefined; end_date?: string | undefined; status?: string | undefined; page?: string | undefined; limit?: string | undefined };

/**
 * Get Events' range as the contract reads it: a date is its UTC midnight (an end date: the
 * midnight after it, its whole day included), a date-time its instant; no start is today, no end
 * the date 30 days after the start's (UTC) date, included. Undefined for a bound that is neither.
 */
function eventsRange(params: EventsParams): { from: number | undefined; to: number | undefined } {
  const read = (text: string, endOfDay: boolean): number | undefined => {
    const date = dateOf(text);
    return date !== undefined ? date + (endOfDay ? DAY : 0) : instantOf(text);
  };
  const from = params.start_date === undefined ? (dateOf(TODAY) as number) : read(params.start_date, false);
  const to = params.end_date === undefined ? (from === undefined ? undefined : Math.floor(from / DAY) * DAY + 31 * DAY) : read(params.end_date, true);
  return { from, to };
}

/** The oracle of Get Events: the model's page, or the refusal. */
function eventsVerdict(params: EventsParams, model: EventsModel, team: Team): Refusal | Json {
  const page = params.page === undefined ? 1 : Number(params.page);
  const limit = params.limit === undefined ? 10 : Number(params.limit);
  // the query parameters' schemas first (400 validation_error), then the dates
  if (params.status !== undefined && !(STATUSES as readonly string[]).includes(params.status)) return { status: 400, error: 'validation_error' };
  if (integerVerdict(params.page ?? '1', 1, MAX_INT32) !== 'valid') return { status: 400, error: 'validation_error' };
  if (integerVerdict(params.limit ?? '10', 1, 100) !== 'valid') return { status: 400, error: 'validation_error' };
  const { from, to } = eventsRange(params);
  if (from === undefined || to === undefined) return { status: 400, error: 'invalid_parameter_format', message: MESSAGES.invalidDate };
  // the range's end before its start; an empty range (the end where the start is) is not refused
  if (to < from) return { status: 400, error: 'invalid_parameter_format', message: MESSAGES.endBeforeStart };
  // [from, to) with to = from is empty: nothing overlaps it, not even an event around that instant
  const matching = model
    .events(team)
    .filter((e) => from < to && Date.parse(e['start_time']) < to && Date.parse(e['end_time']) > from && (params.status === undefined || e['status'] === params.status))
    .sort(byStartThenId);
  return { count: matching.length, page, limit, pages: Math.max(1, Math.ceil(matching.length / limit)), events: matching.slice((page - 1) * limit, page * limit) };
}

async function runEventsOp(op: EventsOp, world: string, model: EventsModel, seen: Map<string, number>): Promise<void> {
  const api = client(world, op.team);
  if (op.kind === 'create') {
    if (model.created >= 40) return; // under the daily creation limit of 50
    const events = model.all();
    const start = op.copyStart === null || events.length === 0 ? op.start : Date.parse((events[op.copyStart % events.length] as Json)['start_time']);
    const body = { title: `Event ${model.created}`, start_time: render(start, op.form), end_time: render(start + op.minutes * MINUTE, op.form), ...op.fields };
    const res = await api.create(body);
    tally(seen, `create ${answer(res)}`);
    expect(res.status, res.text).toBe(201);
    model.created += 1;
    const written = writtenEvent('create', body, undefined, { id: res.body.id, uuid: res.body.uuid }, op.team, { start, end: start + op.minutes * MINUTE }, NOW);
    model.byTeam.get(op.team)?.set(res.body.id, listItem(written.details));
    return;
  }
  if (op.kind === 'cancel' || op.kind === 'move') {
    const events = model.all();
    const target = events[op.pick % events.length] as Json;
    const mine = model.byTeam.get(op.team)?.get(target['id']);
    if (op.kind === 'cancel') {
      const res = await api.cancel(target['id']);
      tally(seen, `cancel ${answer(res)}`);
      if (!mine) return expectRefusal(res, { status: 404, error: 'not_found', message: MESSAGES.notFound }, `cancel ${target['id']}`);
      expect(res.body).toEqual({ id: mine['id'], uuid: mine['uuid'], status: 'cancelled', message: 'Event cancelled successfully' });
      mine['status'] = 'cancelled';
      return;
    }
    const body = { start_time: iso(op.start), end_time: iso(op.start + op.minutes * MINUTE) };
    const res = await api.update('PATCH', target['id'], body);
    tally(seen, `move ${answer(res)}`);
    if (!mine) return expectRefusal(res, { status: 404, error: 'not_found', message: MESSAGES.notFound }, `move ${target['id']}`);
    expect(res.status, res.text).toBe(200);
    const moved = mine['start_time'] !== body.start_time || mine['end_time'] !== body.end_time;
    mine['start_time'] = body.start_time;
    mine['end_time'] = body.end_time;
    mine['duration_minutes'] = op.minutes;
    if (moved && isOpen(mine['status']) && op.start + op.minutes * MINUTE <= NOW) mine['status'] = endStatusOf(mine['customer']['phone']);
    return;
  }
  const q = op.query;
  const start = q.start === undefined ? undefined : boundText(q.start, model, op.team);
  const end = q.end === undefined ? undefined : q.end === 'same' ? (start ?? TODAY) : boundText(q.end, model, op.team);
  const params = { start_date: start, end_date: end, status: q.status, page: q.page, limit: q.limit };
  const res = await api.list(query(params));
  tally(seen, `list ${answer(res)}`);
  const expected = eventsVerdict(params, model, op.team);
  const context = `GET ${LIST}${query(params)} (team ${op.team})`;
  if ('error' in expected) return expectRefusal(res, expected as Refusal, context);
  expect(res.status, `${context}: ${res.text.slice(0, 300)}`).toBe(200);
  expect(res.body, context).toEqual(expected);
  if (expected['count'] > 0) tally(seen, 'list 200 not empty');
}

describe('3. Get Events: sequences of writes and queries against a model of the world', () => {
  it(`keeps ${SEQUENCE_RUNS} generated sequences equal to the model: events overlapping [from, to), by start then id, paged`, { timeout: IT_TIMEOUT }, async () => {
    const seen = new Map<string, number>();
    await fc.assert(
      fc.asyncProperty(fc.array(eventsOpArb, { minLength: 3, maxLength: 30 }), async (ops) => {
        const world = freshWorld('events');
        const model = await EventsModel.start();
        for (const op of ops) await runEventsOp(op, world, model, seen);
        // at the end: every event of each team, in order, as the model has it
        for (const team of [101, 202] as const) expect(await allEvents(client(world, team))).toEqual(model.events(team).sort(byStartThenId));
      }),
      calendarOptions(SEQUENCE_RUNS),
    );
    console.info(`Get Events sequences: ${SEQUENCE_RUNS} sequences, answers ${sortedTally(seen)}`);
    expectReached(seen, ['create 201', 'cancel 200', 'cancel 404 not_found', 'move 200', 'list 200', 'list 200 not empty', 'list 400 invalid_parameter_format', 'list 400 validation_error'], SEQUENCE_RUNS);
  });
});

// ============================================================================================
// 4. Get Availability
// ============================================================================================

const WEEKDAYS: readonly Weekday[] = ['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'];

interface Slot {
  start: string;
  end: string;
  duration_minutes: number;
}
interface Busy {
  start: number;
  end: number;
}

const minutesOf = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));

/**
 * The oracle's slots (luxon, written from the contract): each day of the range in the team's
 * zone, each working interval of its weekday, candidates at its start then every `duration`
 * minutes while the slot ends within it; kept when at or after now + notice and no busy event
 * overlaps [start − buffer, end + buffer).
 */
function expectedSlots(team: Team, startDate: string, endDate: string, duration: number, busy: readonly Busy[], now: number): Slot[] {
  const settings = settingsOf(team);
  const slots: Slot[] = [];
  const buffer = settings.buffer_minutes * MINUTE;
  const earliest = now + settings.advance_notice_minutes * MINUTE;
  const last = DateTime.fromISO(endDate, { zone: 'utc' });
  for (let day = DateTime.fromISO(startDate, { zone: 'utc' }); day <= last; day = day.plus({ days: 1 })) {
    const intervals = settings.working_hours[WEEKDAYS[day.weekday - 1] as Weekday] ?? [];
    for (const [from, to] of intervals) {
      const local = (minutes: number) => DateTime.fromObject({ year: day.year, month: day.month, day: day.day, hour: Math.floor(minutes / 60), minute: minutes % 60 }, { zone: settings.timezone });
      const intervalEnd = local(minutesOf(to)).toMillis();
      for (let t = local(minutesOf(from)).toMillis(); t + duration * MINUTE <= intervalEnd; t += duration * MINUTE) {
        const end = t + duration * MINUTE;
        if (t < earliest) continue;
        if (busy.some((b) => b.start < end + buffer && b.end > t - buffer)) continue;
        slots.push({ start: iso(t), end: iso(end), duration_minutes: duration });
      }
    }
  }
  return slots;
}

/** A zone's UTC offset (minutes) at an instant, by luxon, cached per UTC hour (the teams' zones change offset on whole hours). */
const offsetCache = new Map<string, number>();
function localParts(zone: string, ms: number): { date: string; minute: number; weekday: Weekday } {
  const hour = Math.floor(ms / 3_600_000);
  const key = `${zone}|${hour}`;
  let offset = offsetCache.get(key);
  if (offset === undefined) {
    offset = DateTime.fromMillis(hour * 3_600_000, { zone }).offset;
    offsetCache.set(key, offset);
  }
  const local = new Date(ms + offset * MINUTE);
  return { date: local.toISOString().slice(0, 10), minute: local.getUTCHours() * 60 + local.getUTCMinutes(), weekday: WEEKDAYS[(local.getUTCDay() + 6) % 7] as Weekday };
}

/** What every answer's slots must be, checked one by one (the exact list follows; these say which rule broke). */
function expectSlotInvariants(team: Team, startDate: string, endDate: string, duration: number, slots: readonly Slot[], busy: readonly Busy[], now: number): void {
  const settings = settingsOf(team);
  const buffer = settings.buffer_minutes * MINUTE;
  let previousEnd = -Infinity;
  for (const slot of slots) {
    const start = Date.parse(slot.start);
    const end = Date.parse(slot.end);
    const local = localParts(settings.timezone, start);
    const localEnd = localParts(settings.timezone, end);
    const to = localEnd.date === local.date ? localEnd.minute : 1440;
    const intervals = settings.working_hours[local.weekday] ?? [];
    const near = busy.find((b) => b.start < end + buffer && b.end > start - buffer);
    const broken = [
      slot.duration_minutes !== duration || end - start !== duration * MINUTE ? `does not last ${duration} minutes` : '',
      local.date < startDate || local.date > endDate ? `is outside ${startDate}..${endDate}` : '',
      intervals.some(([a, b]) => minutesOf(a) <= local.minute && to <= minutesOf(b)) ? '' : `is outside the working hours of ${local.weekday} ${local.date}`,
      start < now + settings.advance_notice_minutes * MINUTE ? 'is within the advance notice' : '',
      near ? `is within ${settings.buffer_minutes} minutes of the event ${iso(near.start)}..${iso(near.end)}` : '',
      start < previousEnd ? 'overlaps or precedes the previous slot' : '',
    ].filter((problem) => problem !== '');
    expect(broken, `slot ${JSON.stringify(slot)}`).toEqual([]);
    previousEnd = end;
  }
}

/** The DST changes of 2030-2032 in the US (the teams' zones). */
const DST_DATES = ['2030-03-10', '2030-11-03', '2031-03-09', '2031-11-02', '2032-03-14', '2032-11-07'];

const availabilityWindow = fc.oneof(
  { weight: 4, arbitrary: fc.integer({ min: Date.UTC(2030, 0, 1) / DAY, max: Date.UTC(2032, 11, 1) / DAY }).map((d) => isoDate(d * DAY)) },
  { weight: 2, arbitrary: fc.tuple(fc.constantFrom(...DST_DATES), fc.integer({ min: -12, max: 2 })).map(([date, shift]) => isoDate((dateOf(date) as number) + shift * DAY)) },
  // around the world's start: seeded events, past days and the advance notice matter
  { weight: 1, arbitrary: fc.integer({ min: -5, max: 3 }).map((shift) => isoDate(NOW + shift * DAY)) },
);

const durationArb = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(15, 30, 45, 60, 90, 120, 180) },
  { weight: 2, arbitrary: fc.integer({ min: 1, max: 180 }) },
  { weight: 1, arbitrary: fc.constantFrom(1, 7, 13, 179) },
);

interface PlannedEvent {
  team: Team;
  /** Day of the range (mapped per case: −1 and `days` are the days either side), and local minute of that day. */
  day: number;
  minute: number;
  minutes: number;
  fate: 'keep' | 'cancel' | 'patch-cancel' | 'complete' | 'no_show' | 'confirm';
  form: TimeForm;
}

const plannedEventArb: fc.Arbitrary<PlannedEvent> = fc.record({
  team: fc.constantFrom<Team>(101, 202),
  day: fc.nat({ max: 40 }),
  minute: fc.oneof({ weight: 4, arbitrary: fc.integer({ min: 7 * 12, max: 19 * 12 }).map((n) => n * 5) }, { weight: 1, arbitrary: fc.integer({ min: 0, max: 1439 }) }),
  minutes: fc.oneof({ weight: 4, arbitrary: fc.integer({ min: 1, max: 48 }).map((n) => n * 5) }, { weight: 1, arbitrary: fc.integer({ min: 1, max: 600 }) }, { weight: 1, arbitrary: fc.constantFrom(1440, 3 * 1440) }),
  fate: fc.constantFrom<PlannedEvent['fate']>('keep', 'keep', 'keep', 'cancel', 'patch-cancel', 'complete', 'no_show', 'confirm'),
  form: formArb,
});

const availabilityCase = fc
  .record({
    team: fc.constantFrom<Team>(101, 202),
    startDate: availabilityWindow,
    days: fc.oneof({ weight: 3, arbitrary: fc.integer({ min: 1, max: 10 }) }, { weight: 1, arbitrary: fc.integer({ min: 11, max: 30 }) }),
    duration: durationArb,
    events: fc.array(plannedEventArb, { maxLength: 10 }),
    omitEnd: fc.oneof({ weight: 8, arbitrary: fc.constant(false) }, { weight: 1, arbitrary: fc.constant(true) }),
    omitDuration: fc.oneof({ weight: 8, arbitrary: fc.constant(false) }, { weight: 1, arbitrary: fc.constant(true) }),
  })
  .map((c) => ({ ...c, events: c.events.map((e) => ({ ...e, day: e.day % (c.days + 2) - 1 })) }));

/** The instant of a local time `minute` minutes after the local midnight of `day` days after `date`, in the team's zone. */
function localInstant(team: Team, date: string, day: number, minute: number): number {
  const midnight = DateTime.fromISO(date, { zone: settingsOf(team).timezone }).plus({ days: day });
  return midnight.plus({ minutes: minute }).toMillis();
}

/** The team's busy times in the world: seeded and created events that are not cancelled. */
async function seededBusy(team: Team): Promise<Busy[]> {
  return (await seededEvents(team)).filter((e) => e['status'] !== 'cancelled').map((e) => ({ start: Date.parse(e['start_time']), end: Date.parse(e['end_time']) }));
}

/** Creates the planned events in the world, each then left, cancelled or given another status; returns each team's busy times added. */
async function createPlanned(world: string, startDate: string, events: readonly PlannedEvent[]): Promise<Map<Team, Busy[]>> {
  const busy = new Map<Team, Busy[]>([
    [101, []],
    [202, []],
  ]);
  for (const [n, e] of events.entries()) {
    const api = client(world, e.team);
    const start = localInstant(e.team, startDate, e.day, e.minute);
    const end = start + e.minutes * MINUTE;
    const created = await api.create({ title: `Busy ${n}`, start_time: render(start, e.form), end_time: render(end, e.form) });
    expect(created.status, created.text).toBe(201);
    const id = created.body.id;
    if (e.fate === 'cancel') expect((await api.cancel(id)).status).toBe(200);
    else if (e.fate === 'patch-cancel') expect((await api.update('PATCH', id, { status: 'cancelled' })).status).toBe(200);
    else if (e.fate === 'complete' || e.fate === 'no_show' || e.fate === 'confirm') {
      expect((await api.update('PATCH', id, { status: e.fate === 'complete' ? 'completed' : e.fate === 'confirm' ? 'confirmed' : 'no_show' })).status).toBe(200);
    }
    // completed and no-show events still take their time; cancelled ones do not
    if (e.fate !== 'cancel' && e.fate !== 'patch-cancel') busy.get(e.team)?.push({ start, end });
  }
  return busy;
}

describe('4. Get Availability: the exact slots of the working hours around the events', () => {
  it(`answers ${SEQUENCE_RUNS} generated worlds and ranges with exactly the slots the luxon oracle computes`, { timeout: IT_TIMEOUT }, async () => {
    const seen = new Map<string, number>();
    let slotsSeen = 0;
    let blocked = 0;
    await fc.assert(
      fc.asyncProperty(availabilityCase, async (c) => {
        const world = freshWorld('availability');
        const added = await createPlanned(world, c.startDate, c.events);
        const busy = [...(await seededBusy(c.team)), ...(added.get(c.team) as Busy[])];
        const endDate = c.omitEnd ? isoDate((dateOf(c.startDate) as number) + 7 * DAY) : isoDate((dateOf(c.startDate) as number) + (c.days - 1) * DAY);
        const duration = c.omitDuration ? 30 : c.duration;
        const res = await client(world, c.team).availability(query({ start_date: c.startDate, end_date: c.omitEnd ? undefined : endDate, duration: c.omitDuration ? undefined : String(c.duration) }));
        tally(seen, answer(res));
        expect(res.status, res.text.slice(0, 300)).toBe(200);
        const slots = res.body.available_slots as Slot[];
        expectSlotInvariants(c.team, c.startDate, endDate, duration, slots, busy, NOW);
        const expected = expectedSlots(c.team, c.startDate, endDate, duration, busy, NOW);
        expect(res.body).toEqual({ user_id: settingsOf(c.team).user_id, start_date: c.startDate, end_date: endDate, duration_minutes: duration, available_slots: expected, count: expected.length });
        slotsSeen += expected.length;
        blocked += expectedSlots(c.team, c.startDate, endDate, duration, [], NOW).length - expected.length;
      }),
      calendarOptions(SEQUENCE_RUNS),
    );
    console.info(`Get Availability worlds: ${SEQUENCE_RUNS} cases, ${slotsSeen} slots compared, ${blocked} taken away by events, answers ${sortedTally(seen)}`);
    if (SEQUENCE_RUNS >= COVERAGE_RUNS) expect(blocked).toBeGreaterThan(0);
  });

  it('defaults: today in the team’s zone and 7 days on, 30-minute slots (the advance notice cuts the first hour of team 202)', async () => {
    for (const team of [101, 202] as const) {
      const res = await client(freshWorld('availability-defaults'), team).availability('');
      const expected = expectedSlots(team, TODAY, '2025-05-08', 30, await seededBusy(team), NOW);
      expect(res.body).toEqual({ user_id: settingsOf(team).user_id, start_date: TODAY, end_date: '2025-05-08', duration_minutes: 30, available_slots: expected, count: expected.length });
    }
  });

  const dateText = fc.oneof(
    { weight: 6, arbitrary: availabilityWindow },
    {
      weight: 2,
      arbitrary: fc.constantFrom('2031-02-29', '2032-02-29', '2032-02-30', '2031-13-01', '2031-00-10', '2031-1-05', '20310105', '2031-01-05T00:00:00Z', '2031/01/05', 'today', ' 2031-01-05', '2031-01-05 ', '', '2031-04-31'),
    },
  );
  const durationText = fc.oneof(
    { weight: 4, arbitrary: fc.integer({ min: 1, max: 180 }).map(String) },
    { weight: 2, arbitrary: fc.constantFrom('0', '181', '1.5', 'abc', '-30', '1e400', '1000000', '180.5', 'NaN', '') },
    { weight: 1, arbitrary: fc.constantFrom(' 30', '30.0', '0x1e', '1e1', '+30', '030') },
  );
  const paramsArb = fc.record(
    {
      start: dateText,
      end: fc.oneof(
        { weight: 3, arbitrary: dateText },
        { weight: 3, arbitrary: fc.tuple(fc.integer({ min: -3, max: 20 }), fc.constant(null)) },
        { weight: 1, arbitrary: fc.tuple(fc.constantFrom(364, 365, 366, 367, 400), fc.constant(null)) },
      ),
      duration: durationText,
    },
    { requiredKeys: [] },
  );

  it(`answers ${RUNS} generated parameter sets (dates, range, duration) with the documented code, else the oracle's slots`, { timeout: IT_TIMEOUT }, async () => {
    const seen = new Map<string, number>();
    const world = freshWorld('availability-params'); // read only: every case sees the seeded world
    await fc.assert(
      fc.asyncProperty(fc.constantFrom<Team>(101, 202), paramsArb, async (team, p) => {
        const start = p.start;
        const startMs = start === undefined ? dateOf(TODAY) : dateOf(start);
        const end = Array.isArray(p.end) ? (startMs === undefined ? '2031-01-10' : isoDate(startMs + (p.end[0] as number) * DAY)) : p.end;
        // a long range only with long slots (a year of 1-minute slots is megabytes)
        const duration = Array.isArray(p.end) && (p.end[0] as number) > 40 && p.duration !== undefined && Number(p.duration) < 120 ? '120' : p.duration;
        const res = await client(world, team).availability(query({ start_date: start, end_date: end, duration }));
        tally(seen, answer(res));
        const context = `GET ${AVAILABILITY}${query({ start_date: start, end_date: end, duration })} (team ${team})`;
        const s = start === undefined ? dateOf(TODAY) : dateOf(start);
        const e = end === undefined ? (s === undefined ? undefined : s + 7 * DAY) : dateOf(end);
        let expected: Refusal | undefined;
        if (s === undefined || e === undefined) expected = { status: 400, error: 'invalid_parameter_format', message: MESSAGES.invalidDate };
        else if (e < s) expected = { status: 400, error: 'invalid_parameter_format', message: MESSAGES.endBeforeStart };
        // more than 366 days, both ends included
        else if ((e - s) / DAY + 1 > 366) expected = { status: 400, error: 'invalid_parameter_format', message: MESSAGES.rangeTooLong };
        const verdict = integerVerdict(duration ?? '30', 1, 180);
        if (!expected && verdict === 'invalid') expected = { status: 400, error: 'invalid_duration', message: MESSAGES.invalidDuration };
        if (!expected && verdict === 'lenient' && res.status === 400) expected = { status: 400, error: 'invalid_duration', message: MESSAGES.invalidDuration };
        if (expected) return expectRefusal(res, expected, context);
        expect(res.status, `${context}: ${res.text.slice(0, 300)}`).toBe(200);
        const [startDate, endDate] = [isoDate(s as number), isoDate(e as number)];
        const slots = expectedSlots(team, startDate, endDate, Number(duration ?? '30'), await seededBusy(team), NOW);
        expect(res.body, context).toEqual({ user_id: settingsOf(team).user_id, start_date: startDate, end_date: endDate, duration_minutes: Number(duration ?? '30'), available_slots: slots, count: slots.length });
      }),
      calendarOptions(RUNS),
    );
    console.info(`Get Availability parameters: ${RUNS} cases, answers ${sortedTally(seen)}`);
    expectReached(seen, ['200', '400 invalid_parameter_format', '400 invalid_duration'], RUNS);
  });
});

// ============================================================================================
// 5. Booking round trip
// ============================================================================================

const bookingCase = fc.record({
  team: fc.constantFrom<Team>(101, 202),
  startDate: availabilityWindow,
  days: fc.integer({ min: 3, max: 7 }),
  duration: durationArb,
  pick: fc.nat(),
  form: formArb,
  cancelBy: fc.constantFrom<'cancel' | 'patch' | 'put'>('cancel', 'cancel', 'patch', 'put'),
  otherEvents: fc.array(plannedEventArb, { maxLength: 4 }),
});

describe('5. Booking round trip: a booked slot takes its buffer; cancelling it gives the slots back', () => {
  it(`books ${SEQUENCE_RUNS} random free slots: the slots within the buffer go, and come back on cancellation`, { timeout: IT_TIMEOUT }, async () => {
    let booked = 0;
    await fc.assert(
      fc.asyncProperty(bookingCase, async (c) => {
        const world = freshWorld('booking');
        const events = c.otherEvents.map((e) => ({ ...e, day: e.day % c.days }));
        const added = await createPlanned(world, c.startDate, events);
        const api = client(world, c.team);
        const endDate = isoDate((dateOf(c.startDate) as number) + (c.days - 1) * DAY);
        const q = query({ start_date: c.startDate, end_date: endDate, duration: String(c.duration) });
        const before = await api.availability(q);
        expect(before.status).toBe(200);
        const slots = before.body.available_slots as Slot[];
        if (slots.length === 0) return;
        const slot = slots[c.pick % slots.length] as Slot;
        const [start, end] = [Date.parse(slot.start), Date.parse(slot.end)];
        const created = await api.create({ title: 'Booked', start_time: render(start, c.form), end_time: render(end, c.form) });
        expect(created.status, created.text).toBe(201);
        expect({ start_time: created.body.start_time, end_time: created.body.end_time }).toEqual({ start_time: slot.start, end_time: slot.end });
        booked += 1;
        const buffer = settingsOf(c.team).buffer_minutes * MINUTE;
        const after = await api.availability(q);
        const remaining = slots.filter((s) => !(start < Date.parse(s.end) + buffer && end > Date.parse(s.start) - buffer));
        expect(after.body.available_slots).toEqual(remaining);
        expect(after.body.count).toBe(remaining.length);
        expect(after.body.available_slots).not.toContainEqual(slot);
        const busy = [...(await seededBusy(c.team)), ...(added.get(c.team) as Busy[]), { start, end }];
        expect(after.body.available_slots).toEqual(expectedSlots(c.team, c.startDate, endDate, c.duration, busy, NOW));
        // the other team's availability does not see the booking
        const other: Team = c.team === 101 ? 202 : 101;
        const otherBusy = [...(await seededBusy(other)), ...(added.get(other) as Busy[])];
        expect((await client(world, other).availability(q)).body.available_slots).toEqual(expectedSlots(other, c.startDate, endDate, c.duration, otherBusy, NOW));
        // cancelled (Cancel Event, or an update to status cancelled): as before
        if (c.cancelBy === 'cancel') expect((await api.cancel(created.body.id)).status).toBe(200);
        else if (c.cancelBy === 'patch') expect((await api.update('PATCH', created.body.id, { status: 'cancelled' })).status).toBe(200);
        else expect((await api.update('PUT', created.body.id, { title: 'Booked', start_time: slot.start, end_time: slot.end, status: 'cancelled' })).status).toBe(200);
        expect((await api.availability(q)).body).toEqual(before.body);
      }),
      calendarOptions(SEQUENCE_RUNS),
    );
    console.info(`Booking round trips: ${SEQUENCE_RUNS} cases, ${booked} slots booked`);
    if (SEQUENCE_RUNS >= COVERAGE_RUNS) expect(booked).toBeGreaterThan(SEQUENCE_RUNS / 2);
  });
});

// ============================================================================================
// What the properties found: the sandbox's answers that contradicted the contract, as plain tests
// ============================================================================================

describe('edge cases the properties found', () => {
  it('a valid time whose UTC instant falls in year 10000 is refused (400 invalid_datetime_format), not a 500', async () => {
    // Found by property 1. POST create {start_time: "9999-12-31T20:00:00Z", end_time:
    // "9999-12-31T23:00:00-05:00"}: the end is 10000-01-01T04:00:00Z, which CalendarDateTime
    // (four-digit years) cannot show; the sandbox answered 201 with "+010000-01-01T04:00:00.000Z",
    // which its response guard turned into 500 server_error (and logged).
    const res = await client(freshWorld('edge-year-10000')).create({ title: 'T', start_time: '9999-12-31T20:00:00Z', end_time: '9999-12-31T23:00:00-05:00' });
    expect(res.body).toEqual({ error: 'invalid_datetime_format', message: MESSAGES.invalidDatetime });
  });

  it('a fraction of a second with more than 9 digits is cut to milliseconds, not refused', async () => {
    // Found by property 1. The contract: "Times are stored and shown in UTC with milliseconds (a
    // finer fraction is cut)"; RFC 3339 sets no limit (and Contacts take any). The sandbox
    // answered 400 invalid_datetime_format to 10 digits and more.
    const res = await client(freshWorld('edge-fraction')).create({ title: 'T', start_time: '2030-01-01T10:00:00.1234567890Z', end_time: '2030-01-01T11:00:00Z' });
    expect(res.status).toBe(201);
    expect(res.body.start_time).toBe('2030-01-01T10:00:00.123Z');
  });

  it('an event written after its end is ended at the write: updated_at is the write’s, not before created_at', async () => {
    // Found by property 2. POST create {start_time: "2020-01-01T10:00:00Z", end_time:
    // "2020-01-01T11:00:00Z"} at 2025-05-01T12:00:00Z: Get Event Details showed status completed,
    // created_at 2025-05-01T12:00:00.000Z and updated_at 2020-01-01T11:00:00.000Z.
    const api = client(freshWorld('edge-updated-at'));
    const res = await api.create({ title: 'Past', start_time: '2020-01-01T10:00:00Z', end_time: '2020-01-01T11:00:00Z' });
    expect((await api.get(res.body.id)).body).toMatchObject({ status: 'completed', created_at: iso(NOW), updated_at: iso(NOW) });
    await api.advance(60);
    expect((await api.update('PATCH', res.body.id, { status: 'confirmed' })).body.status).toBe('confirmed');
    expect((await api.get(res.body.id)).body).toMatchObject({ status: 'completed', updated_at: iso(NOW + MINUTE) });
  });

  it('Get Events: equal date-time bounds are an empty range, not an end before the start', async () => {
    // Found by property 3. GET …/events?start_date=2025-05-01T14:30:00Z&end_date=2025-05-01T14:30:00Z
    // answered 400 "end_date must not be before start_date"; the end is not before the start.
    const res = await client(freshWorld('edge-equal-bounds')).list(query({ start_date: '2025-05-01T14:30:00Z', end_date: '2025-05-01T14:30:00Z' }));
    expect({ status: res.status, count: res.body.count }).toEqual({ status: 200, count: 0 });
  });

  it('Get Events: a start date in late December 9999 without end_date is a valid date, not "Invalid date format"', async () => {
    // Found by property 3. GET …/events?start_date=9999-12-20: the default end (30 days on) fell in
    // year 10000, was written "+010000-01-19" and then refused as an invalid date format.
    const res = await client(freshWorld('edge-default-end')).list(query({ start_date: '9999-12-20' }));
    expect({ status: res.status, count: res.body.count }).toEqual({ status: 200, count: 0 });
  });

  it('Get Availability: a range over 366 days has the contract’s message', async () => {
    // Found by property 4. openapi.yaml (getAvailability 400 example): "The date range must not be
    // longer than 366 days"; the sandbox said "The range may span at most 366 days".
    const res = await client(freshWorld('edge-range-message')).availability(query({ start_date: '2031-01-01', end_date: '2032-01-02', duration: '180' }));
    expect(res.body).toEqual({ error: 'invalid_parameter_format', message: MESSAGES.rangeTooLong });
  });
});
