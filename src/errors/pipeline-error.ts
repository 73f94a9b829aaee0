/**
 * Every error concertina raises for a user to act on derives from PipelineError: it says what is wrong,
 * where (a file, a JSON pointer, a stage id) and how to fix it.
 */
import { clip, clipRuns } from './clip.js';

/** Where a problem lies: any of a file, a JSON pointer into it, a stage id. */
export interface Location {
  readonly file?: string;
  readonly pointer?: string;
  readonly stageId?: string;
}

/** One problem found in a spec or in data: a value, collected with others rather than thrown alone. */
export interface Problem extends Location {
  /** Stable machine-readable code, e.g. `unknown-stage-kind`. */
  readonly code: string;
  /** What is wrong, in a sentence. */
  readonly message: string;
  /** How to fix it, when we can tell (e.g. "did you mean `features`?"). */
  readonly hint?: string;
}

/** Base class of user-facing errors. */
export class PipelineError extends Error {
  readonly location: Location;
  readonly hint: string | undefined;
  constructor(message: string, options: { location?: Location; hint?: string; cause?: unknown } = {}) {
    super(clipRuns(message), options.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.location = clipLocation(options.location ?? {});
    this.hint = options.hint === undefined ? undefined : clipRuns(options.hint);
  }

  /** The message with its location and hint, as printed by the CLI. */
  describe(): string {
    return formatProblem({ code: this.name, message: this.message, hint: this.hint, ...this.location });
  }
}

/** Several problems reported together (a spec with many mistakes is reported in one go). */
export class SpecError extends PipelineError {
  readonly problems: readonly Problem[];
  constructor(problems: readonly Problem[], file?: string) {
    const n = problems.length;
    super(`${n} problem${n === 1 ? '' : 's'} in ${file ?? 'the pipeline spec'}`, { location: { file } });
    this.problems = problems.map((p) => ({
      ...clipLocation(p),
      code: p.code,
      message: clipRuns(p.message),
      ...(p.hint === undefined ? {} : { hint: clipRuns(p.hint) }),
    }));
  }

  override describe(): string {
    return [this.message + ':', ...this.problems.map((p) => '  - ' + formatProblem(p).replace(/\n/g, '\n    '))].join(
      '\n',
    );
  }
}

/** A file that cannot be read as the format it should be (a truncated WAV, a broken CSV...). */
export class DataError extends PipelineError {}

/** A failure while a stage trains or transforms; names the stage. */
export class StageError extends PipelineError {}

/** Bad command-line usage. */
export class UsageError extends PipelineError {}

/** Formats one problem as `file#/pointer [stage]: message (hint)`. */
export function formatProblem(p: Problem): string {
  const where = [p.file ?? '', p.pointer !== undefined ? `#${p.pointer}` : ''].join('');
  const stage = p.stageId !== undefined ? ` [stage ${p.stageId}]` : '';
  const head = where || stage ? `${where}${stage}: ` : '';
  return `${head}${p.message}${p.hint ? `\n  hint: ${p.hint}` : ''}`;
}

/** A location whose parts are bounded in length (a pointer through a 50 MB key is shown as its prefix). */
function clipLocation<T extends Location>(l: T): T {
  const out: { -readonly [K in keyof T]: T[K] } = { ...l };
  if (l.file !== undefined) out.file = clip(l.file, 1000);
  if (l.pointer !== undefined) out.pointer = clip(l.pointer, 1000);
  if (l.stageId !== undefined) out.stageId = clip(l.stageId);
  return out;
}
