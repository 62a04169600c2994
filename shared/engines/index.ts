import { z } from 'zod';
import { MariadbNodeDetailSchema } from './mariadb';
import { GaleraClusterSchema, GaleraNodeSchema } from './galera';

/**
 * What an engine shows beyond the common model (`ClusterSample`), for its own renderer panels.
 * One member per engine that has any: adding an engine adds one file here and one line below.
 */
export const EngineDetailSchema = z.discriminatedUnion('engine', [
  z.object({
    engine: z.literal('mariadb'),
    /** By node id. */
    nodes: z.record(z.string(), MariadbNodeDetailSchema.extend({ galera: GaleraNodeSchema.nullable() })),
    galera: GaleraClusterSchema.nullable(),
  }),
]);
export type EngineDetail = z.infer<typeof EngineDetailSchema>;
