import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { OperationContract } from '../openapi/operation-contract.js';
import { ListItems } from './list-item-json.js';

type Row = { id: number; name: string };

/** An operation whose 200 allows only items with a non-empty name, and counts its checks. */
function operation(): OperationContract & { checks: number } {
  const op = {
    checks: 0,
    checkResponse(_status: number, body: unknown) {
      op.checks += 1;
      const items = (body as { rows: Array<{ label: string }> }).rows;
      return items.every((item) => item.label !== '') ? [] : ['/rows/0/label must not be empty'];
    },
  };
  return op as unknown as OperationContract & { checks: number };
}

describe('list items made once per version of what they show', () => {
  it('writes exactly the JSON of the whole page, for any rows and page fields', () => {
    fc.assert(
      fc.property(fc.array(fc.record({ id: fc.nat(), name: fc.string({ minLength: 1 }) }), { maxLength: 8 }), fc.dictionary(fc.string(), fc.jsonValue()), (rows, fields) => {
        delete fields['rows'];
        const items = new ListItems<Row>('rows');
        const view = (row: Row) => ({ item: () => ({ id: row.id, label: row.name }), shows: [] });
        const page = items.page(operation(), 200, fields, rows, view);
        expect(page?.text).toBe(JSON.stringify({ ...fields, rows: rows.map((row) => view(row).item()) }));
        expect(page?.bytes).toBe(Buffer.byteLength(page?.text ?? ''));
      }),
    );
  });

  it('checks an item when made, remakes it when a record it shows is a new object, and gives up on a violation', () => {
    const items = new ListItems<Row>('rows');
    const op = operation();
    const row = { id: 1, name: 'Ada' };
    let agent = { name: 'Agent A' };
    const view = (r: Row) => ({ item: () => ({ id: r.id, label: r.name, agent: agent.name }), shows: [agent] });
    expect(items.page(op, 200, { count: 1 }, [row], view)?.text).toBe('{"count":1,"rows":[{"id":1,"label":"Ada","agent":"Agent A"}]}');
    const checksAfterFirst = op.checks;
    items.page(op, 200, { count: 1 }, [row], view);
    expect(op.checks).toBe(checksAfterFirst + 1); // the page's own fields only
    agent = { name: 'Agent B' };
    expect(items.page(op, 200, { count: 1 }, [row], view)?.text).toContain('Agent B');
    expect(items.page(op, 200, { count: 1 }, [{ id: 2, name: '' }], view)).toBeUndefined();
    // another contract (a hot reload): checked again
    const reloaded = operation();
    items.page(reloaded, 200, { count: 1 }, [row], view);
    expect(reloaded.checks).toBe(2);
  });
});
