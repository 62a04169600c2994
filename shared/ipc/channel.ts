import type { z } from 'zod';

/** A request/response channel: both sides are validated against these schemas. */
export interface ChannelDef<Req extends z.ZodType, Res extends z.ZodType> {
  request: Req;
  response: Res;
}

export function channel<Req extends z.ZodType, Res extends z.ZodType>(request: Req, response: Res): ChannelDef<Req, Res> {
  return { request, response };
}
