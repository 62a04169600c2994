// Shared with the agent, which imports nothing from electron/.
export { toLogFormat } from '../../shared/log/errors';
