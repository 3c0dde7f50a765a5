import type { FastifyInstance, FastifySerializerCompiler } from 'fastify';
import { SerializerSelector } from '@fastify/fast-json-stringify-compiler';
import { oncePerKey } from '../once-per-key';

export type SerializerSharing = false | { readonly serializerOpts: Record<string, unknown> | undefined };

/**
 * A serializer compiler that compiles each response schema once for the whole app. Fastify
 * compiles a route's response schema with fast-json-stringify for every route, even when the
 * schema object is the one another route already uses: with one model answered by many routes,
 * that was most of an app's start-up time and of the memory its routes keep. The serializers
 * are Fastify's own, built with the app's `serializerOpts` and shared schemas.
 */
export function sharedSerializerCompiler(
  scope: FastifyInstance,
  serializerOpts: Record<string, unknown> | undefined,
): FastifySerializerCompiler<unknown> {
  const compile = SerializerSelector()(scope.getSchemas(), serializerOpts ?? {});
  const compiled = new WeakMap<object, (data: unknown) => string>();
  return (route) => oncePerKey(compiled, route.schema as object, () => compile(route as never) as (data: unknown) => string);
}
