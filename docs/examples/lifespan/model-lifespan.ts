import 'reflect-metadata';
import { App, Controller, Get, Query, Req, type Request } from '@tsapi/core';

type Model = (x: number) => number;
/** What the lifespan yields: `app.state`, and each request's `request.state`. */
interface AppState {
  models: Map<string, Model>;
}

/** What happened to the models, for the tests. */
export const events: string[] = [];

async function* lifespan(): AsyncGenerator<AppState> {
  const models = new Map<string, Model>([['answer', (x) => x * 42]]); // load the ML model, open the pool…
  events.push('loaded');
  yield { models };
  models.clear(); // …and release them when the app closes
  events.push('released');
}

@Controller()
class PredictController {
  @Get('/predict')
  predict(@Query('x', { type: 'number' }) x: number, @Req() request: Request) {
    const models = request.state.models as AppState['models'];
    const model = models.get('answer')!;
    return { result: model(x) };
  }
}

export const app = new App({ lifespan, controllers: [PredictController] });
