/** The `error` frame codes of protocol v1, with what each means. */
export const AGENT_ERROR_CODES: Record<string, string> = {
  'invalid-json': 'the frame is not JSON; the connection stays open',
  'invalid-payload': 'a field is missing or wrong (`field` names it; `id` is set for a command frame); the connection stays open',
  'unsupported-version': 'the frame has a `v` other than 1',
  'hello-required': 'a frame came before `hello`; the agent then closes with 4401',
  'auth-failed': 'the token was refused; the agent then closes with 4401',
  'auth-timeout': 'no valid `hello` within authDeadlineMs; the agent then closes with 4401',
  'auth-throttled': 'this address refused too many tokens and must wait; the agent then closes with 4401',
  'already-authenticated': 'a second `hello` on a session that was welcomed',
  'rate-limited': 'more frames than the rate limit allows; the agent then closes with 4429',
  'node-down': 'the node is dead; the agent then closes with 4503 and refuses upgrades with HTTP 503 until it is back',
  'frame-too-large': 'an outgoing frame would have exceeded maxFrameBytes and was dropped',
};

/** Codes of `commandResult` failures that the agent itself (not the backend) sends. */
export const COMMAND_FAILURE_CODES: Record<string, string> = {
  'unknown-command': 'the command name is not one of this protocol version (issues name `command.name`)',
  'not-supported': 'a command of the protocol that this agent does not accept now (not in its newest capabilities)',
  'command-failed': 'the backend threw while running the command',
  'host-command-failed': 'a host tool (pg_ctl, pg_rewind, pg_controldata) failed; the reason holds its last output lines',
};
