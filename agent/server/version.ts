/** The agent's own version, sent in `welcome.agentVersion`. A unit test keeps it equal to package.json. */
export const AGENT_VERSION = '0.1.0';
