import { ApiError } from '../errors/api-error.js';
import type { OperationContract } from './operation-contract.js';
import type { RequestProblem } from './request-validator.js';

/**
 * Turns validation problems into the operation's documented answer: the first entry of its
 * `x-klen-validation-errors` (in contract order) that matches a body problem, else
 * `400 validation_error` naming every field that failed. No handler maps codes itself.
 */
export function validationFailure(operation: OperationContract, problems: readonly RequestProblem[]): ApiError {
  for (const rule of operation.validationErrors) {
    const matched = problems.some(
      (p) => p.in === 'body' && (p.field === rule.field || p.field.startsWith(`${rule.field}/`)) && (rule.keywords === undefined || rule.keywords.includes(p.keyword)),
    );
    if (matched) return new ApiError(400, rule.error, rule.message);
  }
  const described = [...new Set(problems.map(describe))];
  return new ApiError(400, 'validation_error', `Invalid request: ${described.join('; ')}`);
}

function describe(problem: RequestProblem): string {
  if (problem.in === 'body') return problem.field === '' ? `the body ${problem.message}` : `${problem.field} ${problem.message}`;
  return `${problem.in === 'query' ? 'query parameter' : problem.in === 'path' ? 'path parameter' : 'header'} ${problem.field} ${problem.message}`;
}
