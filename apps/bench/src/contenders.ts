/** The frameworks compared; each column of the report is one of them. */
export const FAMILIES = ['tsapi', 'fastify', 'nestjs', 'fastapi'] as const;
export type Family = (typeof FAMILIES)[number];

export const FAMILY_LABELS: Readonly<Record<Family, string>> = {
  tsapi: 'tsapi',
  fastify: 'Fastify',
  nestjs: 'NestJS',
  fastapi: 'FastAPI',
};

/** The Node servers of src/servers/serve.ts, each forked as `serve.js <name>`. */
export const NODE_SERVERS = [
  'tsapi',
  'tsapi-middleware',
  'tsapi-cors',
  'tsapi-stack',
  'fastify',
  'fastify-cors',
  'fastify-stack',
  'nestjs',
  'nestjs-stack',
] as const;

/**
 * How a server process is started: a Node server forked from serve.js (it reports its port over
 * IPC), or any command line. A command's arguments and environment may hold `{port}`, replaced by
 * a free port of 127.0.0.1; the server is ready once `readyPath` answers 200. This is how a
 * scenario group runs servers that are not in serve.js, e.g. a multi-process launcher.
 */
export type Launch =
  | { readonly kind: 'fork'; readonly server: (typeof NODE_SERVERS)[number] }
  | {
      readonly kind: 'command';
      readonly command: string;
      readonly args: readonly string[];
      readonly cwd?: string;
      readonly env?: Readonly<Record<string, string>>;
      readonly readyPath: string;
      /** false for a launcher of several processes, which must not be confined to the servers' core. */
      readonly ownCores?: boolean;
    };

export interface ServerSpec {
  /** Unique name, used by scenarios and in the console output. */
  readonly name: string;
  readonly launch: Launch;
}

export function forkedServer(name: (typeof NODE_SERVERS)[number]): ServerSpec {
  return { name, launch: { kind: 'fork', server: name } };
}
