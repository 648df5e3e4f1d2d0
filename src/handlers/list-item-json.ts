import type { OperationContract } from '../openapi/operation-contract.js';
import type { HandlerResult } from '../router/handler-result.js';
import type { SerializedBody } from '../router/serialized-body.js';

/**
 * A list item's JSON, made once per version of what it shows, and checked against the contract
 * when made. Records are replaced, never mutated, so a record and the records it shows (an
 * agent's name, a contact's) are the same objects exactly while the item stays the same: the
 * item is remade when any of them is a new object. Serializing and validating every item of
 * every page per request was a fifth of Get Calls' time (profiled); this leaves the page's own
 * fields to do per request.
 */
/** What a record shows in a list: the records besides it that its item shows, and the item (made only when its JSON is). */
export type ListItemView = { shows: readonly unknown[]; item: () => object };

export class ListItems<R extends object> {
  readonly #made = new WeakMap<R, { operation: OperationContract; shows: readonly unknown[]; json: string }>();

  /** `field`: the list's field in the page (`calls`), which must be the page object's last. */
  constructor(private readonly field: string) {}

  /** A `200` answer of the page: made of the remembered items, else (see page()) the page built whole. */
  answer(operation: OperationContract, page: Record<string, unknown>, records: readonly R[], view: (record: R) => ListItemView): HandlerResult {
    const serialized = this.page(operation, 200, page, records, view);
    if (serialized) return { status: 200, body: undefined, serialized };
    return { status: 200, body: { ...page, [this.field]: records.map((record) => view(record).item()) } };
  }

  /**
   * The page's JSON: `page`'s fields, then the items of `records`, checked as the contract's
   * `status` response of `operation` (the page's fields now, each item in a page of its own when
   * its JSON was made). Undefined if anything does not pass: the caller answers the page built
   * whole, which the server then checks (and reports) as any response. `view` gives the item a
   * record shows in the world asked (made only when its JSON is), and the records it shows besides (compared by identity: an
   * item made in one world serves another that shows the very same records). An item checked
   * against another contract (before a hot reload) is checked again.
   */
  page(operation: OperationContract, status: number, page: Record<string, unknown>, records: readonly R[], view: (record: R) => ListItemView): SerializedBody | undefined {
    if (operation.checkResponse(status, { ...page, [this.field]: [] }).length > 0) return undefined;
    const items: string[] = [];
    for (const record of records) {
      const { item: makeItem, shows } = view(record);
      let made = this.#made.get(record);
      if (!made || made.operation !== operation || made.shows.length !== shows.length || made.shows.some((shown, i) => shown !== shows[i])) {
        const item = makeItem();
        if (operation.checkResponse(status, { ...page, [this.field]: [item] }).length > 0) return undefined;
        made = { operation, shows, json: JSON.stringify(item) };
        this.#made.set(record, made);
      }
      items.push(made.json);
    }
    const head = JSON.stringify(page);
    const text = `${head.slice(0, -1)}${head === '{}' ? '' : ','}${JSON.stringify(this.field)}:[${items.join(',')}]}`;
    return { text, bytes: Buffer.byteLength(text) };
  }
}
