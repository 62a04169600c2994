export { startAgentServer, type AgentServer, type AgentServerOptions } from './server';
export { AGENT_VERSION } from './version';
export { serveCluster, type ServedNode, type ServeClusterOptions } from './serve-cluster';
