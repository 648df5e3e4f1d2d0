import type { OperationHandler } from '../router/handler-result.js';

/** GET /api/v1/agents: the key's team's agents (not paginated), with this world's usage. */
export const getAgents: OperationHandler = ({ key }, world) => ({ status: 200, body: { agents: world.agentsOfTeam(key.team_id) } });
