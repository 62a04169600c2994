import type { z } from 'zod';
import type { ChannelDef } from './channel';
import { clustersContract } from './clusters';
import { metricsContract } from './metrics';
import { eventsContract } from './events';
import { sandboxContract } from './sandbox';
import { actionsContract } from './actions';
import { conflictsContract } from './conflicts';
import { lockingContract } from './locking';
import { alertsContract } from './alerts';
import { historyContract } from './history';
import { enginePolicyContract } from './engine-policy';

/** Every request/response channel, named `domain:verb`. Add a domain by spreading its contract here. */
export const ipcContract = {
  ...clustersContract,
  ...metricsContract,
  ...eventsContract,
  ...sandboxContract,
  ...actionsContract,
  ...conflictsContract,
  ...lockingContract,
  ...alertsContract,
  ...historyContract,
  ...enginePolicyContract,
} as const;

export type IpcContract = typeof ipcContract;
export type Channel = keyof IpcContract;
type Def<C extends Channel> = IpcContract[C] extends ChannelDef<infer Req, infer Res> ? { req: Req; res: Res } : never;
/** What a caller may send (defaults may be omitted). */
export type RequestOf<C extends Channel> = z.input<Def<C>['req']>;
/** What a handler receives after validation. */
export type ParsedRequestOf<C extends Channel> = z.infer<Def<C>['req']>;
export type ResponseOf<C extends Channel> = z.infer<Def<C>['res']>;

export function isChannel(name: unknown): name is Channel {
  return typeof name === 'string' && Object.prototype.hasOwnProperty.call(ipcContract, name);
}

export const channels = Object.keys(ipcContract) as Channel[];
