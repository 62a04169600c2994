// The parser is pure and shared with core (electron/core/settings/secret-merge.ts reads an entry's identity).
export * from '../../../shared/postgres/conn-string';
