import type { FailureReason } from './records.js';

/**
 * Numbers whose calls fail, with the reason the call.failed webhook documents (Twilio's magic
 * numbers are the model: +1 500 555 xxxx is a range no real phone uses). Any other valid E.164
 * number connects and completes. The README's "Magic numbers" table lists the same.
 *
 * The Do Not Call number (+15005550009) is data, in fixtures/do-not-call.json, like any other
 * entry of a team's list.
 */
export const FAILING_NUMBERS: Readonly<Record<string, FailureReason>> = {
  '+15005550001': 'no-answer',
  '+15005550002': 'busy',
  '+15005550003': 'rejected',
  '+15005550004': 'invalid-number',
  '+15005550005': 'disconnected',
  '+15005550006': 'twilio-failed-to-connect-call',
  '+15005550007': 'canceled',
  '+15005550008': 'failed',
};

/** The reason a call to this number fails, or undefined when it connects. */
export function failureFor(phoneNumber: string): FailureReason | undefined {
  return Object.hasOwn(FAILING_NUMBERS, phoneNumber) ? FAILING_NUMBERS[phoneNumber] : undefined;
}

/**
 * A calendar event whose customer has this number (the calls' no-answer number) ends as
 * `no_show` rather than `completed`: the way to see a no-show happen by itself (it can also be
 * set with Update Event).
 */
export const NO_SHOW_NUMBER = '+15005550001';

/** What an open event becomes when its end passes. */
export function endStatusOf(event: { customer: { phone: string | null } }): 'completed' | 'no_show' {
  return event.customer.phone === NO_SHOW_NUMBER ? 'no_show' : 'completed';
}
