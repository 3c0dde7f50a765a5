import { Middleware, type CallNext, type HttpMiddleware, type Request, type Response } from '@tsapi/core';

/** `X-Process-Time`: how long the app took to answer, in seconds (as Starlette's example). */
@Middleware()
export class ProcessTimeMiddleware implements HttpMiddleware {
  async dispatch(request: Request, callNext: CallNext): Promise<Response> {
    const start = performance.now();
    const response = await callNext(request);
    response.headers.set('x-process-time', ((performance.now() - start) / 1000).toFixed(6));
    return response;
  }
}
