import './zod-config';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { ApiProvider } from './api/context';
import { chooseClient } from './api/choose';
import { App } from './app/App';
import { connectStores } from './app/connect-stores';
import './styles/theme.css';

async function main(): Promise<void> {
  const root = document.getElementById('root');
  if (!root) throw new Error('#root is missing from index.html');
  const client = await chooseClient(window);
  connectStores(client);
  createRoot(root).render(
    <StrictMode>
      <ApiProvider client={client}>
        <App />
      </ApiProvider>
    </StrictMode>,
  );
}

void main();
