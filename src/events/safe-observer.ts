import type { Observable, Subscription } from 'rxjs';

/** A partial observer whose failures are reported, never propagated into the run. */
export interface EventObserver<T> {
  next?(value: T): void;
  error?(err: unknown): void;
  complete?(): void;
}

/**
 * Subscribes an observer so that an exception it throws is passed to `onObserverError` and the
 * stream (and the run producing it) goes on. RxJS would otherwise rethrow it asynchronously.
 */
export function subscribeSafely<T>(
  source: Observable<T>,
  observer: EventObserver<T>,
  onObserverError: (err: unknown) => void = defaultReport,
): Subscription {
  const guard =
    <A extends unknown[]>(f: ((...a: A) => void) | undefined) =>
    (...a: A) => {
      if (!f) return;
      try {
        f.apply(observer, a);
      } catch (err) {
        onObserverError(err);
      }
    };
  return source.subscribe({
    next: guard(observer.next),
    error: guard(observer.error),
    complete: guard(observer.complete),
  });
}

function defaultReport(err: unknown): void {
  process.stderr.write(
    `concertina: an event observer failed (the run goes on): ${err instanceof Error ? err.message : String(err)}\n`,
  );
}
