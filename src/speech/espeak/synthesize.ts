/**
 * Text to audio with espeak-ng, offline and deterministic: `synthesize(text, voice)` returns the
 * 22050 Hz mono samples of what espeak-ng's command line writes with `-w`, silence-trimmed
 * (trim-silence.ts). One engine per process (or per worker) serves every call; see espeak-engine.ts.
 */
import { SpecError, StageError, type Problem } from '../../errors/pipeline-error.js';
import { decodeWav } from '../../audio/wav.js';
import { EspeakEngine } from './espeak-engine.js';
import { trimSilence, type TrimOptions } from './trim-silence.js';

/** espeak-ng voice settings (the command-line flags in brackets). */
export interface Voice {
  /** Voice variant, the `+name` of `-v en-us+name`: m1..m8, f1..f5, or a named one (see voiceVariants()). */
  readonly variant: string;
  /** Words per minute, 80..450 (`-s`; espeak's default 175). */
  readonly speed: number;
  /** Base pitch, 0..99 (`-p`; default 50). */
  readonly pitch: number;
  /** Pitch range, 0..99 (`-P`; default 50); 0 is a monotone. */
  readonly pitchRange: number;
  /** Extra pause between words in units of 10 ms (`-g`; default 0). */
  readonly wordGap?: number;
  /** Amplitude 0..200 (`-a`; default 100). */
  readonly amplitude?: number;
  /** espeak-ng language voice (default `en-us`). */
  readonly language?: string;
}

/** Mono audio. */
export interface SynthesizedSpeech {
  readonly samples: Float32Array;
  readonly sampleRate: number;
}

/** Per-call choices of synthesize. */
export interface SynthesizeOptions {
  /** Seeds espeak-ng's internal noise (breathy variants); same seed and voice -> same samples. Default 0. */
  readonly seed?: number;
  /** Silence trimming thresholds, or false to keep espeak's leading/trailing silence. */
  readonly trim?: TrimOptions | false;
  /** Engine to run on (workers pass their own); default: one shared per process. */
  readonly engine?: EspeakEngine;
}

const OUTPUT = '/tmp/concertina-out.wav';
const RANGES = {
  speed: [80, 450],
  pitch: [0, 99],
  pitchRange: [0, 99],
  wordGap: [0, 1000],
  amplitude: [0, 200],
} as const;

let shared: Promise<EspeakEngine> | undefined;

/** The process-wide engine (started on first use, ~0.2-0.6 s). */
export function sharedEngine(): Promise<EspeakEngine> {
  shared ??= EspeakEngine.create().catch((e: unknown) => {
    shared = undefined; // let a later call try again
    throw e;
  });
  return shared;
}

/** Voice variants espeak-ng knows (m1..m8, f1..f5 and ~90 named ones). */
export async function voiceVariants(): Promise<string[]> {
  return (await sharedEngine()).variants();
}

/** Problems with voice settings (unknown variant, out-of-range numbers), all at once. */
function checkVoice(voice: Voice, variants: readonly string[]): Problem[] {
  const problems: Problem[] = [];
  if (!variants.includes(voice.variant)) {
    const similar = variants
      .filter((v) => v.toLowerCase().startsWith(voice.variant.slice(0, 1).toLowerCase()))
      .slice(0, 8);
    problems.push({
      code: 'unknown-voice',
      message: `espeak-ng has no voice variant "${voice.variant}"`,
      hint: `use m1..m8, f1..f5 or a named variant${similar.length ? `, e.g. ${similar.join(', ')}` : ''}`,
    });
  }
  for (const [key, [lo, hi]] of Object.entries(RANGES)) {
    const v = voice[key as keyof typeof RANGES];
    if (v !== undefined && !(Number.isFinite(v) && v >= lo && v <= hi)) {
      problems.push({ code: 'voice-out-of-range', message: `voice ${key} is ${v}, outside ${lo}..${hi}` });
    }
  }
  return problems;
}

/** espeak-ng command-line arguments that speak `text` with `voice` into `output`. */
export function voiceArgs(text: string, voice: Voice, output: string): string[] {
  const args = ['-v', `${voice.language ?? 'en-us'}+${voice.variant}`];
  args.push(
    '-s',
    String(Math.round(voice.speed)),
    '-p',
    String(Math.round(voice.pitch)),
    '-P',
    String(Math.round(voice.pitchRange)),
  );
  if (voice.wordGap !== undefined) args.push('-g', String(Math.round(voice.wordGap)));
  if (voice.amplitude !== undefined) args.push('-a', String(Math.round(voice.amplitude)));
  // -z: no sentence-final pause (trimmed anyway); "--" so text starting with "-" is not an option.
  return [...args, '-z', '-w', output, '--', text];
}

/** Synthesises `text` (22050 Hz, silence-trimmed); throws SpecError on bad voice settings. */
export async function synthesize(
  text: string,
  voice: Voice,
  options: SynthesizeOptions = {},
): Promise<SynthesizedSpeech> {
  const engine = options.engine ?? (await sharedEngine());
  return synthesizeWith(engine, text, voice, options);
}

/** Synchronous synthesize on a given engine (what worker threads call). */
export function synthesizeWith(
  engine: EspeakEngine,
  text: string,
  voice: Voice,
  options: SynthesizeOptions = {},
): SynthesizedSpeech {
  const problems = checkVoice(voice, engine.variants());
  if (problems.length > 0) throw new SpecError(problems);
  let run;
  try {
    run = engine.run(voiceArgs(text, voice, OUTPUT), options.seed ?? 0);
  } catch (cause) {
    throw new StageError(`espeak-ng crashed on ${JSON.stringify(text)}: ${(cause as Error).message}`, { cause });
  }
  if (run.status !== 0 || !engine.exists(OUTPUT)) {
    throw new StageError(
      `espeak-ng failed (status ${run.status}) on ${JSON.stringify(text)}: ${run.stderr.join(' ') || 'no message'}`,
    );
  }
  const bytes = engine.takeFile(OUTPUT);
  if (bytes.length <= 44)
    throw new StageError(`espeak-ng produced no audio for ${JSON.stringify(text)}`, { hint: 'is the text empty?' });
  const { samples, sampleRate } = decodeWav(bytes, `espeak-ng output for ${JSON.stringify(text)}`);
  const out = options.trim === false ? samples : trimSilence(samples, sampleRate, options.trim ?? {});
  return { samples: out, sampleRate };
}
