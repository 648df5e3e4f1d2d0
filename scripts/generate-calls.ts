/**
 * Generates the sandbox's calls: the documented example verbatim, then seeded, varied calls.
 *
 * Deterministic by construction: a fixed faker seed, a fixed reference date (never the clock),
 * and the faker version pinned by package-lock.json. `npm run fixtures` writes the result to
 * fixtures/calls.json; a test regenerates it and compares bytes.
 */
import { Faker, de, en, es, fr, ja, pl, base } from '@faker-js/faker';
// Typed by the contract: a fixture that does not fit the Call schema's types does not compile.
import type { components } from '../types/openapi.js';
import { AGENTS, DO_NOT_CALL, TEAMS as SEED_TEAMS } from './seed-records.js';

export const SEED = 20250423;
/** Every generated date lies before this instant. */
export const REFERENCE_DATE = new Date('2025-05-01T12:00:00Z');
/** How many calls besides the documented example. */
export const GENERATED_CALLS = 60;

type GeneratedCall = components['schemas']['Call'];
type Status = GeneratedCall['status'];
type Agent = GeneratedCall['agent'];
type Team = GeneratedCall['team'];

/** The Example Response of the Get Call Details page, with a real address for the obfuscated email. */
export const DOCUMENTED_EXAMPLE: GeneratedCall = {
  id: 123,
  agent: { id: 456, name: 'Sales Representative', assistant_id: 'assistant_abc123' },
  call_id: 'call_def456',
  status: 'completed',
  type: 'outbound',
  phone_number: '+15551234567',
  started_at: '2025-04-23T14:30:45Z',
  ended_at: '2025-04-23T14:35:12Z',
  duration_seconds: 267,
  summary: 'The agent discussed product pricing with the customer and answered questions about delivery times. The customer expressed interest in the premium package and requested a follow-up call next week.',
  transcript: "Agent: Hello, this is Sales Representative from Acme Corp. How are you today?\nCustomer: I'm doing well, thanks. I'm interested in learning about your premium package...",
  recording_url: 'https://storage.example.com/recordings/call_def456.mp3',
  contact: {
    id: 789,
    name: 'John Doe',
    email: 'john.doe@example.com',
    company: 'Acme Corp',
    status: 'contacted',
    stage: 'qualified_lead',
    last_call_date: '2025-04-23T14:35:12Z',
  },
  team: { id: 101, name: 'Sales Team' },
  billing: { status: 'billed', initial_charge: 1.5, final_charge: 2.25, total_charge: 2.25 },
};

const TEAMS: Record<number, { team: Team; agents: Agent[] }> = {
  101: {
    team: { id: 101, name: 'Sales Team' },
    agents: [
      { id: 456, name: 'Sales Representative', assistant_id: 'assistant_abc123' },
      { id: 457, name: 'Appointment Setter', assistant_id: 'assistant_f3k9q2' },
    ],
  },
  202: {
    team: { id: 202, name: 'Support Team' },
    agents: [
      { id: 512, name: 'Support Agent', assistant_id: 'assistant_s7p4x1' },
      { id: 513, name: 'Renewals Agent', assistant_id: 'assistant_r2m8d5' },
    ],
  },
};

/** The agents of the calls after the first 60: every agent that has a number. */
const EXTRA_CALL_AGENTS = AGENTS.filter((a) => a.phone_number !== null).map((a) => ({
  team: SEED_TEAMS.filter((t) => t.id === a.team_id).map((t) => ({ id: t.id, name: t.name }))[0] as Team,
  agent: { id: a.id, name: a.name, assistant_id: a.assistant_id },
}));

/** The contact id the Initiate Call page's example request names (`contact_id: 456`): the first extra call's contact. */
export const DOCUMENTED_CONTACT_ID = 456;

// Locales chosen so that names cover accents, Polish letters and Japanese script.
const LOCALES = [[en, base], [de, en, base], [fr, en, base], [es, en, base], [pl, en, base], [ja, en, base]];
export const CONTACT_STATUSES = ['not_contacted', 'contacted', 'interested', 'not_interested', 'callback_requested'];
export const CONTACT_STAGES = ['lead', 'qualified_lead', 'prospect', 'customer'];
const COUNTRY_PREFIXES = ['+1555', '+4420', '+4930', '+3314', '+3491', '+4822', '+8103'];

export const AGENT_LINES = [
  'Hello, this is {agent} from {company}. Is now a good time to talk?',
  'I am calling about the appointment you requested last week.',
  'Could you confirm the best email address to send the details to?',
  'Our premium package includes priority support and next-day delivery.',
  'I can schedule a follow-up call for {day} if that suits you.',
  'Thank you for your time. Have a great day!',
];
export const CUSTOMER_LINES = [
  'Yes, I have a few minutes.',
  'I was wondering how long delivery usually takes.',
  'Could you tell me more about the pricing?',
  'That sounds good, {day} works for me.',
  'Please send it to my work address.',
  'Thanks, goodbye.',
];

/** The first and last name the generator gave each contact (the call shows them joined). */
export type ContactNames = Map<number, { firstName: string; lastName: string }>;

export function generateCalls(names: ContactNames = new Map()): GeneratedCall[] {
  const faker = new Faker({ locale: [en, base], seed: SEED });
  faker.setDefaultRefDate(REFERENCE_DATE);
  const localFakers = LOCALES.map((locale, i) => {
    const f = new Faker({ locale, seed: SEED + i + 1 });
    f.setDefaultRefDate(REFERENCE_DATE);
    return f;
  });

  const calls: GeneratedCall[] = [DOCUMENTED_EXAMPLE];
  const statuses: Status[] = ['completed', 'completed', 'failed', 'completed', 'in-progress'];
  for (let n = 0; n < GENERATED_CALLS; n += 1) {
    const status = statuses[n % statuses.length] as Status;
    const teamId = n % 3 === 2 ? 202 : 101;
    const { team, agents } = TEAMS[teamId] as { team: Team; agents: Agent[] };
    const agent = faker.helpers.arrayElement(agents);
    const type = n % 2 === 0 ? 'outbound' : 'inbound';
    calls.push(generatedCall(faker, localFakers, n, { status, team, agent, type }, names));
  }
  // Then one call per agent that has a number, and per status (queued included), so every agent
  // and every status appears; kept after the first 60 so those stay byte-identical.
  const extraStatuses: Status[] = ['queued', 'completed', 'in-progress', 'failed'];
  EXTRA_CALL_AGENTS.forEach(({ team, agent }, i) => {
    const status = extraStatuses[i % extraStatuses.length] as Status;
    const type = status === 'queued' || i % 2 === 0 ? 'outbound' : 'inbound';
    calls.push(generatedCall(faker, localFakers, GENERATED_CALLS + i, { status, team, agent, type, ...(i === 0 ? { contactId: DOCUMENTED_CONTACT_ID } : {}) }, names));
  });
  return calls;
}

/** One generated call; `n` numbers it (its id is 124 + n). The order of faker draws is fixed. */
function generatedCall(faker: Faker, localFakers: Faker[], n: number, shape: { status: Status; team: Team; agent: Agent; type: GeneratedCall['type']; contactId?: number }, names: ContactNames): GeneratedCall {
    const { status, team, agent, type } = shape;
    const callId = `call_${faker.string.alphanumeric({ length: 10, casing: 'lower' })}`;
    const started = status === 'in-progress' || status === 'queued'
      ? faker.date.between({ from: REFERENCE_DATE.getTime() - 20 * 60_000, to: REFERENCE_DATE.getTime() - 60_000 })
      : faker.date.between({ from: '2025-03-01T00:00:00Z', to: REFERENCE_DATE.getTime() - 3_600_000 });
    const startedAt = wholeSeconds(started);
    const duration = status === 'completed' ? faker.number.int({ min: 25, max: 1500 }) : status === 'failed' ? 0 : null;
    const endedAt = duration === null ? null : new Date(startedAt.getTime() + (status === 'failed' ? faker.number.int({ min: 5, max: 40 }) * 1000 : duration * 1000));
    const company = faker.helpers.maybe(() => faker.company.name(), { probability: 0.8 }) ?? null;
    // Some inbound callers are unknown numbers: no contact.
    const hasContact = !(type === 'inbound' && n % 7 === 3);
    const contactFaker = localFakers[n % localFakers.length] as Faker;
    const firstName = contactFaker.person.firstName();
    const lastName = contactFaker.person.lastName();
    const day = faker.date.weekday();
    const recorded = status === 'completed' && n % 4 !== 3;
    if (hasContact) names.set(shape.contactId ?? 800 + n, { firstName, lastName });
    const initialCharge = round2(faker.number.float({ min: 0.5, max: 2, fractionDigits: 2 }));
    const finalCharge = duration === null ? null : round2(Math.max(initialCharge, (duration / 60) * 0.5));

    return {
      id: 124 + n,
      agent,
      call_id: callId,
      status,
      type,
      phone_number: `${faker.helpers.arrayElement(COUNTRY_PREFIXES)}${faker.string.numeric(7)}`,
      started_at: status === 'queued' ? null : iso(startedAt),
      ended_at: endedAt && iso(endedAt),
      duration_seconds: duration,
      summary: status === 'completed' ? summaryOf(faker, agent, company) : null,
      transcript: status === 'completed' ? transcriptOf(faker, agent, company ?? 'our company', day) : null,
      recording_url: recorded ? `https://storage.example.com/recordings/${callId}.mp3` : null,
      contact: hasContact
        ? {
            id: shape.contactId ?? 800 + n,
            name: `${firstName} ${lastName}`,
            email: faker.helpers.maybe(() => faker.internet.email({ firstName, lastName, provider: 'example.com' }).toLowerCase(), { probability: 0.85 }) ?? null,
            company,
            status: status === 'failed' ? 'not_contacted' : faker.helpers.arrayElement(CONTACT_STATUSES.slice(1)),
            stage: faker.helpers.arrayElement(CONTACT_STAGES),
            last_call_date: status === 'completed' && endedAt ? iso(endedAt) : null,
          }
        : null,
      team,
      billing: status === 'completed'
        ? { status: 'billed', initial_charge: initialCharge, final_charge: finalCharge, total_charge: finalCharge }
        : status === 'failed'
          ? { status: 'not_billed', initial_charge: 0, final_charge: 0, total_charge: 0 }
          : status === 'queued'
            ? { status: 'pending', initial_charge: 0, final_charge: null, total_charge: null }
            : { status: 'pending', initial_charge: initialCharge, final_charge: null, total_charge: null },
    };
}

function summaryOf(faker: Faker, agent: Agent, company: string | null): string {
  const topic = faker.helpers.arrayElement(['pricing', 'delivery times', 'a renewal', 'an appointment', 'a support ticket']);
  const outcome = faker.helpers.arrayElement(['requested a follow-up call', 'booked a meeting', 'asked for an emailed quote', 'was not interested for now']);
  return `${agent.name} discussed ${topic} with the customer${company ? ` from ${company}` : ''}. The customer ${outcome}.`;
}

function transcriptOf(faker: Faker, agent: Agent, company: string, day: string): string {
  const turns = faker.number.int({ min: 2, max: 5 });
  const lines: string[] = [];
  for (let i = 0; i < turns; i += 1) {
    const fill = (line: string) => line.replace('{agent}', agent.name).replace('{company}', company).replace('{day}', day);
    lines.push(`Agent: ${fill(i === 0 ? (AGENT_LINES[0] as string) : faker.helpers.arrayElement(AGENT_LINES.slice(1)))}`);
    lines.push(`Customer: ${fill(faker.helpers.arrayElement(CUSTOMER_LINES))}`);
  }
  return lines.join('\n');
}

function wholeSeconds(date: Date): Date {
  return new Date(Math.floor(date.getTime() / 1000) * 1000);
}

/** ISO 8601 UTC without milliseconds, as the docs write it: `2025-04-23T14:30:45Z`. */
export function iso(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

export function round2(value: number): number {
  return Math.round(value * 100) / 100;
}
