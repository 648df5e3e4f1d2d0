import type { components } from '../../types/openapi.js';

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
