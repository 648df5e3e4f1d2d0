/**
 * The seed's agents, teams and Do Not Call lists: written out by `npm run fixtures` to
 * fixtures/agents.json, teams.json and do-not-call.json. Typed by the contract's `Agent`.
 *
 * The docs' examples disagree on agent ids: Get Call Details (the complete page) has agent 456
 * "Sales Representative" with `assistant_abc123`; Initiate Call has agent 123 "Appointment
 * Scheduler", also with `assistant_abc123`; Get Agents has 123 "Customer Support" and 789
 * "Sales Representative" of team 456. The seed keeps 456 as Get Call Details has it, 123 as the
 * Initiate Call page names it (with its own assistant_id, since ids are unique), and Customer
 * Support with Get Agents' other values as 460, all in team 101 (the example key's team).
 */
import type { components } from '../types/openapi.js';

type Agent = components['schemas']['Agent'];

export const AGENTS: Agent[] = [
  { id: 123, assistant_id: 'assistant_ghi789', name: 'Appointment Scheduler', role: 'outbound agent', phone_number: '+15550001230', minutes_used: 220.75, total_calls: 64, model: 'claude-3-sonnet-20240229', voice_id: 'nova', can_make_calls: true, team_id: 101 },
  { id: 456, assistant_id: 'assistant_abc123', name: 'Sales Representative', role: 'outbound agent', phone_number: '+15557654321', minutes_used: 512.25, total_calls: 132, model: 'claude-3-sonnet-20240229', voice_id: 'alloy', can_make_calls: true, team_id: 101 },
  { id: 457, assistant_id: 'assistant_f3k9q2', name: 'Appointment Setter', role: 'outbound agent', phone_number: '+15550004570', minutes_used: 98.5, total_calls: 41, model: 'claude-3-haiku-20240307', voice_id: 'shimmer', can_make_calls: true, team_id: 101 },
  { id: 458, assistant_id: 'assistant_d8r4f7', name: 'Draft Agent', role: 'outbound agent', phone_number: null, minutes_used: 0, total_calls: 0, model: 'claude-3-haiku-20240307', voice_id: 'echo', can_make_calls: false, team_id: 101 },
  { id: 460, assistant_id: 'assistant_c5s7t1', name: 'Customer Support', role: 'inbound agent', phone_number: '+15551234567', minutes_used: 345.5, total_calls: 78, model: 'claude-3-opus-20240229', voice_id: 'ember', can_make_calls: true, team_id: 101 },
  { id: 512, assistant_id: 'assistant_s7p4x1', name: 'Support Agent', role: 'inbound agent', phone_number: '+15550005120', minutes_used: 410, total_calls: 96, model: 'claude-3-opus-20240229', voice_id: 'ember', can_make_calls: true, team_id: 202 },
  { id: 513, assistant_id: 'assistant_r2m8d5', name: 'Renewals Agent', role: 'outbound agent', phone_number: '+15550005130', minutes_used: 130.25, total_calls: 52, model: 'claude-3-sonnet-20240229', voice_id: 'alloy', can_make_calls: true, team_id: 202 },
  { id: 514, assistant_id: 'assistant_o1n2b3', name: 'Onboarding Agent', role: 'outbound agent', phone_number: null, minutes_used: 0, total_calls: 0, model: 'claude-3-haiku-20240307', voice_id: 'nova', can_make_calls: false, team_id: 202 },
  { id: 601, assistant_id: 'assistant_k7c2l9', name: 'Collections Agent', role: 'outbound agent', phone_number: '+15550006010', minutes_used: 12.5, total_calls: 9, model: 'claude-3-haiku-20240307', voice_id: 'echo', can_make_calls: true, team_id: 303 },
];

/** Sandbox only: teams and their wallets (the docs show team ids and names, not balances). */
export const TEAMS = [
  { id: 101, name: 'Sales Team', wallet_balance: 250, rate_per_minute: 0.5 },
  { id: 202, name: 'Support Team', wallet_balance: 120, rate_per_minute: 0.45 },
  { id: 303, name: 'Starter Team', wallet_balance: 0, rate_per_minute: 0.5 },
];

/** The magic Do Not Call number on every team's list, plus one realistic entry. */
export const DO_NOT_CALL = [
  { team_id: 101, phone_number: '+15005550009', reason: 'Magic number: on every team\'s Do Not Call list' },
  { team_id: 101, phone_number: '+15559876543', reason: 'The customer asked not to be called' },
  { team_id: 202, phone_number: '+15005550009', reason: 'Magic number: on every team\'s Do Not Call list' },
  { team_id: 303, phone_number: '+15005550009', reason: 'Magic number: on every team\'s Do Not Call list' },
];
