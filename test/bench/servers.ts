/**
 * The servers under test, by name. Each module serves ENDPOINTS on 127.0.0.1 and an ephemeral port
 * with its framework's defaults, and is imported only by the process that runs it. Add a variant
 * (another dispatcher, a tool switched on) as one more module and one more entry here.
 */
export interface RunningServer {
  readonly port: number;
  close(): Promise<void>;
}

type Start = () => Promise<RunningServer>;

export const FRAMEWORKS = {
  orchard: async () => (await import("./servers/orchard.js")).start(),
  node: async () => (await import("./servers/node.js")).start(),
  fastify: async () => (await import("./servers/fastify.js")).start(),
  express: async () => (await import("./servers/express.js")).start(),
} satisfies Record<string, Start>;

export type FrameworkName = keyof typeof FRAMEWORKS;

export function isFrameworkName(name: string): name is FrameworkName {
  return Object.hasOwn(FRAMEWORKS, name);
}
