/**
 * The simulated conversation of an initiated call: a transcript and a summary built from the
 * agent, the team, the request's `variables` (the values the docs' example sends:
 * `customer_name`, `appointment_time`, `custom_context`, and any other variable), the contact's
 * stored context (Set Contact Context) and the team's business context (Set Business Context),
 * so a UI shows text that refers to what it sent and stored. Deterministic: the same call gives
 * the same text.
 */
export interface CallScriptInput {
  agentName: string;
  teamName: string;
  phoneNumber: string;
  contactName: string | undefined;
  variables: Readonly<Record<string, unknown>> | undefined;
  /** The contact's `custom_context`, if the call has a contact. */
  contactContext?: Readonly<Record<string, unknown>> | undefined;
  /** The team's business context values. */
  businessContext?: Readonly<Record<string, unknown>> | undefined;
}

/** Longest value taken from a variable, so a 1 MB variable cannot make a 1 MB transcript. */
const MAX_VALUE_LENGTH = 200;
/** Most context entries the agent mentions about the customer. */
const MAX_CONTEXT_ENTRIES = 5;
/** Most business context entries the agent mentions. */
const MAX_BUSINESS_ENTRIES = 3;
/** Request variables with a part of their own in the script. */
const SCRIPTED_VARIABLES = new Set(['customer_name', 'appointment_time', 'custom_context']);

export function transcriptOf(input: CallScriptInput): string {
  const { customerName, appointment, context, business } = read(input);
  const lines = [
    `Agent: Hello${customerName ? ` ${customerName}` : ''}, this is ${input.agentName} from ${input.teamName}. Is now a good time to talk?`,
    'Customer: Yes, I have a few minutes.',
  ];
  if (appointment) lines.push(`Agent: I am calling to confirm your appointment for ${appointment}.`, `Customer: Yes, ${appointment} still works for me.`);
  for (const [name, value] of context) lines.push(`Agent: I see your ${name} is ${value}.`, 'Customer: That is right.');
  if (business.length > 0) lines.push(`Agent: Before you go, from ${input.teamName}: ${business.map(([name, value]) => `${name}: ${value}`).join('; ')}.`, 'Customer: Good to know.');
  lines.push('Agent: Thank you for your time. Have a great day!', 'Customer: Thanks, goodbye.');
  return lines.join('\n');
}

export function summaryOf(input: CallScriptInput): string {
  const { customerName, appointment, context, business } = read(input);
  const parts = [`${input.agentName} called ${customerName ?? 'the customer'} at ${input.phoneNumber}.`];
  if (appointment) parts.push(`The customer confirmed the appointment for ${appointment}.`);
  if (context.length > 0) parts.push(`The agent reviewed the customer's ${context.map(([name, value]) => `${name} (${value})`).join(', ')}.`);
  if (business.length > 0) parts.push(`The agent shared the business's ${business.map(([name, value]) => `${name} (${value})`).join(', ')}.`);
  parts.push('The call ended normally.');
  return parts.join(' ');
}

type Entry = [name: string, value: string];

function read(input: CallScriptInput): { customerName: string | undefined; appointment: string | undefined; context: Entry[]; business: Entry[] } {
  const variables = input.variables ?? {};
  const customContext = own(variables, 'custom_context');
  // what the request says first (its custom_context, then its other variables), then what the
  // contact's stored context adds; each name once
  const context = entries([
    ...(isObject(customContext) ? Object.entries(customContext) : []),
    ...Object.entries(variables).filter(([name]) => !SCRIPTED_VARIABLES.has(name)),
    ...Object.entries(input.contactContext ?? {}),
  ]).slice(0, MAX_CONTEXT_ENTRIES);
  return {
    customerName: scalar(own(variables, 'customer_name')) ?? input.contactName,
    appointment: scalar(own(variables, 'appointment_time')),
    context,
    business: entries(Object.entries(input.businessContext ?? {})).slice(0, MAX_BUSINESS_ENTRIES),
  };
}

/** Readable entries: scalar values only, names with spaces for underscores, each name once. */
function entries(pairs: ReadonlyArray<[string, unknown]>): Entry[] {
  const seen = new Set<string>();
  const result: Entry[] = [];
  for (const [rawName, rawValue] of pairs) {
    const name = rawName.replaceAll('_', ' ').trim().slice(0, MAX_VALUE_LENGTH);
    const value = scalar(rawValue);
    if (name === '' || value === undefined || seen.has(name)) continue;
    seen.add(name);
    result.push([name, value]);
  }
  return result;
}

function own(object: Readonly<Record<string, unknown>>, name: string): unknown {
  return Object.hasOwn(object, name) ? object[name] : undefined;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** A variable's value as text, if it is a string, number or boolean (nested values are not read). */
function scalar(value: unknown): string | undefined {
  if (typeof value === 'string') return value.trim() === '' ? undefined : value.slice(0, MAX_VALUE_LENGTH);
  if (typeof value === 'number') return String(value);
  if (typeof value === 'boolean') return value ? 'yes' : 'no';
  return undefined;
}
