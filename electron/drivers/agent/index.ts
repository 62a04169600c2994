export { createAgentDriver, CLIENT_VERSION, type AgentDriver, type AgentDriverOptions } from './driver';
export { AgentConnection, type AgentConnectionStatus, type LatestReport } from './connection';
export { mergeReports, consensusOf } from './merge';
