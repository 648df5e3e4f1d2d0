export { createMockServer, type MockServer, type MockServerOptions } from './server.js';
export { StartupError } from './errors/startup-error.js';
export { silentLogger, stderrLogger, type Logger } from './logger.js';
export type { ApiKey, Permission } from './fixtures/api-key.js';
