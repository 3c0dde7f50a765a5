import 'reflect-metadata';
import { IsIn, IsInt, IsOptional, IsString, Max, Min } from 'class-validator';
import { App, Controller, Get, Query } from '@tsapi/core';

class FilterParams {
  @IsInt() @Min(0) offset = 0;
  @IsInt() @Min(1) @Max(100) limit = 100;
  @IsIn(['created_at', 'updated_at']) orderBy = 'created_at';
  @IsOptional() @IsString() q?: string;
}

@Controller()
class ItemsController {
  @Get('/items')
  listItems(@Query() filter: FilterParams) {
    return filter;
  }
}

export const app = new App({ controllers: [ItemsController] });
