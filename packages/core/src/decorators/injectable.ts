import { INJECT_TOKENS, INJECTABLE } from '../metadata/keys';
import { readOwnRecord, writeRecord } from '../metadata/design-types';

/**
 * Marks a class as a provider: created once per app, its constructor parameters resolved by
 * type from other providers.
 *
 * @example
 * @Injectable() class ItemsRepository { constructor(private readonly db: Database) {} }
 */
export function Injectable(): ClassDecorator {
  return (target) => writeRecord(target, INJECTABLE, true);
}

export function isInjectable(target: Function): boolean {
  return readOwnRecord<boolean>(target, INJECTABLE) === true;
}

/** A provider token: a class, or any value used with `providers: [{ provide: token, ... }]`. */
export type ProviderToken = unknown;

/**
 * Names the provider of one constructor parameter, for tokens that are not classes or code
 * compiled without decorator metadata.
 *
 * @example
 * constructor(@Inject(SETTINGS) private readonly settings: Settings) {}
 */
export function Inject(token: ProviderToken): ParameterDecorator {
  return (target, member, index) => {
    if (member !== undefined) return;
    const tokens = [...(readOwnRecord<ProviderToken[]>(target, INJECT_TOKENS) ?? [])];
    tokens[index] = token;
    writeRecord(target, INJECT_TOKENS, tokens);
  };
}

export function readInjectTokens(target: Function): readonly ProviderToken[] {
  return readOwnRecord<ProviderToken[]>(target, INJECT_TOKENS) ?? [];
}
