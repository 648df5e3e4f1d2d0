export { createMockServer, type MockServer, type MockServerOptions } from './server.js';
export { StartupError } from './errors/startup-error.js';
export { createLogger, silentLogger, type Logger, type LogFormat, type LogLevel } from './logging/logger.js';
export type { AdminAccess } from './admin/admin-access.js';
export type { JournalEntry } from './admin/request-journal.js';
export type { DelaySpec } from './latency/delay-profile.js';
export type { ApiKey, Permission } from './auth/api-key.js';
