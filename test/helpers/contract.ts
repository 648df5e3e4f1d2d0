/**
 * The contract as tests see it: openapi.yaml itself, dereferenced and compiled here, so a
 * response is checked against the file and not against the server's own copy of it.
 */
import SwaggerParser from '@apidevtools/swagger-parser';
import type { OpenAPIV3_1 } from 'openapi-types';
import { createAjv } from '../../src/openapi/ajv.js';
import { describeAjvErrors } from '../../src/openapi/ajv-errors.js';

export const CONTRACT_FILE = new URL('../../openapi.yaml', import.meta.url).pathname;

export const contract = (await SwaggerParser.dereference(CONTRACT_FILE)) as OpenAPIV3_1.Document;
export const ADMIN_CONTRACT_FILE = new URL('../../admin-openapi.yaml', import.meta.url).pathname;
const adminContract = (await SwaggerParser.validate(ADMIN_CONTRACT_FILE)) as OpenAPIV3_1.Document;
const ajv = createAjv();

export const DOCUMENTED_EXAMPLE = (
  contract.paths?.['/api/v1/calls/{call_id}']?.get?.responses?.['200'] as OpenAPIV3_1.ResponseObject
).content?.['application/json']?.examples?.['documented'] as { value: Record<string, unknown> };

/** The documented example request body of an operation (`requestBody…examples.documented`). */
export function requestExample(path: string, method: 'post' | 'put' | 'patch'): Record<string, unknown> {
  const body = contract.paths?.[path]?.[method]?.requestBody as OpenAPIV3_1.RequestBodyObject | undefined;
  const example = body?.content?.['application/json']?.examples?.['documented'] as OpenAPIV3_1.ExampleObject | undefined;
  if (!example) throw new Error(`openapi.yaml has no documented request example for ${method.toUpperCase()} ${path}`);
  return example.value as Record<string, unknown>;
}

/** Every documented error of an operation: `[status, code, message]`, from the named examples. */
export function documentedErrors(path: string, method: 'get' | 'post' | 'put' | 'patch' | 'delete'): Array<{ status: number; code: string; message: string }> {
  const responses = contract.paths?.[path]?.[method]?.responses ?? {};
  return Object.entries(responses).flatMap(([status, response]) => {
    const r = response as OpenAPIV3_1.ResponseObject & { 'x-klen-mock-only'?: boolean };
    if (Number(status) < 400 || r['x-klen-mock-only']) return [];
    return Object.values(r.content?.['application/json']?.examples ?? {}).map((example) => {
      const value = (example as OpenAPIV3_1.ExampleObject).value as { error: string; message: string };
      return { status: Number(status), code: value.error, message: value.message };
    });
  });
}

/** Problems with a response against the contract; empty when it conforms. */
export function contractViolations(path: string | null, method: string, status: number, contentType: string | null, body: unknown, headers: Headers): string[] {
  const problems: string[] = [];
  if (!contentType?.startsWith('application/json')) problems.push(`content-type is ${String(contentType)}, not application/json`);
  let schema: object | undefined;
  if (path === null) {
    schema = contract.components?.schemas?.['Error'] as object;
  } else {
    const response = contract.paths?.[path]?.[method as 'get']?.responses?.[String(status)] as OpenAPIV3_1.ResponseObject | undefined;
    if (!response) return [...problems, `status ${status} is not declared for ${method.toUpperCase()} ${path}`];
    schema = response.content?.['application/json']?.schema as object;
    for (const [name, header] of Object.entries(response.headers ?? {})) {
      if ((header as OpenAPIV3_1.HeaderObject).required && !headers.has(name)) problems.push(`header ${name} is required`);
    }
  }
  const validate = ajv.compile(schema);
  if (!validate(body)) problems.push(...describeAjvErrors(validate.errors));
  return problems;
}

/** Problems with an admin API JSON response against admin-openapi.yaml; empty when it conforms. */
export function adminViolations(path: string, method: 'get' | 'post' | 'delete', status: number, body: unknown): string[] {
  const response = adminContract.paths?.[path]?.[method]?.responses?.[String(status)] as OpenAPIV3_1.ResponseObject | undefined;
  if (!response) return [`status ${status} is not declared for ${method.toUpperCase()} ${path}`];
  const schema = response.content?.['application/json']?.schema;
  if (!schema) return [`${method.toUpperCase()} ${path} ${status} is not JSON in admin-openapi.yaml`];
  const validate = ajv.compile(schema as object);
  return validate(body) ? [] : describeAjvErrors(validate.errors);
}

/** Problems with a webhook payload against its event's schema in openapi.yaml's `webhooks`; empty when it conforms. */
export function webhookViolations(payload: { event_type?: unknown }): string[] {
  const type = String(payload.event_type);
  const operation = (contract.webhooks?.[type] as OpenAPIV3_1.PathItemObject | undefined)?.post;
  const schema = (operation?.requestBody as OpenAPIV3_1.RequestBodyObject | undefined)?.content?.['application/json']?.schema;
  if (!schema) return [`openapi.yaml has no webhook ${type}`];
  const validate = ajv.compile(schema as object);
  return validate(payload) ? [] : describeAjvErrors(validate.errors);
}
