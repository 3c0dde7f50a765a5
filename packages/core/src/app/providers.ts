import { isInjectable, readInjectTokens, type ProviderToken } from '../decorators/injectable';
import { DefinitionError } from '../errors/definition-error';
import { readParamTypes } from '../metadata/design-types';
import { readController, type Constructor } from '../metadata/records';

/** A provider: a class, or a replacement for a token. */
export type Provider =
  | Constructor
  | { provide: ProviderToken; useValue: unknown }
  | { provide: ProviderToken; useClass: Constructor }
  | { provide: ProviderToken; useFactory: (...deps: never[]) => unknown; inject?: readonly ProviderToken[] };

type Recipe = { value: unknown } | { cls: Constructor } | { factory: (...deps: unknown[]) => unknown; inject: readonly ProviderToken[] };

function nameOf(token: ProviderToken): string {
  return typeof token === 'function' ? token.name : String(token);
}

/**
 * Creates providers once per app, resolving constructor parameters by type (or `@Inject(token)`).
 * All of it happens while the app compiles.
 */
export class ProviderContainer {
  readonly #recipes = new Map<ProviderToken, Recipe>();
  readonly #instances = new Map<ProviderToken, unknown>();

  constructor(providers: readonly Provider[]) {
    for (const provider of providers) {
      if (typeof provider === 'function') this.#recipes.set(provider, { cls: provider });
      else if ('useValue' in provider) this.#recipes.set(provider.provide, { value: provider.useValue });
      else if ('useClass' in provider) this.#recipes.set(provider.provide, { cls: provider.useClass });
      else this.#recipes.set(provider.provide, { factory: provider.useFactory as (...deps: unknown[]) => unknown, inject: provider.inject ?? [] });
    }
  }

  /** The one instance for `token`, created on first use. */
  get<T = unknown>(token: ProviderToken, path: readonly ProviderToken[] = []): T {
    if (this.#instances.has(token)) return this.#instances.get(token) as T;
    if (path.includes(token)) {
      throw new DefinitionError([
        {
          where: [...path, token].map((t) => this.#describe(t)).join(' → '),
          problem: 'providers depend on each other in a cycle',
          fix: 'break the cycle: move the shared part into a provider of its own',
        },
      ]);
    }
    const recipe = this.#recipes.get(token) ?? this.#implicitRecipe(token, path);
    const inner = [...path, token];
    let instance: unknown;
    if ('value' in recipe) instance = recipe.value;
    else if ('cls' in recipe) instance = new recipe.cls(...this.#constructorArgs(recipe.cls, inner));
    else instance = recipe.factory(...recipe.inject.map((dep) => this.get(dep, inner)));
    this.#instances.set(token, instance);
    return instance as T;
  }

  /** A token's name, with the class that provides it when that is another one. */
  #describe(token: ProviderToken): string {
    const recipe = this.#recipes.get(token);
    return recipe && 'cls' in recipe && recipe.cls !== token ? `${nameOf(token)} (useClass: ${recipe.cls.name})` : nameOf(token);
  }

  #implicitRecipe(token: ProviderToken, path: readonly ProviderToken[]): Recipe {
    if (typeof token === 'function' && (isInjectable(token) || readController(token))) return { cls: token as Constructor };
    const neededBy = path.length ? nameOf(path[path.length - 1]) : 'the app';
    throw new DefinitionError([
      {
        where: neededBy,
        problem: `it needs ${nameOf(token)}, which is not a provider`,
        fix: `mark the class with @Injectable(), or list it: providers: [{ provide: ${nameOf(token)}, useValue: … }]`,
      },
    ]);
  }

  #constructorArgs(cls: Constructor, path: readonly ProviderToken[]): unknown[] {
    const tokens = readInjectTokens(cls);
    const types = readParamTypes(cls) ?? [];
    const count = Math.max(tokens.length, types.length, cls.length);
    const args: unknown[] = [];
    for (let i = 0; i < count; i++) {
      const token = tokens[i] ?? types[i];
      if (token === undefined || token === Object) {
        throw new DefinitionError([
          {
            where: cls.name,
            parameter: `${i} of the constructor`,
            problem: 'its type is unknown, so no provider can be chosen for it',
            fix: 'type it with a provider class, or name its provider: @Inject(TOKEN)',
          },
        ]);
      }
      args.push(this.get(token, path));
    }
    return args;
  }
}
