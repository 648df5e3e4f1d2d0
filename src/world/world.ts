import { mulberry32 } from '../random/mulberry32.js';
import type { SerializedBody } from '../router/serialized-body.js';
import { runCallStep, type CallStep } from './call-lifecycle.js';
import type { AllowedHosts } from '../webhooks/allowed-hosts.js';
import { DeliveryLog, type DeliveryLogSnapshot } from '../webhooks/delivery-log.js';
import { WebhookRegistry, type SeededWebhook, type WebhookRegistrySnapshot } from '../webhooks/registry.js';
import { CalendarEvents, type CalendarEventsSnapshot } from './calendar-events.js';
import { runCalendarTask, startCalendar, type EventTask, type SeedEventsTask } from './calendar-lifecycle.js';
import { Clock, type ClockMode, type ClockSnapshot } from './clock.js';
import { callContactOf } from './contact-fields.js';
import { Contacts, type ContactsSnapshot } from './contacts.js';
import { ContextVariables, type ContextVariablesSnapshot } from './context-variables.js';
import type { Agent, CallContact, CallRecord, CallStatus, TeamRecord } from './records.js';
import { callMatches, type CallIndexFilter } from './call-index.js';
import { countOf, pageOf, type OverlaidList } from './overlaid-list.js';
import { teamPhone, type Seed, type SeedCall } from './seed.js';

/** How long each phase of an initiated call lasts, in seconds of the world's clock. */
export interface CallTiming {
  /** queued → in-progress (or failed). */
  queueSeconds: number;
  /** in-progress → completed: the call's duration. */
  talkSeconds: number;
  /** After the end, between each of transcript, summary and recording becoming available. */
  processingSeconds: number;
}

export const DEFAULT_CALL_TIMING: CallTiming = { queueSeconds: 2, talkSeconds: 10, processingSeconds: 2 };

/**
 * What a world tells the webhook dispatcher (src/webhooks/dispatcher.ts), which lives outside
 * the world: the world records events and schedules retries on its clock; sending is not its job.
 */
export interface WebhookSink {
  /** An event was recorded: deliver it to the webhooks subscribed to it, if any. */
  eventRecorded(world: World, event: WorldEvent): void;
  /** A delivery's retry fell due on the world's clock. */
  retryDue(world: World, deliveryId: string): void;
}

export interface WorldOptions {
  clock: { mode: ClockMode; /** manual mode: the first instant, epoch ms */ start?: number };
  callTiming: CallTiming;
  webhooks?: {
    sink?: WebhookSink;
    /** Registered in every world at its start (`--webhook-url`). */
    seeded?: readonly SeededWebhook[];
    /** `--webhook-hosts`: registration refuses other hosts. */
    allowedHosts?: AllowedHosts;
  };
  /** Told whenever a world's state may have changed (a write, a clock step, a delivery's attempt): `--data-dir` saves it. */
  onChange?: (world: World) => void;
}

/**
 * A world as saved in a data directory (`--data-dir`) or exported: what it holds beyond the seed,
 * its clock and its timeline. Plain JSON; `src/persistence/` reads and writes it.
 */
export interface WorldSnapshot {
  name: string;
  /** Wall clock, epoch ms. */
  created_at: number;
  /** The world instant its seeded calendar was placed from (fixture events sit relative to it). */
  calendar_start: number;
  clock: ClockSnapshot<WorldTask>;
  next_call_id: number;
  /** Calls the world created (oldest first) or changed. */
  calls: CallRecord[];
  agent_stats: Array<{ agent_id: number; calls: number; seconds: number }>;
  balances: Array<{ team_id: number; balance: number }>;
  daily_use: Array<{ key: string; day: number; used: number }>;
  event_sequence: number;
  events: WorldEvent[];
  /** `call:<id>` / `calendar_event:<id>` → the last request that wrote it. */
  causes: Array<{ subject: string; request_id: string }>;
  contacts: ContactsSnapshot;
  variables: ContextVariablesSnapshot;
  calendar: CalendarEventsSnapshot;
  webhooks: WebhookRegistrySnapshot;
  deliveries: DeliveryLogSnapshot;
}

/** A step of an initiated call. */
export interface CallTask {
  kind: 'call';
  callId: number;
  step: CallStep;
}

/** A webhook delivery's next attempt. */
export interface DeliveryTask {
  kind: 'delivery';
  deliveryId: string;
}

/** A scheduled step of a world's timeline: plain data, so a timeline can be listed and saved. */
export type WorldTask = CallTask | EventTask | SeedEventsTask | DeliveryTask;

/** What a world event is about: a call, or a calendar event. */
export type WorldEventSubject = { call: { id: number; call_id: string } } | { calendar_event: { id: number; uuid: string } };

/** What some events add: call.failed's reason, calendar.cancelled's reason, calendar.updated's previous times. */
export interface WorldEventDetails {
  reason?: string;
  previous_start?: string;
  previous_end?: string;
}

/** Something that happened in a world, named as the Klen webhooks name it (`call.started`, `calendar.created`…). */
export type WorldEvent = {
  sequence: number;
  type: string;
  /** The world's time, ISO 8601. */
  time: string;
  /**
   * The API request that caused it (`req_…`, as the request journal names it): the request being
   * handled, else the last request that wrote the call or calendar event (a call's later steps
   * follow from its Initiate Call). Null for what no request caused (the seeded timeline).
   */
  request_id: string | null;
  /** Fired on demand by the admin API's trigger, not by the lifecycle. */
  triggered?: true;
} & WorldEventSubject &
  WorldEventDetails;

export interface CallFilter {
  /** An agent's database id or assistant_id. */
  agent?: string;
  status?: CallStatus;
  type?: CallRecord['type'];
}

/** When a fresh world places its seeded calendar if nothing needed it before (`World.calendar`). */
export const PLACE_CALENDAR_AFTER_MS = 1000;

/** How many events a world keeps (oldest dropped first). */
export const MAX_WORLD_EVENTS = 10_000;

/**
 * Everything one client can see and change: the calls, agents, contacts and wallets of every
 * team, a clock and the events that happened. Starts as a thin layer over the immutable seed
 * and copies only what it changes (a thousand idle sessions cost a thousand empty maps).
 * Knows nothing of HTTP. Reads go through the small API below, never through raw maps, so
 * indexes can be added under it without touching a handler.
 */
export class World {
  readonly name: string;
  readonly seed: Seed;
  readonly clock: Clock<WorldTask>;
  readonly timing: CallTiming;
  /** The contacts of every team (Contacts API; calls refer to them by id). */
  readonly contacts: Contacts;
  /** Context variable definitions and business context (Context Variables API). */
  readonly variables: ContextVariables;
  #calendar: CalendarEvents | undefined;
  /** A fresh world places its seeded calendar when first needed, or after PLACE_CALENDAR_AFTER_MS. */
  #calendarTimer: NodeJS.Timeout | undefined;
  /** The webhooks registered in this world (Create Webhook). */
  readonly webhooks: WebhookRegistry;
  /** What was sent to them, and what became of it. */
  readonly deliveries = new DeliveryLog();
  /** Wall-clock ms (session bookkeeping, not world time). */
  readonly createdAt: number;
  /** Wall-clock ms of the last use; a restart counts as one (idle sessions expire from it). */
  lastUsedAt = Date.now();
  /** The world instant its seeded calendar was placed from. */
  readonly calendarStart: number;

  /** Calls created or changed in this world, by database id. */
  readonly #calls = new Map<number, CallRecord>();
  /** call_id → database id, for the calls created in this world. */
  readonly #createdCallIds = new Map<string, number>();
  /** Each team's created calls' ids, oldest first (ids, not records: the records change, in #calls). */
  readonly #createdByTeam = new Map<number, number[]>();
  /**
   * Each team's seeded calls this world changed (their records in #calls): id → position in the
   * team's seeded list, under the team whose list holds them. Lists correct the seed index with them.
   */
  readonly #changedSeededByTeam = new Map<number, Map<number, number>>();
  readonly #agentStats = new Map<number, { calls: number; seconds: number }>();
  readonly #balances = new Map<number, number>();
  /** `limit|key` → the UTC day (of the world's clock) and how many were used on it. */
  readonly #dailyUse = new Map<string, { day: number; used: number }>();
  readonly #events: WorldEvent[] = [];
  readonly #sink: WebhookSink | undefined;
  readonly #onChange: ((world: World) => void) | undefined;
  /** The API request being handled, while a handler runs. */
  #request: string | undefined;
  /** While the admin API's trigger acts: the events it causes are marked `triggered`. */
  #triggering = false;
  /** `call:<id>` / `calendar_event:<id>` → the last request that wrote it. */
  readonly #causes = new Map<string, string>();
  #disposed = false;
  /** How many of the clock's pending tasks are call steps (the rest are the calendar's). */
  #pendingCallSteps = 0;
  #eventSequence = 0;
  #nextCallId: number;

  /** A world fresh from the seed, or (`saved`) one put back as it was saved. */
  constructor(name: string, seed: Seed, options: WorldOptions, saved?: WorldSnapshot) {
    this.name = name;
    this.seed = seed;
    this.timing = options.callTiming;
    this.createdAt = saved?.created_at ?? Date.now();
    this.#nextCallId = seed.maxCallId + 1;
    this.contacts = new Contacts(seed);
    this.variables = new ContextVariables(seed);
    this.#sink = options.webhooks?.sink;
    this.#onChange = options.onChange;
    this.webhooks = new WebhookRegistry(options.webhooks?.allowedHosts);
    this.clock = new Clock<WorldTask>({ ...options.clock, prepare: () => void this.#placeCalendar(), onDue: (task, at) => {
        this.#onChange?.(this);
        if (task.kind === 'delivery') return this.#sink?.retryDue(this, task.deliveryId);
        if (task.kind !== 'call') return runCalendarTask(this, task, at);
        this.#pendingCallSteps -= 1;
        runCallStep(this, task, at);
      },
    });
    if (saved) this.clock.restore(saved.clock);
    this.calendarStart = saved?.calendar_start ?? this.clock.now();
    if (saved) this.#restore(saved);
    else {
      for (const team of seed.teams.values()) for (const webhook of options.webhooks?.seeded ?? []) this.webhooks.seed(team.id, webhook, isoSeconds(this.clock.now()));
      this.#calendarTimer = setTimeout(() => void this.calendar, PLACE_CALENDAR_AFTER_MS).unref();
    }
  }

  /**
   * The calendar events of every team (Calendar API). A fresh world places its seeded events (on
   * the world's first day, in each team's time zone) and arms their steps on first use: by a
   * request or anything else that reads them, by the clock before it runs a task (`prepare`), or
   * a second after the world started. Placing them is the first use of time zones, whose data
   * ICU loads then (~20 ms, ~40 ms of a start with the work around it), and a start need not wait
   * for it to answer its first request. Placed as of the world's start, whenever it happens, and
   * the steps that fell due since run at once, each at its own instant, before the caller reads
   * anything: the clock ran no other task meanwhile (it prepares before running any), so the
   * world is as if they had been placed at its start. What differs is only when a webhook of
   * such a step is sent: up to a second later.
   */
  get calendar(): CalendarEvents {
    if (this.#calendar) return this.#calendar;
    const calendar = this.#placeCalendar();
    if (!this.clock.running) this.#catchUp();
    return calendar;
  }

  /** Places the seeded calendar (a fresh world: and arms its steps). The clock's `prepare`: the clock runs what is due next. */
  #placeCalendar(): CalendarEvents {
    if (this.#calendar) return this.#calendar;
    this.#calendar = new CalendarEvents(this.seed.calendar(this.calendarStart), this.seed.maxIds.event + 1);
    const fresh = this.#calendarTimer !== undefined;
    clearTimeout(this.#calendarTimer);
    this.#calendarTimer = undefined;
    if (fresh) startCalendar(this, this.calendarStart);
    return this.#calendar;
  }

  /** Runs what fell due as the clock itself would: caused by no request, not triggered. */
  #catchUp(): void {
    const request = this.#request;
    const triggering = this.#triggering;
    this.#request = undefined;
    this.#triggering = false;
    try {
      this.clock.runDue();
    } finally {
      this.#request = request;
      this.#triggering = triggering;
    }
  }

  /** Tells the data directory (if any) that the world may have changed, so it is saved soon. */
  changed(): void {
    // a dropped world is never saved again: a delivery attempt that ends within the saver's 20 ms
    // between a session's deletion and the removal of its file would otherwise keep the file
    if (!this.#disposed) this.#onChange?.(this);
  }

  /** Everything the world holds beyond the seed, its clock and timeline: plain data, for saving. */
  snapshot(): WorldSnapshot {
    return {
      name: this.name,
      created_at: this.createdAt,
      calendar_start: this.calendarStart,
      clock: this.clock.snapshot(),
      next_call_id: this.#nextCallId,
      calls: [...this.#calls.values()].sort((a, b) => a.id - b.id),
      agent_stats: [...this.#agentStats].map(([agent_id, stats]) => ({ agent_id, ...stats })),
      balances: [...this.#balances].map(([team_id, balance]) => ({ team_id, balance })),
      daily_use: [...this.#dailyUse].map(([key, use]) => ({ key, ...use })),
      event_sequence: this.#eventSequence,
      events: this.events(),
      causes: [...this.#causes].map(([subject, request_id]) => ({ subject, request_id })),
      contacts: this.contacts.snapshot(),
      variables: this.variables.snapshot(),
      calendar: this.calendar.snapshot(),
      webhooks: this.webhooks.snapshot(),
      deliveries: this.deliveries.snapshot(),
    };
  }

  /** Fills a world just built with what was saved (the clock is restored already). */
  #restore(saved: WorldSnapshot): void {
    this.#nextCallId = saved.next_call_id;
    for (const call of saved.calls) {
      // a call with an id above the seed's was created in this world; the others are changed seeded ones
      if (call.id > this.seed.maxCallId) this.addCall(call);
      else this.putCall(call);
    }
    for (const { agent_id, calls, seconds } of saved.agent_stats) this.#agentStats.set(agent_id, { calls, seconds });
    for (const { team_id, balance } of saved.balances) this.#balances.set(team_id, balance);
    for (const { key, day, used } of saved.daily_use) this.#dailyUse.set(key, { day, used });
    this.#eventSequence = saved.event_sequence;
    this.#events.push(...saved.events);
    for (const { subject, request_id } of saved.causes) this.#causes.set(subject, request_id);
    this.#pendingCallSteps = saved.clock.tasks.filter((t) => t.task.kind === 'call').length;
    this.contacts.restore(saved.contacts);
    this.variables.restore(saved.variables);
    this.calendar.restore(saved.calendar);
    this.webhooks.restore(saved.webhooks);
    this.deliveries.restore(saved.deliveries);
  }

  /** Brings the world up to now (runs lifecycle steps that fell due) and marks it used. */
  touch(): this {
    this.lastUsedAt = Date.now();
    this.clock.runDue();
    return this;
  }

  // ---- calls

  /**
   * The call with this database id or call_id, if it belongs to the team. `seedJson` is the
   * seeded detail object's JSON while nothing it shows has changed in this world.
   */
  findCall(idOrCallId: string, teamId: number): { record: CallRecord; seedJson?: SerializedBody } | undefined {
    const createdId = this.#createdCallIds.get(idOrCallId);
    const seeded = createdId === undefined ? this.seed.callsByEitherId.get(idOrCallId) : undefined;
    const id = createdId ?? seeded?.record.id ?? (/^[1-9][0-9]{0,15}$/.test(idOrCallId) ? Number(idOrCallId) : undefined);
    const own = id === undefined ? undefined : this.#calls.get(id);
    const record = own ?? seeded?.record;
    if (!record || record.team_id !== teamId) return undefined;
    if (own || !seeded) return { record };
    const contactChanged = record.contact_id !== null && this.contacts.isChanged(record.contact_id);
    return contactChanged ? { record } : { record, seedJson: seeded.json };
  }

  /**
   * One page of the team's calls matching `filter`, newest (highest id) first, and how many match
   * in all: the calls this world created (newest first, checked one by one: a world creates few),
   * then the seeded ones, from the seed's index (src/world/call-index.ts) corrected by the seeded
   * calls this world changed (src/world/overlaid-list.ts). Nothing walks the seeded calls.
   */
  listCalls(teamId: number, filter: CallFilter, offset: number, limit: number): { count: number; calls: CallRecord[] } {
    const agent = filter.agent === undefined ? undefined : this.findAgent(filter.agent, teamId);
    if (filter.agent !== undefined && !agent) return { count: 0, calls: [] };
    const wanted: CallIndexFilter = {
      ...(agent ? { agentId: agent.id } : {}),
      ...(filter.status === undefined ? {} : { status: filter.status }),
      ...(filter.type === undefined ? {} : { type: filter.type }),
    };
    const filtered = agent !== undefined || filter.status !== undefined || filter.type !== undefined;
    const created = this.#createdByTeam.get(teamId) ?? [];
    const newest = (i: number) => this.#calls.get(created[created.length - 1 - i] as number) as CallRecord;
    // the created calls come first: unfiltered, by position; filtered, those that match
    let createdCount = created.length;
    const calls: CallRecord[] = [];
    if (!filtered) {
      for (let i = offset; i < Math.min(created.length, offset + limit); i += 1) calls.push(newest(i));
    } else {
      createdCount = 0;
      for (let i = 0; i < created.length; i += 1) {
        const call = newest(i);
        if (!callMatches(call, wanted)) continue;
        if (createdCount >= offset && calls.length < limit) calls.push(call);
        createdCount += 1;
      }
    }
    const seeded = this.seed.callsByTeam.get(teamId) ?? [];
    const list = this.#seededCalls(teamId, wanted);
    if (calls.length < limit) {
      for (const entry of pageOf(list, Math.max(0, offset - createdCount), limit - calls.length)) {
        const seed = (seeded[(entry as { position: number }).position] as SeedCall).record;
        calls.push(this.#calls.get(seed.id) ?? seed);
      }
    }
    return { count: createdCount + countOf(list), calls };
  }

  /** The team's seeded calls matching `filter` as this world has them: the seed index's answer, corrected by the calls it changed. */
  #seededCalls(teamId: number, filter: CallIndexFilter): OverlaidList<never> {
    const removed: number[] = [];
    const added: number[] = [];
    const seeded = this.seed.callsByTeam.get(teamId) ?? [];
    for (const [id, position] of this.#changedSeededByTeam.get(teamId) ?? []) {
      const was = callMatches((seeded[position] as SeedCall).record, filter);
      if (was !== callMatches(this.#calls.get(id) as CallRecord, filter)) (was ? removed : added).push(position);
    }
    return { base: this.seed.callIndex.matching(teamId, filter), removed: removed.sort((a, b) => a - b), added: added.sort((a, b) => a - b), inserted: [] };
  }

  /** A call by database id, whatever its team (lifecycle steps use it). */
  callById(id: number): CallRecord | undefined {
    return this.#calls.get(id) ?? this.seed.callsByEitherId.get(String(id))?.record;
  }

  /** The next database id and a call_id no other call of the world uses. */
  newCallIds(): { id: number; call_id: string } {
    const id = this.#nextCallId++;
    let n = id;
    let callId = deterministicCallId(n);
    while (this.seed.callsByEitherId.has(callId) || this.#createdCallIds.has(callId)) callId = deterministicCallId((n += 7919));
    return { id, call_id: callId };
  }

  /** Stores a new call. */
  addCall(call: CallRecord): void {
    if (this.#request !== undefined) this.#causes.set(`call:${call.id}`, this.#request);
    this.#calls.set(call.id, call);
    this.#createdCallIds.set(call.call_id, call.id);
    const list = this.#createdByTeam.get(call.team_id) ?? [];
    list.push(call.id);
    this.#createdByTeam.set(call.team_id, list);
  }

  /** Schedules a step of a call's lifecycle on the world's clock. */
  scheduleCallStep(at: number, task: CallTask): void {
    this.#pendingCallSteps += 1;
    this.clock.schedule(at, task);
  }

  /** Stores a changed call (records are replaced, never mutated: a reader keeps a consistent one). */
  putCall(call: CallRecord): void {
    this.#calls.set(call.id, call);
    // a seeded one is noted, with its place, under the team whose seeded list holds it
    const seeded = call.id <= this.seed.maxCallId ? this.seed.callsByEitherId.get(String(call.id)) : undefined;
    if (seeded) {
      const team = seeded.record.team_id;
      const changed = this.#changedSeededByTeam.get(team) ?? new Map<number, number>();
      if (!changed.has(call.id)) changed.set(call.id, this.seed.callIndex.positionOf(team, call.id));
      this.#changedSeededByTeam.set(team, changed);
    }
  }

  // ---- agents

  /** An agent of the team by database id (number or digits) or assistant_id. */
  findAgent(idOrAssistantId: string | number, teamId: number): Agent | undefined {
    const byId = typeof idOrAssistantId === 'number' || /^[1-9][0-9]{0,15}$/.test(idOrAssistantId) ? this.seed.agents.get(Number(idOrAssistantId)) : undefined;
    const agent = byId ?? (typeof idOrAssistantId === 'string' ? this.seed.agentsByAssistantId.get(idOrAssistantId) : undefined);
    return agent && agent.team_id === teamId ? this.#withStats(agent) : undefined;
  }

  /** The agent by database id, with this world's usage added (any team). */
  agentById(id: number): Agent | undefined {
    const agent = this.seed.agents.get(id);
    return agent && this.#withStats(agent);
  }

  /** The team's agents, in database id order. */
  agentsOfTeam(teamId: number): Agent[] {
    return [...this.seed.agents.values()].filter((a) => a.team_id === teamId).sort((a, b) => a.id - b.id).map((a) => this.#withStats(a));
  }

  /** Counts a completed call in its agent's `total_calls` and `minutes_used`. */
  recordAgentCall(agentId: number, seconds: number): void {
    const stats = this.#agentStats.get(agentId) ?? { calls: 0, seconds: 0 };
    this.#agentStats.set(agentId, { calls: stats.calls + 1, seconds: stats.seconds + seconds });
  }

  #withStats(agent: Agent): Agent {
    const stats = this.#agentStats.get(agent.id);
    if (!stats) return agent;
    return { ...agent, total_calls: agent.total_calls + stats.calls, minutes_used: Math.round((agent.minutes_used + stats.seconds / 60) * 100) / 100 };
  }

  // ---- contacts as calls show them, teams, Do Not Call

  /** The contact block of a call to this contact (Get Call Details' `contact`). */
  callContact(id: number): CallContact | undefined {
    const contact = this.contacts.get(id);
    return contact && callContactOf(contact);
  }

  /** The team's contact with this number (the lowest id, if several have it), for a call without `contact_id`. */
  contactForPhone(teamId: number, phone: string): number | undefined {
    return this.contacts.withPhone(teamId, phone)[0]?.id;
  }

  team(id: number): TeamRecord | undefined {
    return this.seed.teams.get(id);
  }

  balance(teamId: number): number {
    return this.#balances.get(teamId) ?? this.seed.teams.get(teamId)?.wallet_balance ?? 0;
  }

  charge(teamId: number, amount: number): void {
    this.#balances.set(teamId, Math.round((this.balance(teamId) - amount) * 100) / 100);
  }

  /**
   * Whether the number is on the team's Do Not Call list: listed in do-not-call.json (numbers of
   * no contact), or a number of one of the team's contacts marked `do_not_call`.
   */
  isDoNotCall(teamId: number, phone: string): boolean {
    if (this.seed.doNotCall.has(teamPhone(teamId, phone))) return true;
    return this.contacts.withPhone(teamId, phone).some((c) => c.phone_numbers.some((p) => p.phone_number === phone && p.do_not_call));
  }

  // ---- daily limits

  /**
   * Counts one use of a per-day limit (e.g. `calendar_events_per_day_limit`) by a key, on the UTC
   * day of the world's clock. Returns undefined when within the limit, else the whole seconds to
   * the next UTC midnight (the `Retry-After` value); a refused use is not counted.
   */
  useDaily(limit: string, key: string, allowed: number): number | undefined {
    const now = this.clock.now();
    const day = Math.floor(now / 86_400_000);
    const name = `${limit}|${key}`;
    const use = this.#dailyUse.get(name);
    const used = use?.day === day ? use.used : 0;
    if (used >= allowed) return Math.max(1, Math.ceil(((day + 1) * 86_400_000 - now) / 1000));
    this.#dailyUse.set(name, { day, used: used + 1 });
    return undefined;
  }

  // ---- events

  /**
   * Records that something happened (named as the Klen webhooks name it) and hands it to the
   * webhook dispatcher.
   */
  emit(type: string, at: number, subject: WorldEventSubject, details: WorldEventDetails = {}): WorldEvent {
    const cause = 'call' in subject ? `call:${subject.call.id}` : `calendar_event:${subject.calendar_event.id}`;
    if (this.#request !== undefined) this.#causes.set(cause, this.#request);
    const event: WorldEvent = { sequence: ++this.#eventSequence, type, time: isoSeconds(at), request_id: this.#causes.get(cause) ?? null, ...subject, ...details };
    if (this.#triggering) event.triggered = true;
    this.#events.push(event);
    // trimmed in batches of a tenth, so a busy world does not shift 10,000 entries per event
    if (this.#events.length > MAX_WORLD_EVENTS * 1.1) this.#events.splice(0, this.#events.length - MAX_WORLD_EVENTS);
    this.#sink?.eventRecorded(this, event);
    return event;
  }

  /** Runs `handle` as API request `requestId`: what it writes and the events it causes are linked to the request. */
  handling<T>(requestId: string, handle: () => T): T {
    this.#request = requestId;
    try {
      return handle();
    } finally {
      this.#request = undefined;
    }
  }

  /** Runs `act` for the admin API's trigger: the events it causes are marked `triggered`. */
  triggering<T>(act: () => T): T {
    // what the seeded calendar has due runs first, as the clock's own doing, not the trigger's
    void this.calendar;
    this.#triggering = true;
    try {
      return act();
    } finally {
      this.#triggering = false;
    }
  }

  /** Schedules a webhook delivery's next attempt on the world's clock. */
  scheduleRetry(at: number, deliveryId: string): void {
    this.clock.schedule(at, { kind: 'delivery', deliveryId });
  }

  /** The last 10,000 events after `sequence` (all by default), oldest first. */
  events(after = 0): WorldEvent[] {
    return this.#events.slice(-MAX_WORLD_EVENTS).filter((e) => e.sequence > after);
  }

  /** What the world holds beyond the seed: the size an admin sees for a session. */
  stats(): { callsCreated: number; recordsChanged: number; events: number; pendingSteps: number; pendingCallSteps: number } {
    let created = 0;
    for (const list of this.#createdByTeam.values()) created += list.length;
    return {
      callsCreated: created,
      recordsChanged: this.#calls.size - created + this.contacts.changedCount + this.variables.changedCount + this.calendar.changedCount + this.#agentStats.size + this.#balances.size,
      events: Math.min(this.#events.length, MAX_WORLD_EVENTS),
      pendingSteps: this.clock.pendingCount,
      pendingCallSteps: this.#pendingCallSteps,
    };
  }

  /** Stops the world's clock (it is being reset or dropped): its pending deliveries are not sent. */
  dispose(): void {
    this.#disposed = true;
    clearTimeout(this.#calendarTimer);
    this.clock.dispose();
  }

  get disposed(): boolean {
    return this.#disposed;
  }
}

let lastIsoSecond = { second: NaN, iso: '' };

/** ISO 8601 UTC without milliseconds, as the Klen docs write times: `2025-04-23T14:30:45Z`. */
export function isoSeconds(ms: number): string {
  // the same second as the last call's, as a busy world's writes and events mostly are: its
  // string again (toISOString was 2% of Initiate Call's CPU, profiled)
  const second = Math.floor(ms / 1000);
  if (second !== lastIsoSecond.second) lastIsoSecond = { second, iso: new Date(second * 1000).toISOString().replace('.000Z', 'Z') };
  return lastIsoSecond.iso;
}

/**
 * `call_` and 10 lowercase letters and digits, like the seeded calls, derived from the database
 * id alone (mulberry32): every world gives its n-th call the same call_id, run after run.
 */
function deterministicCallId(n: number): string {
  const alphabet = 'abcdefghijklmnopqrstuvwxyz0123456789';
  let state = (n * 2654435761) >>> 0;
  let text = 'call_';
  for (let i = 0; i < 10; i += 1) {
    const draw = mulberry32(state);
    state = draw.state;
    text += alphabet[Math.floor(draw.value * alphabet.length)];
  }
  return text;
}
