/** What a stage reports while it works; the runner turns these into typed events. */
export interface StageReporter {
  epoch(e: { epoch: number; epochs: number; loss: number; metrics: Record<string, number>; best: boolean }): void;
  batch(b: { epoch: number; batch: number; batches: number; loss?: number }): void;
  log(level: 'info' | 'warn', message: string): void;
}
