// The parser is pure and shared with the agent (agent/postgres/from-options.ts).
export * from '../../../shared/postgres/seed-secrets';
