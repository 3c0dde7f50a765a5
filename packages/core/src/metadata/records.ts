import { CONTROLLER, PARAMS, ROUTES } from './keys';
import { readOwnRecord, writeRecord } from './design-types';
import type { ParamOptions, RouteOptions, ControllerOptions, HttpMethod, DependencyLike, DependencyScope } from '../params/options';

/** A class whose instances tsapi creates. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Constructor<T = unknown> = new (...args: any[]) => T;

export type ParamKind =
  | 'path'
  | 'query'
  | 'header'
  | 'cookie'
  | 'body'
  | 'form'
  | 'file'
  | 'request'
  | 'reply'
  | 'depends'
  | 'security'
  | 'by-type';

/** What one parameter decorator recorded. */
export interface ParamMeta {
  readonly kind: ParamKind;
  /** The wire name (`@Query('q')`); absent for whole-model or injected parameters. */
  readonly name?: string;
  readonly options: ParamOptions;
  readonly dependency?: DependencyLike;
  readonly useCache?: boolean;
  readonly scope?: DependencyScope;
  readonly scopes?: readonly string[];
  /** For `by-type` parameters: the class whose per-request instance is injected. */
  readonly injectedType?: Function;
}

export interface RouteMeta {
  /** A websocket route: upgraded GET requests only. */
  readonly websocket?: boolean;
  readonly methods: readonly HttpMethod[];
  readonly path: string;
  readonly handlerName: string;
  readonly options: RouteOptions;
}

export interface ControllerMeta {
  readonly prefix: string;
  readonly options: ControllerOptions;
}

/** The member key under which a constructor's parameters are recorded. */
export const CONSTRUCTOR_KEY = 'constructor';

export function recordController(target: Function, meta: ControllerMeta): void {
  writeRecord(target, CONTROLLER, meta);
}

export function readController(target: Function): ControllerMeta | undefined {
  return readOwnRecord<ControllerMeta>(target, CONTROLLER);
}

export function recordRoute(target: Function, meta: RouteMeta): void {
  const routes = readOwnRecord<RouteMeta[]>(target, ROUTES) ?? [];
  writeRecord(target, ROUTES, [...routes, meta]);
}

/** Routes of a class and of the classes it extends, base-class routes first. */
export function readRoutes(target: Function): RouteMeta[] {
  const parent = Object.getPrototypeOf(target);
  const inherited = parent && parent !== Function.prototype ? readRoutes(parent) : [];
  return [...inherited, ...(readOwnRecord<RouteMeta[]>(target, ROUTES) ?? [])];
}

export function recordParam(target: Function, member: string, index: number, meta: ParamMeta): void {
  const byMember = new Map(readOwnRecord<Map<string, ParamMeta[]>>(target, PARAMS) ?? []);
  const list = [...(byMember.get(member) ?? [])];
  list[index] = meta;
  byMember.set(member, list);
  writeRecord(target, PARAMS, byMember);
}

export function readParams(target: Function, member: string): (ParamMeta | undefined)[] {
  let cls: Function | null = target;
  while (cls && cls !== Function.prototype) {
    const found = readOwnRecord<Map<string, ParamMeta[]>>(cls, PARAMS)?.get(member);
    if (found) return found;
    cls = Object.getPrototypeOf(cls);
  }
  return [];
}
