import { createContext, useContext, type ReactNode } from 'react';
import type { DeskClient } from './types';

const ApiContext = createContext<DeskClient | null>(null);

export function ApiProvider({ client, children }: { client: DeskClient; children: ReactNode }) {
  return <ApiContext.Provider value={client}>{children}</ApiContext.Provider>;
}

export function useApi(): DeskClient {
  const client = useContext(ApiContext);
  if (!client) throw new Error('useApi() outside <ApiProvider>');
  return client;
}
