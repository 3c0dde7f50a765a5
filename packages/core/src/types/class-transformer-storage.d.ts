/** class-transformer's metadata storage, which its package exports without types. */
declare module 'class-transformer/cjs/storage' {
  export const defaultMetadataStorage: unknown;
}
