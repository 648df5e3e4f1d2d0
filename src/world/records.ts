import type { components } from '../../types/openapi.js';
import type { AvailabilitySettings } from '../calendar/availability.js';

/** The contract's types (`npm run types` generates them from openapi.yaml). */
export type Call = components['schemas']['Call'];
export type CallStatus = components['schemas']['CallStatus'];
export type CallContact = components['schemas']['CallContact'];
export type Billing = components['schemas']['Billing'];
export type Agent = components['schemas']['Agent'];
export type Contact = components['schemas']['Contact'];
export type ContactPhoneNumber = components['schemas']['ContactPhoneNumber'];
export type ContactNote = components['schemas']['ContactNote'];
export type Team = components['schemas']['Team'];
export type ContextVariable = components['schemas']['ContextVariable'];
export type VariableType = components['schemas']['VariableType'];
export type ContextType = components['schemas']['ContextType'];

/** Why a call failed: the values the call.failed webhook documents. */
export const FAILURE_REASONS = ['twilio-failed-to-connect-call', 'no-answer', 'busy', 'disconnected', 'invalid-number', 'rejected', 'canceled', 'failed'] as const;
export type FailureReason = (typeof FAILURE_REASONS)[number];

/**
 * A call as a world stores it: the detail object's own fields, with the agent, the team and the
 * contact held by id (so a renamed agent or a contact's new `last_call_date` shows in every call
 * that refers to it), plus what only the sandbox knows.
 */
export interface CallRecord {
  id: number;
  call_id: string;
  team_id: number;
  agent_id: number;
  contact_id: number | null;
  status: CallStatus;
  type: Call['type'];
  phone_number: string;
  started_at: string | null;
  ended_at: string | null;
  duration_seconds: number | null;
  summary: string | null;
  transcript: string | null;
  recording_url: string | null;
  billing: Billing;
  /** Initiated calls: when they were created and expected to connect. */
  created_at?: string;
  estimated_start?: string;
  /** Initiated calls that fail: the documented reason (shown in the world's events). */
  failure_reason?: FailureReason | undefined;
  /** Initiated calls: the request's `variables`, used in the simulated transcript and summary. */
  variables?: Record<string, unknown> | undefined;
}

/** A team as the seed holds it: its name, its wallet and its business profile (sandbox only: `teams.json`). */
export interface TeamRecord {
  id: number;
  name: string;
  /** Wallet balance in the account currency; calls need one minute at `rate_per_minute`. */
  wallet_balance: number;
  rate_per_minute: number;
  /** The business context variables' values (Set Business Context writes them). */
  business_context?: Record<string, unknown>;
  /** How the team books meetings (Get Availability); the loader fills in the defaults. */
  calendar: TeamCalendarSettings;
}

/**
 * A team's booking settings (sandbox only: `teams.json` `calendar`; the Get Availability page
 * names availability schedules, buffer time, advance notice and business hours, no fields).
 */
export interface TeamCalendarSettings extends AvailabilitySettings {
  /** Get Availability's `user_id`: the team's calendar owner. */
  user_id: number;
  /** The external calendars events sync to (`external_calendars` ids are made for these). */
  connected_calendars: Array<keyof ExternalCalendarIds>;
}

/** A number on a team's Do Not Call list (`do-not-call.json`). */
export interface DoNotCallEntry {
  team_id: number;
  phone_number: string;
  reason: string;
}

/**
 * A contact as a world stores it: the Get Contact Details object itself (every sandbox contact
 * belongs to a team). Records are replaced, never mutated, like calls.
 */
export type ContactRecord = Omit<Contact, 'team'> & { team: Team };

/**
 * A context variable definition as a world stores it: the API's object, plus the team that owns
 * it (null for the default system variables, which every team sees and none may change).
 */
export type VariableRecord = ContextVariable & { team_id: number | null };

/** The Calendar API's enums and blocks, as the contract types them. */
export type EventType = components['schemas']['CalendarEventType'];
export type EventStatus = components['schemas']['CalendarEventStatus'];
/** A calendar event's customer (the docs show name, email, phone and notes). */
export type EventCustomer = components['schemas']['CalendarCustomer'];
/** External calendar event ids, by the calendars the event-detail page names. */
export type ExternalCalendarIds = components['schemas']['ExternalCalendars'];
/** The enums' values, for the fixtures' schema (checked against the contract's types). */
export const EVENT_TYPES = ['meeting', 'appointment', 'busy', 'voice_call', 'video_call'] as const satisfies readonly EventType[];
export const EVENT_STATUSES = ['scheduled', 'confirmed', 'cancelled', 'completed', 'no_show'] as const satisfies readonly EventStatus[];

/**
 * A calendar event as a world stores it: the fields every view is made from (Get Event Details,
 * Get Events, the webhook payload and the .ics file), with the agent and the team held by id.
 * Times are ISO 8601 UTC with milliseconds, as the Calendar pages write them. Records are
 * replaced, never mutated.
 */
export interface EventRecord {
  id: number;
  uuid: string;
  team_id: number;
  title: string;
  description: string | null;
  event_type: EventType;
  status: EventStatus;
  start_time: string;
  end_time: string;
  location: string | null;
  customer: EventCustomer;
  has_video_conference: boolean;
  video_conference_url: string | null;
  video_conference_provider: string | null;
  created_by_ai_agent: boolean;
  ai_agent_id: number | null;
  is_reminder_enabled: boolean;
  remind_before_minutes: number;
  sync_external_calendars: boolean;
  send_notifications: boolean;
  external_calendars: ExternalCalendarIds;
  created_at: string;
  updated_at: string;
  /** Sandbox only: bumped by every write, so the clock's steps of an older version are dropped. */
  revision: number;
}
