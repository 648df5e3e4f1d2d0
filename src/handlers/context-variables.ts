import type { components } from '../../types/openapi.js';
import { ApiError } from '../errors/api-error.js';
import { apiErrorResult, documentedError } from '../errors/error-result.js';
import type { HandlerResult, OperationHandler, OperationRequest } from '../router/handler-result.js';
import type { ContextType, ContextVariable, VariableRecord } from '../world/records.js';
import { setContext } from '../world/set-context.js';

type CreateBody = components['schemas']['CreateContextVariableRequest'];
type UpdateBody = components['schemas']['UpdateContextVariableRequest'];
type SetContextBody = components['schemas']['SetContextRequest'];

/** GET /api/v1/context-variables: the definitions the team sees (its own and the defaults), in id order. */
export const getContextVariables: OperationHandler = ({ query, key }, world) => {
  const variables = world.variables.visible(key.team_id, query['context_type'] as ContextType | undefined).map(variableView);
  return { status: 200, body: { count: variables.length, variables } };
};

/** POST /api/v1/context-variables/create: a new definition of the team; `201` with its id. */
export const createContextVariable: OperationHandler = ({ operation, body, key }, world) => {
  const request = body as CreateBody;
  const options = request.select_options ?? null;
  if (request.variable_type === 'select' && options === null) return apiErrorResult(new ApiError(400, 'missing_parameter', 'Missing required parameter: select_options (a select variable needs its options)'), operation);
  if (request.variable_type !== 'select' && options !== null) return invalid(operation, '/select_options is only for select variables');
  const taken = world.variables.byName(key.team_id, request.context_type, request.name);
  if (taken) return apiErrorResult(new ApiError(400, 'duplicate_variable', `A ${request.context_type} variable named ${JSON.stringify(request.name)} already exists (id ${taken.id})`), operation);
  const variable: VariableRecord = {
    id: world.variables.newId(),
    name: request.name,
    display_name: request.display_name,
    description: request.description ?? null,
    variable_type: request.variable_type,
    context_type: request.context_type,
    is_default: false,
    select_options: options,
    team_id: key.team_id,
  };
  world.variables.add(variable);
  return { status: 201, body: written(variable, 'Variable definition created successfully') };
};

/**
 * PUT and PATCH /api/v1/context-variables/{variable_id}/update: both change the fields sent and
 * keep the others (the page's own PUT example is partial). `name` and `context_type` may be sent
 * only unchanged; a default variable cannot be modified.
 */
export const updateContextVariable: OperationHandler = (request, world) => {
  const { operation, params, key } = request;
  const body = request.body as UpdateBody;
  const current = world.variables.find(Number(params['variable_id']), key.team_id);
  if (!current) return documentedError(operation, 'not_found');
  if (current.is_default) return documentedError(operation, 'update_not_allowed');
  for (const field of ['name', 'context_type'] as const) {
    if (body[field] !== undefined && body[field] !== current[field]) return invalid(operation, `/${field} cannot be changed (delete the definition and create a new one)`);
  }
  const type = body.variable_type ?? current.variable_type;
  const sentOptions = body.select_options === undefined ? undefined : body.select_options ?? null;
  if (type !== 'select' && sentOptions !== undefined && sentOptions !== null) return invalid(operation, '/select_options is only for select variables');
  const options = type === 'select' ? sentOptions ?? current.select_options : null;
  if (type === 'select' && options === null) return invalid(operation, 'a select variable needs /select_options');
  const variable: VariableRecord = {
    ...current,
    display_name: body.display_name ?? current.display_name,
    description: body.description === undefined ? current.description : body.description ?? null,
    variable_type: type,
    select_options: options,
  };
  world.variables.put(variable);
  return { status: 200, body: written(variable, 'Variable definition updated successfully') };
};

/** DELETE /api/v1/context-variables/{variable_id}/delete: values already stored stay where they are. */
export const deleteContextVariable: OperationHandler = ({ operation, params, key }, world) => {
  const variable = world.variables.find(Number(params['variable_id']), key.team_id);
  if (!variable) return documentedError(operation, 'not_found');
  if (variable.is_default) return documentedError(operation, 'delete_not_allowed');
  world.variables.delete(variable.id);
  return { status: 200, body: { message: 'Variable definition deleted successfully' } };
};

/** POST /api/v1/contacts/{contact_id}/context: the values land in the contact's `custom_context`. */
export const setContactContext: OperationHandler = ({ operation, params, body, key }, world) => {
  const contact = world.contacts.find(Number(params['contact_id']), key.team_id);
  if (!contact) return documentedError(operation, 'not_found');
  const request = body as SetContextBody;
  const outcome = setContext(world, key.team_id, 'contact', contact.custom_context, request.variables, request.auto_create_variables === true);
  if ('refusal' in outcome) return apiErrorResult(new ApiError(400, outcome.refusal.code, outcome.refusal.message), operation);
  world.contacts.put({ ...contact, custom_context: outcome.values });
  return { status: 200, body: { message: 'Contact context variables updated successfully', contact_id: contact.id } };
};

/** POST /api/v1/business/context: the values of the team's business profile. */
export const setBusinessContext: OperationHandler = ({ operation, body, key }, world) => {
  const request = body as SetContextBody;
  const outcome = setContext(world, key.team_id, 'business', world.variables.businessContext(key.team_id), request.variables, request.auto_create_variables === true);
  if ('refusal' in outcome) return apiErrorResult(new ApiError(400, outcome.refusal.code, outcome.refusal.message), operation);
  world.variables.setBusinessContext(key.team_id, outcome.values);
  return { status: 200, body: { message: 'Business context variables updated successfully' } };
};

/** A definition as the API shows it (without the sandbox's `team_id`). */
function variableView(variable: VariableRecord): ContextVariable {
  const { id, name, display_name, description, variable_type, context_type, is_default, select_options } = variable;
  return { id, name, display_name, description, variable_type, context_type, is_default, select_options };
}

function written(variable: VariableRecord, message: string) {
  return { id: variable.id, name: variable.name, display_name: variable.display_name, message };
}

function invalid(operation: OperationRequest['operation'], detail: string): HandlerResult {
  return apiErrorResult(new ApiError(400, 'validation_error', `Invalid request: ${detail}`), operation);
}
