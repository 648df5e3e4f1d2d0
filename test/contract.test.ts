/** The contract file itself: what the server and the README rely on it to say. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { MAX_DELAY_MS } from '../src/simulation/read-simulation.js';
import { createAjv } from '../src/openapi/ajv.js';
import { contract, DOCUMENTED_EXAMPLE } from './helpers/contract.js';

const operation = contract.paths?.['/api/v1/calls/{call_id}']?.get as any;

describe('openapi.yaml', () => {
  it('is OpenAPI 3.1 and names the real API and the local sandbox', () => {
    expect(contract.openapi).toBe('3.1.0');
    expect(contract.servers?.map((s) => s.url)).toEqual(['https://api.klen.ai', 'http://localhost:4010']);
  });

  it('offers the three documented auth methods, any one sufficing', () => {
    expect(contract.security).toEqual([{ bearerAuth: [] }, { apiKeyHeader: [] }, { apiKeyQuery: [] }]);
    expect(contract.components?.securitySchemes).toMatchObject({
      bearerAuth: { type: 'http', scheme: 'bearer' },
      apiKeyHeader: { type: 'apiKey', in: 'header', name: 'X-API-Key' },
      apiKeyQuery: { type: 'apiKey', in: 'query', name: 'api_key' },
    });
  });

  it('states the permission of Get Call Details', () => {
    expect(operation.operationId).toBe('getCallDetails');
    expect(operation['x-klen-permission']).toBe('can_read_calls');
  });

  it('has the documented example as the 200 example, and it matches the Call schema', () => {
    const validate = createAjv().compile(contract.components?.schemas?.['Call'] as object);
    expect(validate(DOCUMENTED_EXAMPLE.value)).toBe(true);
    expect(DOCUMENTED_EXAMPLE.value['call_id']).toBe('call_def456');
  });

  it('declares Retry-After on 429', () => {
    expect(operation.responses['429'].headers['Retry-After'].required).toBe(true);
  });

  it('bounds X-Mock-Delay exactly as the server does', () => {
    expect((contract.components?.parameters?.['MockDelay'] as any).schema.maximum).toBe(MAX_DELAY_MS);
  });

  it('marks every inference, and the README lists the same decisions', () => {
    const text = readFileSync(new URL('../openapi.yaml', import.meta.url), 'utf8');
    expect((text.match(/Inferred:/g) ?? []).length).toBeGreaterThanOrEqual(15);
    const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
    expect(readme).toContain('## Where the docs are silent');
  });
});
