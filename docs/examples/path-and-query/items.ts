import 'reflect-metadata';
import { App, Controller, Get, Path, Query } from '@tsapi/core';

enum ModelName {
  alexnet = 'alexnet',
  resnet = 'resnet',
  lenet = 'lenet',
}

@Controller()
class ItemsController {
  @Get('/items/{itemId}')
  readItem(@Path('itemId', { type: 'integer', ge: 1 }) itemId: number) {
    return { itemId };
  }

  @Get('/models/{modelName}')
  getModel(@Path('modelName', { enum: Object.values(ModelName) }) modelName: ModelName) {
    if (modelName === ModelName.alexnet) return { modelName, message: 'Deep Learning FTW!' };
    return { modelName, message: 'Have some residuals' };
  }

  @Get('/files/{filePath:path}')
  readFile(@Path('filePath') filePath: string) {
    return { filePath };
  }

  @Get('/items')
  listItems(
    @Query('skip', { type: 'integer', default: 0 }) skip: number,
    @Query('limit', { type: 'integer', default: 10, le: 100 }) limit: number,
    @Query('short', { default: false }) short: boolean,
    @Query('tag', { type: ['string'], default: [] }) tags: string[],
    @Query('q', { required: false, minLength: 3 }) q?: string,
  ) {
    return { skip, limit, short, tags, q: q ?? null };
  }
}

export const app = new App({ controllers: [ItemsController] });
