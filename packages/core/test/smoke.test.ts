import 'reflect-metadata';
import { IsNumber, IsOptional, IsString, Length, Min, IsArray } from 'class-validator';
import { App, Body, Controller, Get, Path, Post, Query } from '@tsapi/core';
import { TestClient } from '@tsapi/testing';

class ItemIn {
  @IsString() @Length(1, 50) name!: string;
  @IsNumber() @Min(0) price!: number;
  @IsOptional() @IsString() description?: string;
  @IsArray() @IsString({ each: true }) tags: string[] = [];
}
class ItemOut {
  @IsNumber() id!: number;
  @IsString() name!: string;
  @IsOptional() @IsString() description?: string;
}

@Controller('/items')
class ItemsController {
  @Get('/{itemId}')
  read(@Path('itemId', { type: 'integer' }) itemId: number, @Query('q', { required: false }) q?: string) {
    return { itemId, q };
  }
  @Post('/', { responseModel: ItemOut, statusCode: 201 })
  create(@Body() item: ItemIn) {
    return { id: 1, ...item, password: 'x', isItem: item instanceof ItemIn };
  }
}

test('smoke', async () => {
  const app = new App({ controllers: [ItemsController] });
  const client = new TestClient(app);
  let r = await client.get('/items/5', { query: { q: 'x' } });
  expect([r.status, r.json()]).toEqual([200, { itemId: 5, q: 'x' }]);
  r = await client.get('/items/abc');
  expect([r.status, r.json()]).toEqual([422, { detail: [{ type: 'int_parsing', loc: ['path', 'itemId'], msg: 'Input should be a valid integer, unable to parse string as an integer', input: 'abc' }] }]);
  r = await client.post('/items/', { json: { name: 'a', price: '2.5', extra: 1 } });
  expect([r.status, r.json()]).toEqual([201, { id: 1, name: 'a', description: null }]);
  r = await client.post('/items/', { json: { price: -1, tags: 'x' } });
  expect(r.status).toBe(422);
  console.log(JSON.stringify(r.json()));
  r = await client.post('/items/', { body: '{"a":', headers: { 'content-type': 'application/json' } });
  console.log(r.status, r.text);
  r = await client.post('/items/', { body: '{"name":"a","price":1}' });
  console.log(r.status, r.text);
  r = await client.post('/items/', { body: '{"name":"a","price":1}', headers: { 'content-type': 'application/json garbage' } });
  console.log(r.status, r.text);
  r = await client.post('/items/', { body: '{"__proto__":{"a":1}}', headers: { 'content-type': 'application/json' } });
  console.log(r.status, r.text);
  r = await client.post('/items');
  console.log(r.status, r.text, r.headers.location);
  r = await client.delete('/items/1');
  console.log(r.status, r.text, r.headers.allow);
  r = await client.get('/nope');
  console.log(r.status, r.text);
  r = await client.get('/items/' + 'x'.repeat(200));
  console.log(r.status, r.text);
  await client.close();
});
