export { App, onServerError, type AppOptions } from './app/app';
export { Router, type RouterOptions, type IncludeOptions } from './app/router';
export type { RouteDescription } from './app/route-table';
export type { Provider } from './app/providers';
export { Controller, Route, Get, Post, Put, Delete, Patch, Options, Head, WebSocketRoute, type WebSocketRouteOptions } from './decorators/routes';
export { WebSocket, WebSocketDisconnect, WebSocketException } from './websocket/websocket';
export { TEST_WEBSOCKET_HEADER, waitForWebSocketOutcome, type WebSocketOutcome } from './websocket/handshake-outcome';
export { Path, Query, Header, Cookie, Body, Form, File, Req, Res, type ParamDecorator } from './decorators/params';
export { UploadFile } from './uploads/upload-file';
export type { UploadLimits } from './uploads/multipart';
export { Injectable, Inject, type ProviderToken } from './decorators/injectable';
export { Middleware, type HttpMiddleware, type CallNext } from './decorators/middleware';
export { ExceptionHandler, type ExceptionHandlerClass, type ErrorClass } from './decorators/exception-handler';
export { BackgroundTasks } from './background/background-tasks';
export { Cache, MemoryCacheStore, RedisCacheStore, type CacheOptions, type CacheSetOptions, type CacheStore, type MemoryCacheStoreOptions, type RedisCacheClient } from './cache';
export type { Lifespan, LifespanHandler } from './lifespan/lifespan';
export type { CorsOptions } from './app/cors';
export type { RateLimitOptions } from './app/rate-limit';
export { Depends, Security, dependency, type DependsDecorator, type DependencyParam } from './decorators/depends';
export { SecurityScopes } from './di/security-scopes';
export { DEPENDENCY_CALL, SECURITY_SCHEME, type DependencyObject, type SecuritySchemeInfo } from './di/dependency-like';
export { DependencyError } from './errors/dependency-error';
export { TsapiError } from './errors/tsapi-error';
export { DefinitionError, type DefinitionProblem } from './errors/definition-error';
export { HTTPException } from './errors/http-exception';
export { RequestValidationError, type ValidationErrorItem } from './errors/request-validation-error';
export { ResponseValidationError } from './errors/response-validation-error';
export { ErrorCodes, errorCodeDocs, type ErrorCode } from './errors/codes';
export { type HeaderValues, Response, JSONResponse, HTMLResponse, PlainTextResponse, RedirectResponse } from './responses/response';
export { StreamingResponse, FileResponse, type FileResponseOptions } from './responses/streaming';
export { status } from './status';
export { buildOpenAPIDocument, type OpenAPIDocument, type OpenAPIInfo, type OpenAPITag, type OpenAPIServer } from './openapi/document';
export { writeOpenAPI } from './openapi/write-document';
export type {
  ParamOptions,
  RouteOptions,
  ControllerOptions,
  HttpMethod,
  ScalarType,
  TypeSpec,
  ResponseDoc,
  DependencyDescriptor,
  DependencyLike,
  DependencyScope,
  DependsOptions,
} from './params/options';
export type { RoutePlan } from './compiler/route-plan';
export type { DependantPlan, DependencyPlan, DependencyUsePlan } from './compiler/dependant';
export type { FastifyRequest as Request, FastifyReply as Reply } from 'fastify';
