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

const WEEKDAYS_9_TO_5 = { monday: [['09:00', '17:00']], tuesday: [['09:00', '17:00']], wednesday: [['09:00', '17:00']], thursday: [['09:00', '17:00']], friday: [['09:00', '17:00']] };
const SPLIT_DAY = [['08:00', '12:00'], ['13:00', '18:00']];

/**
 * Sandbox only: teams, their wallets (the docs show team ids and names, not balances), their
 * business profile's context values, and how they book meetings (Get Availability): the Sales
 * Team works 9 to 5 Pacific time, as its `support_hours` say; the Support Team Eastern time with
 * a lunch break and Saturday mornings; the Starter Team states nothing and gets the defaults.
 */
export const TEAMS = [
  {
    id: 101,
    name: 'Sales Team',
    wallet_balance: 250,
    rate_per_minute: 0.5,
    business_context: { support_hours: 'Mon-Fri 9am-5pm PT', current_promotion: '10% off annual plans until June 30' },
    calendar: { timezone: 'America/Los_Angeles', user_id: 123, working_hours: WEEKDAYS_9_TO_5, buffer_minutes: 15, advance_notice_minutes: 120, connected_calendars: ['google'] },
  },
  {
    id: 202,
    name: 'Support Team',
    wallet_balance: 120,
    rate_per_minute: 0.45,
    business_context: { support_hours: '24/7', after_hours_support: true },
    calendar: {
      timezone: 'America/New_York',
      user_id: 456,
      working_hours: { monday: SPLIT_DAY, tuesday: SPLIT_DAY, wednesday: SPLIT_DAY, thursday: SPLIT_DAY, friday: SPLIT_DAY, saturday: [['10:00', '14:00']] },
      buffer_minutes: 10,
      advance_notice_minutes: 60,
      connected_calendars: ['outlook', 'gohighlevel'],
    },
  },
  { id: 303, name: 'Starter Team', wallet_balance: 0, rate_per_minute: 0.5, business_context: {} },
];

/**
 * The magic Do Not Call number, on every team's list. Numbers of contacts are marked on the
 * contact instead (`do_not_call` on the phone number: Jane Smith's +15559876543).
 */
export const DO_NOT_CALL = [
  { team_id: 101, phone_number: '+15005550009', reason: 'Magic number: on every team\'s Do Not Call list' },
  { team_id: 202, phone_number: '+15005550009', reason: 'Magic number: on every team\'s Do Not Call list' },
  { team_id: 303, phone_number: '+15005550009', reason: 'Magic number: on every team\'s Do Not Call list' },
];

type ContextVariable = components['schemas']['ContextVariable'] & { team_id: number | null };

/**
 * Context variable definitions. Ids 1 to 3 are the Get Context Variables page's example as it is
 * (1 and 2 team 101's, 3 `support_hours` a default one); the other defaults (team null: every
 * team sees them, none may change them) and each team's own are Inferred.
 */
export const CONTEXT_VARIABLES: ContextVariable[] = [
  { id: 1, name: 'last_payment_date', display_name: 'Last Payment Date', description: "Date of customer's last payment", variable_type: 'date', context_type: 'contact', is_default: false, select_options: null, team_id: 101 },
  { id: 2, name: 'membership_level', display_name: 'Membership Level', description: "Customer's current membership tier", variable_type: 'select', context_type: 'contact', is_default: false, select_options: ['Bronze', 'Silver', 'Gold', 'Platinum'], team_id: 101 },
  { id: 3, name: 'support_hours', display_name: 'Support Hours', description: 'Business support hours', variable_type: 'text', context_type: 'business', is_default: true, select_options: null, team_id: null },
  { id: 4, name: 'preferred_language', display_name: 'Preferred Language', description: 'The language the customer prefers to be called in', variable_type: 'select', context_type: 'contact', is_default: true, select_options: ['English', 'Spanish', 'French', 'German', 'Polish', 'Japanese'], team_id: null },
  { id: 5, name: 'best_time_to_call', display_name: 'Best Time To Call', description: 'When the customer prefers to be called', variable_type: 'text', context_type: 'contact', is_default: true, select_options: null, team_id: null },
  { id: 6, name: 'renewal_date', display_name: 'Renewal Date', description: "Date the customer's contract renews", variable_type: 'date', context_type: 'contact', is_default: false, select_options: null, team_id: 202 },
  { id: 7, name: 'contract_value', display_name: 'Contract Value', description: 'Annual contract value in USD', variable_type: 'number', context_type: 'contact', is_default: false, select_options: null, team_id: 202 },
  { id: 8, name: 'after_hours_support', display_name: 'After Hours Support', description: 'Whether support answers outside business hours', variable_type: 'boolean', context_type: 'business', is_default: false, select_options: null, team_id: 202 },
  { id: 9, name: 'current_promotion', display_name: 'Current Promotion', description: 'The promotion agents mention on calls', variable_type: 'text', context_type: 'business', is_default: false, select_options: null, team_id: 101 },
];
