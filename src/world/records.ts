import type { components } from '../../types/openapi.js';

/** The contract's types (`npm run types` generates them from openapi.yaml). */
export type Call = components['schemas']['Call'];
export type CallStatus = components['schemas']['CallStatus'];
export type CallContact = components['schemas']['CallContact'];
export type Billing = components['schemas']['Billing'];
export type Agent = components['schemas']['Agent'];

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

/** A team as the seed holds it: its name and its wallet (sandbox only: `teams.json`). */
export interface TeamRecord {
  id: number;
  name: string;
  /** Wallet balance in the account currency; calls need one minute at `rate_per_minute`. */
  wallet_balance: number;
  rate_per_minute: number;
}

/** A number on a team's Do Not Call list (`do-not-call.json`). */
export interface DoNotCallEntry {
  team_id: number;
  phone_number: string;
  reason: string;
}

/** A contact as calls show it, with its team and the numbers it was called on. */
export interface ContactRecord {
  contact: CallContact;
  team_id: number;
  phone_numbers: string[];
}
