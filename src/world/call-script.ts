/**
 * The simulated conversation of an initiated call: a transcript and a summary built from the
 * agent, the team and the request's `variables` (the values the docs' example sends:
 * `customer_name`, `appointment_time`, `custom_context`), so a UI shows text that refers to
 * what it sent. Deterministic: the same call gives the same text.
 */
export interface CallScriptInput {
  agentName: string;
  teamName: string;
  phoneNumber: string;
  contactName: string | undefined;
  variables: Readonly<Record<string, unknown>> | undefined;
}

/** Longest value taken from a variable, so a 1 MB variable cannot make a 1 MB transcript. */
const MAX_VALUE_LENGTH = 200;
/** Most `custom_context` entries the agent mentions. */
const MAX_CONTEXT_ENTRIES = 5;

export function transcriptOf(input: CallScriptInput): string {
  const { customerName, appointment, context } = read(input);
  const lines = [
    `Agent: Hello${customerName ? ` ${customerName}` : ''}, this is ${input.agentName} from ${input.teamName}. Is now a good time to talk?`,
    'Customer: Yes, I have a few minutes.',
  ];
  if (appointment) lines.push(`Agent: I am calling to confirm your appointment for ${appointment}.`, `Customer: Yes, ${appointment} still works for me.`);
  for (const [name, value] of context) lines.push(`Agent: I see your ${name} is ${value}.`, 'Customer: That is right.');
  lines.push('Agent: Thank you for your time. Have a great day!', 'Customer: Thanks, goodbye.');
  return lines.join('\n');
}

export function summaryOf(input: CallScriptInput): string {
  const { customerName, appointment, context } = read(input);
  const parts = [`${input.agentName} called ${customerName ?? 'the customer'} at ${input.phoneNumber}.`];
  if (appointment) parts.push(`The customer confirmed the appointment for ${appointment}.`);
  if (context.length > 0) parts.push(`The agent reviewed the customer's ${context.map(([name, value]) => `${name} (${value})`).join(', ')}.`);
  parts.push('The call ended normally.');
  return parts.join(' ');
}

function read(input: CallScriptInput): { customerName: string | undefined; appointment: string | undefined; context: Array<[string, string]> } {
  const variables = input.variables ?? {};
  const customContext = variables['custom_context'];
  const context =
    customContext !== null && typeof customContext === 'object' && !Array.isArray(customContext)
      ? Object.entries(customContext)
          .map(([name, value]) => [name.replaceAll('_', ' ').slice(0, MAX_VALUE_LENGTH), scalar(value)] as const)
          .filter((entry): entry is [string, string] => entry[1] !== undefined)
          .slice(0, MAX_CONTEXT_ENTRIES)
      : [];
  return { customerName: scalar(variables['customer_name']) ?? input.contactName, appointment: scalar(variables['appointment_time']), context };
}

/** A variable's value as text, if it is a string, number or boolean (nested values are not read). */
function scalar(value: unknown): string | undefined {
  if (typeof value === 'string') return value.trim() === '' ? undefined : value.slice(0, MAX_VALUE_LENGTH);
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return undefined;
}
