// The parser is pure and shared with core (through shared/postgres/conn-string.ts).
export * from '../../../shared/postgres/conninfo-kv';
