import 'reflect-metadata';
import { IsInt, IsOptional, IsString, Length, Min } from 'class-validator';
import { App, Controller, Form, Post, Query } from '@tsapi/core';
import { TestClient } from '@tsapi/testing';
import { openapiProblems } from './support/openapi-schema';

class SignupForm {
  @IsString() @Length(3, 20) username!: string;
  @IsInt() @Min(13) age!: number;
  @IsOptional() @IsString() referrer?: string;
}

@Controller()
class SignupController {
  @Post('/signup')
  signup(@Form() form: SignupForm, @Query('source', { required: false }) source?: string) {
    return { isModel: form instanceof SignupForm, username: form.username, age: form.age, referrer: form.referrer ?? null, source: source ?? null };
  }
}

const clients: TestClient[] = [];
function client(): TestClient {
  const c = new TestClient(new App({ controllers: [SignupController] }));
  clients.push(c);
  return c;
}
afterEach(async () => {
  await Promise.all(clients.splice(0).map((c) => c.close()));
});

describe('form models: @Form() on a class-typed parameter', () => {
  test('each property is a form field, coerced, and the handler gets an instance', async () => {
    const res = await client().post('/signup', { form: { username: 'ann', age: '30' }, query: { source: 'ad' } });
    expect([res.status, res.json()]).toEqual([200, { isModel: true, username: 'ann', age: 30, referrer: null, source: 'ad' }]);
  });

  test('the same fields arrive through multipart', async () => {
    const res = await client().post('/signup', { form: { username: 'bob', age: '41', referrer: 'ann' }, files: {} });
    expect([res.status, res.json()]).toEqual([200, { isModel: true, username: 'bob', age: 41, referrer: 'ann', source: null }]);
  });

  test('invalid and missing fields are 422 under body, after the query parameters', async () => {
    const res = await client().post('/signup', { form: { username: 'a', age: 'x' } });
    expect(res.status).toBe(422);
    expect(res.json()).toEqual({
      detail: [
        { type: 'string_too_short', loc: ['body', 'username'], msg: 'String should have at least 3 characters', input: 'a', ctx: { min_length: 3 } },
        { type: 'int_parsing', loc: ['body', 'age'], msg: 'Input should be a valid integer, unable to parse string as an integer', input: 'x' },
      ],
    });
    const empty = await client().post('/signup', { form: {} });
    expect(empty.json()).toEqual({
      detail: [
        { type: 'missing', loc: ['body', 'username'], msg: 'Field required', input: null },
        { type: 'missing', loc: ['body', 'age'], msg: 'Field required', input: null },
      ],
    });
  });

  test('the document shows the fields in a form body, not as parameters', () => {
    const document = new App({ controllers: [SignupController] }).openapi();
    expect(openapiProblems(document)).toEqual([]);
    const operation = document.paths['/signup'].post as { parameters: { name: string }[]; requestBody: unknown };
    expect(operation.parameters.map((p) => p.name)).toEqual(['source']);
    expect(operation.requestBody).toEqual({
      content: { 'application/x-www-form-urlencoded': { schema: { $ref: '#/components/schemas/Body_signup_signup_post' } } },
      required: true,
    });
    expect((document.components as { schemas: Record<string, unknown> }).schemas.Body_signup_signup_post).toEqual({
      properties: {
        username: { type: 'string', minLength: 3, maxLength: 20, title: 'Username' },
        age: { type: 'integer', minimum: 13, title: 'Age' },
        referrer: { anyOf: [{ type: 'string' }, { type: 'null' }], title: 'Referrer' },
      },
      type: 'object',
      required: ['username', 'age'],
      title: 'Body_signup_signup_post',
    });
  });
});
