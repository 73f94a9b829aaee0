import type { PipelineSpec } from '../spec/generated/pipeline-spec.js';
import type { ServiceKind, ServiceLookup } from './service-kind.js';

/**
 * The services one pipeline has: those its spec configures and those its dataset kind uses. Each is
 * built on first use and shared by every stage and dataset of the pipeline.
 */
export class PipelineServices implements ServiceLookup {
  private readonly built = new Map<symbol, unknown>();
  private readonly available: ReadonlyMap<string, ServiceKind>;

  constructor(
    kinds: ReadonlyMap<string, ServiceKind>,
    private readonly spec: PipelineSpec,
    used: readonly string[] = [],
  ) {
    this.available = new Map([...kinds].filter(([name, k]) => k.configured(spec) || used.includes(name)));
  }

  /** Names of the available services (what compile tells stage descriptors). */
  names(): ReadonlySet<string> {
    return new Set(this.available.keys());
  }

  /** The available service kinds. */
  kinds(): readonly ServiceKind[] {
    return [...this.available.values()];
  }

  get<T>(token: symbol): T | undefined {
    const kind = [...this.available.values()].find((k) => k.token === token);
    if (!kind) return undefined;
    if (!this.built.has(token)) this.built.set(token, kind.create(this.spec));
    return this.built.get(token) as T;
  }

  /** Content keys of the named services that are available (for cache keys), by name. */
  keys(names: readonly string[]): Record<string, string> {
    const out: Record<string, string> = {};
    for (const n of names) {
      const k = this.available.get(n);
      if (k) out[n] = k.key(this.spec);
    }
    return out;
  }
}
