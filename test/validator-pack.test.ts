/**
 * The validator pack (src/openapi/validator-pack.ts): the code Ajv generated for every validator
 * of a contract, kept in the cache so that a warm start neither loads Ajv's compiler nor compiles.
 * A validator from the pack must answer exactly as the compiled one (valid or not, the same
 * errors, the same defaults and coercions written into the input); a warm start must use it; a
 * pack that is incomplete or damaged must never be used.
 */
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import type { OpenAPIV3_1 } from 'openapi-types';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createMockServer, silentLogger } from '../src/index.js';
import { compileValidators } from '../src/openapi/compile-validators.js';
import { operationsOf, type ContractValidators } from '../src/openapi/contract-validators.js';
import { loadContract, type LoadedContract } from '../src/openapi/load-contract.js';
import { readValidatorPack, writeValidatorPack } from '../src/openapi/validator-pack.js';

const CONTRACT = new URL('../openapi.yaml', import.meta.url).pathname;
const RUNS = Number(process.env['KLEN_FC_RUNS_PACK'] ?? 300);
const KEY = { Authorization: 'Bearer klen_abcdef123456789' };

const previous = process.env['KLEN_MOCK_CACHE_DIR'];
afterAll(() => {
  if (previous === undefined) delete process.env['KLEN_MOCK_CACHE_DIR'];
  else process.env['KLEN_MOCK_CACHE_DIR'] = previous;
});
let cacheDir: string;
beforeEach(() => {
  cacheDir = mkdtempSync(path.join(tmpdir(), 'klen-mock-pack-'));
  process.env['KLEN_MOCK_CACHE_DIR'] = cacheDir;
});

const packDirectory = () => path.join(cacheDir, readdirSync(cacheDir).find((name) => name.startsWith('validators-') && !name.endsWith('.tmp')) as string);
const operationFile = (operationId: string) => path.join(packDirectory(), 'operations', `${operationId}.js`);

describe('a validator from the pack answers as the compiled one', () => {
  let contract: LoadedContract;
  let operations: Array<[string, OpenAPIV3_1.OperationObject]>;
  let compiled: ContractValidators;
  let packed: ContractValidators;

  beforeAll(async () => {
    process.env['KLEN_MOCK_CACHE_DIR'] = mkdtempSync(path.join(tmpdir(), 'klen-mock-pack-'));
    contract = await loadContract(CONTRACT);
    operations = operationsOf(contract.dereferenced);
    const writer = compileValidators(contract);
    expect(writeValidatorPack(contract, writer.packCode())).toBe(true);
    packed = readValidatorPack(contract, operations.map(([id]) => id)) as ContractValidators;
    expect(packed).toBeDefined();
    compiled = compileValidators(contract); // a fresh compile, not the one the pack was written from
  });

  /** What a validator says of `input`: its verdict, its errors and the input as it left it (defaults, coercions). */
  const outcome = (validate: ((data: unknown) => boolean) & { errors?: unknown }, input: unknown) => {
    const copy = structuredClone(input);
    const valid = validate(copy);
    return { valid, errors: valid ? null : validate.errors, after: copy };
  };

  /** The operation's documented examples (request and responses), each changed in up to two places. */
  const examplesOf = (operation: OpenAPIV3_1.OperationObject): unknown[] => {
    const media = [
      (operation.requestBody as OpenAPIV3_1.RequestBodyObject | undefined)?.content?.['application/json'],
      ...Object.values(operation.responses ?? {}).map((response) => (response as OpenAPIV3_1.ResponseObject).content?.['application/json']),
    ];
    return media.flatMap((m) => Object.values(m?.examples ?? {}).map((example) => (example as OpenAPIV3_1.ExampleObject).value));
  };
  /** Values that sit on the edges of the contract's types and formats. */
  const edgy = fc.oneof(
    fc.jsonValue({ maxDepth: 2 }),
    fc.constantFrom('', 'x', 'a@b.co', 'not an email', '2025-05-01', '2025-13-01', '2025-05-01T12:00:00Z', '2025-05-01 12:00', 'https://example.com/a', 'ftp//x', 'e6f1c9a2-3b4d-4c5e-8f7a-1b2c3d4e5f60', '+15551234567', '123', -1, 0, 1, 1.5, 2 ** 31, 2 ** 53, null, true, [], {}),
  );
  const changed = (examples: unknown[]) =>
    fc.tuple(fc.constantFrom(...examples), fc.array(fc.tuple(fc.nat(), fc.boolean(), edgy), { minLength: 1, maxLength: 3 })).map(([example, edits]) => {
      const value = structuredClone(example) as Record<string, unknown>;
      if (typeof value !== 'object' || value === null) return value;
      const keys = Object.keys(value);
      for (const [n, existing, replacement] of edits) {
        if (existing && keys.length > 0) value[keys[n % keys.length] as string] = replacement;
        else if (existing) continue;
        else if (n % 3 === 0) delete value[keys[n % Math.max(1, keys.length)] as string];
        else value[`extra_${n % 4}`] = replacement;
      }
      return value;
    });

  it('for every operation: requests (body, path, query) and every declared response', () => {
    for (const [operationId, operation] of operations) {
      const examples = examplesOf(operation);
      const body = examples.length > 0 ? fc.oneof({ arbitrary: changed(examples), weight: 4 }, { arbitrary: fc.jsonValue({ maxDepth: 3 }), weight: 1 }) : fc.jsonValue({ maxDepth: 3 });
      const parameterNames = (operation.parameters ?? []).map((p) => (p as OpenAPIV3_1.ParameterObject).name);
      const parameterValue = fc.oneof(fc.constantFrom('1', '0', '-1', '123', 'abc', '', '2025-05-01', '2025-05-01T12:00:00Z', 'completed', 'outbound', '1e309', '99999999999', '2147483648', 'x@y.co'), fc.string({ maxLength: 8 }));
      const parameters = fc.dictionary(fc.constantFrom(...parameterNames, 'other'), parameterValue, { maxKeys: 4 });
      const statuses = Object.keys(operation.responses ?? {}).map(Number);
      fc.assert(
        fc.property(body, parameters, parameters, fc.constantFrom(...statuses), (requestBody, path, query, status) => {
          const request = { path, query, header: {}, cookie: {}, requestBody };
          const fromCompiled = compiled.request(operationId).map((validate) => outcome(validate, request));
          const fromPack = packed.request(operationId).map((validate) => outcome(validate, request));
          expect(fromPack).toEqual(fromCompiled);
          const response = outcome(compiled.response(operationId, status) as never, requestBody);
          expect(outcome(packed.response(operationId, status) as never, requestBody)).toEqual(response);
        }),
        { numRuns: RUNS },
      );
    }
    const envelope = fc.oneof(fc.record({ error: fc.string(), message: fc.string() }), fc.jsonValue({ maxDepth: 2 }));
    fc.assert(
      fc.property(envelope, (value) => {
        expect(outcome(packed.envelope() as never, value)).toEqual(outcome(compiled.envelope() as never, value));
      }),
      { numRuns: RUNS },
    );
  });

  it('keeps klen-mock’s uniqueItems: ["__proto__", "__proto__"] is not unique, in the pack too', () => {
    const createWebhook = packed.request('createWebhook');
    const request = { path: {}, query: {}, header: {}, cookie: {}, requestBody: { name: 'n', url: 'https://example.com/hook', subscribed_events: ['__proto__', '__proto__'] } };
    const errors = createWebhook.flatMap((validate) => (validate(request) ? [] : (validate.errors ?? [])));
    expect(errors.map((error) => error.keyword)).toContain('uniqueItems');
    expect(errors.find((error) => error.keyword === 'uniqueItems')?.message).toBe('must NOT have duplicate items (items ## 1 and 0 are identical)');
  });
});

describe('a start and the pack', () => {
  async function start() {
    const server = await createMockServer({ logger: silentLogger });
    const url = await server.listen(0);
    return { url, close: () => server.close() };
  }

  it('a first start writes the pack; the next one validates with it', async () => {
    const first = await start();
    await first.close();
    expect(readdirSync(path.join(packDirectory(), 'operations'))).toContain('getCallDetails.js');
    // a pack whose getCallDetails refuses every request (and takes any 400): the next start answers by it
    const refuseAll = `return { request: [function () { const v = function () { v.errors = [{ instancePath: '/path/call_id', keyword: 'pattern', message: 'refused by the pack', params: {} }]; return false; }; return v; }], responses: { 400: function () { return function () { return true; }; } } };`;
    writeFileSync(operationFile('getCallDetails'), refuseAll);
    const contentsFile = path.join(packDirectory(), 'contents.json');
    const contents = JSON.parse(readFileSync(contentsFile, 'utf8')) as Record<string, number>;
    writeFileSync(contentsFile, JSON.stringify({ ...contents, 'operations/getCallDetails.js': Buffer.byteLength(refuseAll) }));
    const second = await start();
    try {
      const response = await fetch(`${second.url}/api/v1/calls/123`, { headers: KEY });
      expect(response.status).toBe(400);
      expect(((await response.json()) as { message: string }).message).toContain('refused by the pack');
    } finally {
      await second.close();
    }
  });

  it('a pack file that is not the size the pack says is no pack: the start compiles and writes it again', async () => {
    await (await start()).close();
    const file = operationFile('getCallDetails');
    writeFileSync(file, readFileSync(file, 'utf8').slice(0, 100));
    const server = await start();
    try {
      expect((await fetch(`${server.url}/api/v1/calls/123`, { headers: KEY })).status).toBe(200);
    } finally {
      await server.close();
    }
    expect(readFileSync(file, 'utf8').length).toBeGreaterThan(100);
  });

  it('a pack without a file for an operation of the contract is no pack', async () => {
    const contract = await loadContract(CONTRACT);
    const writer = compileValidators(contract);
    const code = writer.packCode();
    const operations = new Map(code.operations);
    operations.delete('getCallDetails');
    expect(writeValidatorPack(contract, { ...code, operations })).toBe(true);
    expect(readValidatorPack(contract, operationsOf(contract.dereferenced).map(([id]) => id))).toBeUndefined();
  });

  it('another contract text has its own pack (the directory is named by the digest of the text)', async () => {
    const contract = await loadContract(CONTRACT);
    expect(writeValidatorPack(contract, compileValidators(contract).packCode())).toBe(true);
    const edited = { ...contract, text: `${contract.text}\n# edited\n`, digest: 'another' };
    expect(readValidatorPack(edited, operationsOf(contract.dereferenced).map(([id]) => id))).toBeUndefined();
  });
});
