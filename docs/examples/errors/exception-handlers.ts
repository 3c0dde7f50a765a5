import 'reflect-metadata';
import {
  App,
  Controller,
  ExceptionHandler,
  type ExceptionHandlerClass,
  Get,
  HTTPException,
  JSONResponse,
  Path,
  PlainTextResponse,
  RequestValidationError,
  type Request,
} from '@tsapi/core';

class UnicornError extends Error {
  constructor(readonly unicorn: string) {
    super(`${unicorn} is not a unicorn`);
  }
}

@ExceptionHandler(UnicornError)
class UnicornHandler implements ExceptionHandlerClass<UnicornError> {
  catch(error: UnicornError, request: Request) {
    return new JSONResponse({ message: `Oops! ${error.unicorn} did something at ${request.url}.` }, 418);
  }
}

@ExceptionHandler(RequestValidationError)
class ValidationAsText implements ExceptionHandlerClass<RequestValidationError> {
  catch(error: RequestValidationError) {
    const lines = error.errors().map((e) => `${e.loc.join('.')}: ${e.msg}`);
    return new PlainTextResponse(lines.join('\n'), 400);
  }
}

@ExceptionHandler(HTTPException)
class HTTPExceptionAsText implements ExceptionHandlerClass<HTTPException> {
  catch(error: HTTPException) {
    return new PlainTextResponse(String(error.detail), error.statusCode);
  }
}

@Controller()
class UnicornsController {
  @Get('/unicorns/{name}')
  readUnicorn(@Path('name') name: string) {
    if (name === 'yolo') throw new UnicornError(name);
    return { unicornName: name };
  }

  @Get('/items/{itemId}')
  readItem(@Path('itemId', { type: 'integer' }) itemId: number) {
    if (itemId === 3) throw new HTTPException(418, "Nope! I don't like 3.");
    return { itemId };
  }
}

export const app = new App({
  exceptionHandlers: [UnicornHandler, ValidationAsText, HTTPExceptionAsText],
  controllers: [UnicornsController],
});
